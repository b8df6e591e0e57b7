import { isAuthError } from '@org/client';
import type { QueryClient } from '@tanstack/react-query';
import { act, screen, waitFor } from '@testing-library/react';
import { HttpResponse, http } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { useAuthedQuery } from '../src/index.js';
import {
  addFavorite,
  BASE,
  currentWeather,
  makeClient,
  makeQueryClient,
  renderWithClient,
  withMockApi,
} from './helpers.js';

const { controller, server } = withMockApi();

/**
 * Lets in-flight requests finish on the real event loop (the mock's Web Crypto work is real I/O)
 * before fake time moves on, so fake time never runs ahead of a request.
 */
async function untilIdle(queryClient: QueryClient) {
  for (let turn = 0; turn < 2_000 && queryClient.isFetching() > 0; turn++) {
    await new Promise((resolve) => setImmediate(resolve));
  }
}

function Weather({ city }: { city: string }) {
  const { data, error, fetchStatus } = useAuthedQuery(currentWeather, { params: { city } });
  if (error) return <p role="alert">{`${error.name}: ${error.message}`}</p>;
  if (!data) return <p>{fetchStatus === 'idle' ? 'waiting for sign-in' : 'loading'}</p>;
  return <p>{`${data.city} ${data.temperature} at ${data.observedAt}`}</p>;
}

