import { setupMockApiServer } from '@org/mock-api/node';
import { QueryClient } from '@tanstack/react-query';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAppClient } from '../src/api/create-app-client.js';
import { Root } from '../src/Root.js';

const BASE = 'https://api.example.com';
const { server, controller } = setupMockApiServer({ baseUrl: BASE });
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => controller.reset());
afterAll(() => server.close());

const REDIRECT_URI = 'http://localhost:5173/callback';
let client: ReturnType<typeof createAppClient>;

function renderApp() {
  client = createAppClient(BASE, { redirectUri: REDIRECT_URI });
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <Root
      client={client}
      queryClient={queryClient}
      demo={{ mock: controller, pollMs: 60_000, apiUrl: BASE }}
    />,
  );
  return { client, queryClient };
}

/**
 * Signs the app's client in with tokens from the provider. The sign-in itself (the button, the
 * provider's page in a popup or the whole tab, the code exchange) runs in Chromium: see e2e/.
 */
async function signIn(username: string, password = username) {
  const response = await fetch(`${BASE}/oauth/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'password',
      client_id: 'weather-web',
      username,
      password,
    }),
  });
  const tokens = (await response.json()) as {
    access_token: string;
    refresh_token: string;
    expires_in: number;
    scope: string;
  };
  await act(() =>
    client.session.setTokens({
      accessToken: tokens.access_token,
      refreshToken: tokens.refresh_token,
      expiresIn: tokens.expires_in,
      scope: tokens.scope,
    }),
  );
}

/** Picks a city in the picker, once the list has loaded, and adds it. */
async function addCity(id: string, option: string) {
  await waitFor(() => expect(screen.getByRole('option', { name: option })).toBeTruthy());
  fireEvent.change(screen.getByLabelText('Add a city'), { target: { value: id } });
  await act(() => fireEvent.click(screen.getByRole('button', { name: 'Add' })));
}

const card = (name: string) => screen.findByRole('article', { name });

describe('the weather app', () => {
  it('shows the demo accounts, and why a sign-in could not start', async () => {
    renderApp();
    expect(screen.getAllByText('demo')[0]?.closest('li')?.textContent).toContain(
      'reads and edits favorites',
    );
    expect(screen.queryByLabelText('Password')).toBeNull();
    // A browser that blocks the popup: window.open gives nothing.
    const open = vi.spyOn(window, 'open').mockReturnValue(null);
    try {
      await act(async () => {
        fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
      });
      expect((await screen.findByRole('alert')).textContent).toBe(
        'The browser blocked the sign-in window: allow pop-ups for this page and try again.',
      );
      expect(open).toHaveBeenCalledTimes(1);
    } finally {
      open.mockRestore();
    }
    expect(screen.getByRole('heading', { name: 'Sign in' })).toBeTruthy();
  });

  it('signs in to a dashboard of the favorites with live values', async () => {
    renderApp();
    await signIn('demo');
    for (const [id, name] of [
      ['oslo', 'Oslo'],
      ['london', 'London'],
      ['tokyo', 'Tokyo'],
    ] as const) {
      const article = await card(name);
      expect(within(article).getByTestId(`temperature-${id}`).textContent).toMatch(/ -?\d+\.\d°C$/);
      expect(within(article).getByText(/^Wind$/)).toBeTruthy();
      expect(within(article).getByText(/^fetched /)).toBeTruthy();
    }
    expect((await screen.findByTestId('user')).textContent).toBe('Demo User (demo)');
  });

  it('adds and removes favorites', async () => {
    renderApp();
    await signIn('demo');
    await card('Oslo');
    await addCity('berlin', 'Berlin (DE)');
    expect(await card('Berlin')).toBeTruthy();
    await act(() =>
      fireEvent.click(screen.getByRole('button', { name: 'Remove Oslo from favorites' })),
    );
    await waitFor(() => expect(screen.queryByRole('article', { name: 'Oslo' })).toBeNull());
  });

  it('shows a read-only user the write controls disabled, with the reason, and no error', async () => {
    renderApp();
    await signIn('viewer');
    const paris = await card('Paris');
    const reason = 'Read-only account: changing favorites needs the weather:write permission.';
    const picker = screen.getByLabelText('Add a city');
    expect((picker as HTMLSelectElement).disabled).toBe(true);
    expect(picker.getAttribute('aria-describedby')).toBe('read-only-reason');
    expect(document.getElementById('read-only-reason')?.textContent).toBe(reason);
    expect((screen.getByRole('button', { name: 'Add' }) as HTMLButtonElement).disabled).toBe(true);
    const remove = within(paris).getByRole('button', { name: 'Remove Paris from favorites' });
    expect((remove as HTMLButtonElement).disabled).toBe(true);
    expect(remove.getAttribute('title')).toBe(reason);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('lets the user dismiss a failed change, and moves the focus where the user is', async () => {
    renderApp();
    await signIn('demo');
    await card('Oslo');
    expect(document.activeElement?.textContent).toBe('Your cities');
    controller.injectFault('PUT /v1/favorites/:city', { kind: 'status', status: 500 });
    await addCity('berlin', 'Berlin (DE)');
    const message = await screen.findByRole('alert');
    await act(() =>
      fireEvent.click(within(message).getByRole('button', { name: 'Dismiss this message' })),
    );
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
  });

  it('shows an empty state when there are no favorites', async () => {
    controller.addUser({
      username: 'new',
      password: 'new',
      name: 'New User',
      scope: ['weather:read', 'weather:write'],
    });
    renderApp();
    await signIn('new');
    expect(await screen.findByText(/No favorite cities yet/)).toBeTruthy();
  });

  it('signs out, and the next user sees none of the previous one’s data', async () => {
    const { queryClient } = renderApp();
    await signIn('demo');
    await card('Oslo');
    await act(() => fireEvent.click(screen.getByRole('button', { name: 'Sign out' })));
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeTruthy();
    expect(
      queryClient
        .getQueryCache()
        .getAll()
        .filter((q) => q.state.data !== undefined),
    ).toEqual([]);
    await signIn('viewer');
    expect(await card('New York')).toBeTruthy();
    expect(screen.queryByRole('article', { name: 'Oslo' })).toBeNull();
    expect(controller.requests.filter((r) => r.route === 'POST /oauth/revoke')).toHaveLength(2);
  });

  it('recovers from a failed card with "Try again"', async () => {
    renderApp();
    controller.injectFault(
      'GET /v1/weather/current/:city',
      { kind: 'status', status: 500 },
      { times: 3 },
    );
    await signIn('demo');
    await waitFor(() =>
      expect(screen.getAllByRole('button', { name: 'Try again' })).toHaveLength(3),
    );
    for (const button of screen.getAllByRole('button', { name: 'Try again' })) {
      await act(() => fireEvent.click(button));
    }
    expect(await card('Oslo')).toBeTruthy();
    await waitFor(() =>
      expect(screen.queryAllByRole('button', { name: 'Try again' })).toHaveLength(0),
    );
  });

  it('shows the forecast chart for a selected city', async () => {
    renderApp();
    await signIn('demo');
    const oslo = await card('Oslo');
    await act(() => fireEvent.click(within(oslo).getByRole('button', { name: 'Oslo' })));
    expect(await screen.findByRole('heading', { name: 'Oslo: next 24 hours' })).toBeTruthy();
    expect(screen.getByRole('img', { name: /^Temperature from / })).toBeTruthy();
    await act(() => fireEvent.click(screen.getByRole('button', { name: '48 h' })));
    expect(await screen.findByRole('heading', { name: 'Oslo: next 48 hours' })).toBeTruthy();
  });
});
