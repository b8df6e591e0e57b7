import { QueryClientProvider } from '@tanstack/react-query';
import { screen } from '@testing-library/react';
import { Component, type ReactNode, Suspense } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { AuthedQueryProvider, useAuthedQuery, useAuthedSuspenseQuery } from '../src/index.js';
import {
  currentWeather,
  makeClient,
  makeQueryClient,
  renderWithClient,
  withMockApi,
} from './helpers.js';

const { controller } = withMockApi();

function SuspenseWeather() {
  const { data } = useAuthedSuspenseQuery(currentWeather, { params: { city: 'oslo' } });
  return <p>{`${data.city} is ${data.temperature}`}</p>;
}

function Weather() {
  const { data } = useAuthedQuery(currentWeather, { params: { city: 'oslo' } });
  return <p>{data ? data.city : 'loading'}</p>;
}

class Boundary extends Component<{ children: ReactNode }, { error?: Error }> {
  override state: { error?: Error } = {};
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  override render() {
    return this.state.error ? (
      <p role="alert">{`${this.state.error.name}: ${this.state.error.message}`}</p>
    ) : (
      this.props.children
    );
  }
}

describe('useAuthedSuspenseQuery', () => {
  it('suspends until the data is there, then renders it', async () => {
    const client = makeClient();
    await client.session.login({ username: 'demo', password: 'demo' });
    renderWithClient(
      <Suspense fallback={<p>suspended</p>}>
        <SuspenseWeather />
      </Suspense>,
      client,
    );
    expect(screen.getByText('suspended')).toBeTruthy();
    expect(await screen.findByText(/^oslo is -?\d/)).toBeTruthy();
  });

  it('throws the AuthError to the error boundary while anonymous, without a request', async () => {
    const silence = console.error;
    console.error = () => {};
    try {
      renderWithClient(
        <Boundary>
          <Suspense fallback={<p>suspended</p>}>
            <SuspenseWeather />
          </Suspense>
        </Boundary>,
      );
      expect((await screen.findByRole('alert')).textContent).toMatch(/^AuthError: Not signed in/);
      expect(controller.requests).toHaveLength(0);
    } finally {
      console.error = silence;
    }
  });
});

describe('server rendering', () => {
  it('renders with renderToString without crashing and sends no request, so no token', async () => {
    const client = makeClient();
    await client.session.login({ username: 'demo', password: 'demo' });
    controller.clearRequests();
    const html = renderToString(
      <QueryClientProvider client={makeQueryClient()}>
        <AuthedQueryProvider client={client}>
          <Weather />
        </AuthedQueryProvider>
      </QueryClientProvider>,
    );
    expect(html).toBe('<p>loading</p>');
    expect(controller.requests).toEqual([]);
  });
});