function LiveWeather({ onRender }: { onRender: (data: unknown) => void }) {
  // Reads only data and error, as a dashboard card would: fetch status changes are not its business.
  const { data, error } = useAuthedQuery(
    currentWeather,
    { params: { city: 'oslo' } },
    { refetchInterval: 1_000 },
  );
  onRender(data);
  return (
    <p role={error ? 'alert' : undefined}>
      {data ? `${data.temperature} at ${data.observedAt}` : '…'}
    </p>
  );
}
function Save() {
  const { error } = useAuthedQuery(addFavorite, { params: { city: 'oslo' } });
  return (
    <p role="alert">
      {error ? `${error.name} ${isAuthError(error) ? error.requiredScope : ''}` : 'saving'}
    </p>
  );
}
describe('useAuthedQuery', () => {
  it('renders typed data from the endpoint', async () => {
    const client = makeClient();
    await client.session.login({ username: 'demo', password: 'demo' });
    renderWithClient(<Weather city="oslo" />, client);
    expect(await screen.findByText(/^oslo -?\d/)).toBeTruthy();
  });

  it('waits, neither fetching nor failing, while anonymous, then loads by itself after login', async () => {
    const { client, queryClient } = renderWithClient(<Weather city="oslo" />);
    expect(screen.getByText('waiting for sign-in')).toBeTruthy();
    expect(controller.requests).toHaveLength(0);
    expect(
      queryClient
        .getQueryCache()
        .getAll()
        .every((q) => q.state.status === 'pending'),
    ).toBe(true);
    await act(() => client.session.login({ username: 'demo', password: 'demo' }));
    expect(await screen.findByText(/^oslo -?\d/)).toBeTruthy();
  });

  it('polls with refetchInterval through several token refreshes, with no error and no extra renders', async () => {
    vi.useFakeTimers({
      now: new Date('2026-06-01T12:00:00Z'),
      toFake: ['Date', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'],
    });
    controller.setTokenLifetimes({ accessToken: 4 }); // refreshed every few seconds (leeway capped at half)
    const client = makeClient();
    await client.session.login({ username: 'demo', password: 'demo' });
    const events: string[] = [];
    client.session.subscribe((event) => events.push(event.type));
    const rendered: unknown[] = [];
    const { queryClient } = renderWithClient(
      <LiveWeather onRender={(data) => rendered.push(data)} />,
      client,
    );

    for (let step = 0; step < 300; step++) {
      await act(() => vi.advanceTimersByTimeAsync(100));
      await act(() => untilIdle(queryClient));
    }

    expect(events.filter((type) => type === 'refresh').length).toBeGreaterThanOrEqual(5);
    expect(events).not.toContain('refresh-error');
    expect(screen.queryByRole('alert')).toBeNull();
    const polls = controller.requests.filter((r) => r.route === 'GET /v1/weather/current/:city');
    expect(polls.length).toBeGreaterThanOrEqual(25);
    expect(polls.every((r) => r.status === 200 && r.tokenStatus === 'valid')).toBe(true);
    // One render while loading, then one per new observation (every 10 s): refreshes add none.
    const distinct = new Set(rendered.filter(Boolean).map((d) => JSON.stringify(d)));
    expect(distinct.size).toBeGreaterThanOrEqual(3);
    expect(rendered.filter((d) => d === undefined)).toHaveLength(1);
    expect(rendered.length).toBe(1 + distinct.size);
  });

  it('shows a 403 scope error at once and does not retry it, even when the app retries errors', async () => {
    const client = makeClient();
    await client.session.login({ username: 'viewer', password: 'viewer' });
    renderWithClient(<Save />, client, makeQueryClient(3));
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toBe('AuthError weather:write'),
    );
    expect(controller.requests.filter((r) => r.route === 'PUT /v1/favorites/:city')).toHaveLength(
      1,
    );
  });

  it('retries a 5xx as the app says, and the request itself is not retried by the client too', async () => {
    const client = makeClient();
    await client.session.login({ username: 'demo', password: 'demo' });
    controller.injectFault(
      'GET /v1/weather/current/:city',
      { kind: 'status', status: 500 },
      { times: 2 },
    );
    const queryClient = makeQueryClient(2);
    queryClient.setDefaultOptions({ queries: { retry: 2, retryDelay: 0 } });
    renderWithClient(<Weather city="oslo" />, client, queryClient);
    expect(await screen.findByText(/^oslo -?\d/)).toBeTruthy();
    expect(
      controller.requests
        .filter((r) => r.route === 'GET /v1/weather/current/:city')
        .map((r) => r.status),
    ).toEqual([500, 500, 200]);
  });

  it.each([
    [
      'TanStack retries once: two attempts, each one request (the client itself does not retry)',
      1,
      2,
    ],
    ["the app's default retry setting (here: none) is followed: one request", 0, 1],
  ])('for a 503 that persists, %s', async (_, retry, requests) => {
    const client = makeClient();
    await client.session.login({ username: 'demo', password: 'demo' });
    controller.injectFault(
      'GET /v1/weather/current/:city',
      { kind: 'status', status: 503 },
      { times: 20 },
    );
    const queryClient = makeQueryClient();
    queryClient.setDefaultOptions({ queries: { retry, retryDelay: 0 } });
    renderWithClient(<Weather city="oslo" />, client, queryClient);
    expect(await screen.findByRole('alert')).toBeTruthy();
    expect(
      controller.requests.filter((r) => r.route === 'GET /v1/weather/current/:city'),
    ).toHaveLength(requests);
  });

  it('surfaces an expired session as one AuthError, purges the data, and sends and retries nothing more', async () => {
    const client = makeClient();
    await client.session.login({ username: 'demo', password: 'demo' });
    const { queryClient } = renderWithClient(<Weather city="tokyo" />, client, makeQueryClient(3));
    expect(await screen.findByText(/^tokyo/)).toBeTruthy();
    controller.revokeAll('demo'); // the server ends the session: access and refresh tokens
    await act(() => queryClient.refetchQueries());
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toMatch(/^AuthError: The session expired/),
    );
    expect(client.session.getState().status).toBe('expired');
    expect(controller.requests.map((r) => `${r.route} ${r.status}`)).toEqual([
      'POST /oauth/token 200',
      'GET /v1/weather/current/:city 200',
      'GET /v1/weather/current/:city 401',
      'POST /oauth/token 400',
    ]);
    const errors = queryClient
      .getQueryCache()
      .getAll()
      .map((q) => q.state.error);
    expect(errors).toHaveLength(1);
    expect(
      queryClient
        .getQueryCache()
        .getAll()
        .every((q) => q.state.data === undefined),
    ).toBe(true);
  });

  it('aborts the request through the signal TanStack passes', async () => {
    const client = makeClient();
    await client.session.login({ username: 'demo', password: 'demo' });
    let aborted = false;
    server.use(
      http.get(`${BASE}/v1/weather/current/:city`, async ({ request }) => {
        await new Promise((resolve) => request.signal.addEventListener('abort', resolve));
        aborted = true;
        return HttpResponse.json({});
      }),
    );
    const { queryClient } = renderWithClient(<Weather city="oslo" />, client);
    await waitFor(() => expect(queryClient.isFetching()).toBe(1));
    await act(() => queryClient.cancelQueries());
    await waitFor(() => expect(aborted).toBe(true));
  });
});
