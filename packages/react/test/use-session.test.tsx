import { QueryClientProvider } from '@tanstack/react-query';
import { act, render, renderHook, screen } from '@testing-library/react';
import { type ReactNode, StrictMode, useEffect, useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { AuthedQueryProvider, useClient, useSession } from '../src/index.js';
import { makeClient, makeQueryClient, renderWithClient, withMockApi } from './helpers.js';

withMockApi();

let statusRenders = 0;
function Status() {
  const { status, claims } = useSession();
  statusRenders++;
  return <p>{`${status}${claims?.sub ? ` as ${String(claims.sub)}` : ''}`}</p>;
}

let expiryRenders = 0;
function Expiry() {
  const expiresAt = useSession((state) => state.expiresAt);
  expiryRenders++;
  return <p>{`expires ${expiresAt ?? 'never'}`}</p>;
}

function Countdown() {
  const { expiresAt } = useSession();
  return <p>{`expires ${expiresAt ?? 'never'}`}</p>;
}

function Orphan() {
  useClient();
  return null;
}

describe('useSession', () => {
  it('re-renders on status changes, not on silent refreshes', async () => {
    statusRenders = 0;
    const { client } = renderWithClient(<Status />);
    expect(screen.getByText('anonymous')).toBeTruthy();
    await act(() => client.session.login({ username: 'demo', password: 'demo' }));
    expect(screen.getByText('authenticated as demo')).toBeTruthy();
    const afterLogin = statusRenders;
    for (let i = 0; i < 5; i++) await act(() => client.session.refresh());
    expect(statusRenders).toBe(afterLogin);
    await act(() => client.session.logout());
    expect(screen.getByText('anonymous')).toBeTruthy();
    expect(statusRenders).toBe(afterLogin + 1);
  });

  it('re-renders a selector whenever what it selects changes, refreshes included', async () => {
    vi.useFakeTimers({ now: new Date('2026-06-01T12:00:00Z'), toFake: ['Date'] });
    expiryRenders = 0;
    const client = makeClient();
    await client.session.login({ username: 'demo', password: 'demo' });
    renderWithClient(<Expiry />, client);
    const first = expiryRenders;
    for (let i = 1; i <= 3; i++) {
      vi.advanceTimersByTime(60_000);
      await act(() => client.session.refresh());
    }
    expect(expiryRenders).toBe(first + 3);
    expect(screen.getByText(`expires ${Date.parse('2026-06-01T13:03:00Z')}`)).toBeTruthy();
  });

  it('keeps expiresAt from useSession() live through silent refreshes, when the component reads it', async () => {
    vi.useFakeTimers({ now: new Date('2026-06-01T12:00:00Z'), toFake: ['Date'] });
    const client = makeClient();
    await client.session.login({ username: 'demo', password: 'demo' });
    renderWithClient(<Countdown />, client);
    expect(screen.getByText(`expires ${Date.parse('2026-06-01T13:00:00Z')}`)).toBeTruthy();
    vi.advanceTimersByTime(60_000);
    await act(() => client.session.refresh());
    expect(screen.getByText(`expires ${Date.parse('2026-06-01T13:01:00Z')}`)).toBeTruthy();
  });

  it('signs in and out through the functions it returns', async () => {
    const client = makeClient();
    const queryClient = makeQueryClient();
    const wrapper = ({ children }: { children: ReactNode }) => (
      <QueryClientProvider client={queryClient}>
        <AuthedQueryProvider client={client}>{children}</AuthedQueryProvider>
      </QueryClientProvider>
    );
    const { result } = renderHook(() => useSession(), { wrapper });
    await act(() => result.current.login({ username: 'viewer', password: 'viewer' }));
    expect(result.current.status).toBe('authenticated');
    expect(result.current.scope).toEqual(['weather:read']);
    await act(() => result.current.logout());
    expect(result.current.status).toBe('anonymous');
  });
});

describe('useClient', () => {
  it('throws a helpful message outside the provider', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(() => render(<Orphan />)).toThrow(
      /need an <AuthedQueryProvider client=\{client\}> above them/,
    );
  });
});

/** A callback route's component: completes the sign-in in an effect (twice under StrictMode). */
function Callback({ url }: { url: string }) {
  const { handleRedirectCallback, user, status } = useSession();
  const [returnTo, setReturnTo] = useState<string>();
  useEffect(() => {
    void handleRedirectCallback(url).then((result) => setReturnTo(result.returnTo));
  }, [handleRedirectCallback, url]);
  return <p>{`${status} ${String(user?.name ?? '')} ${returnTo ?? ''}`}</p>;
}

describe('useSession with the code flow', () => {
  // The flow itself (PKCE, one exchange per code however often the callback runs) is the client's
  // and tested there against the mock provider; jsdom's typed arrays are of another realm than its
  // Web Crypto's, which oauth4webapi's PKCE refuses, so here the session's answers are stubbed.
  it('passes the sign-in calls through, StrictMode’s double effect included, and shows the user', async () => {
    const client = makeClient();
    const { session } = client;
    let state = session.getState();
    const listeners = new Set<(event: never) => void>();
    vi.spyOn(session, 'getState').mockImplementation(() => state);
    vi.spyOn(session, 'subscribe').mockImplementation((listener) => {
      listeners.add(listener as never);
      return () => listeners.delete(listener as never);
    });
    const redirect = vi.spyOn(session, 'signInWithRedirect').mockResolvedValue();
    const callback = vi.spyOn(session, 'handleRedirectCallback').mockImplementation(async () => {
      state = { status: 'authenticated', user: { sub: 'demo', name: 'Demo User' } };
      for (const listener of listeners) listener({ type: 'login', state } as never);
      return { returnTo: '/dashboard' };
    });
    renderWithClient(
      <StrictMode>
        <Callback url="http://localhost:5173/callback?code=c&state=s" />
      </StrictMode>,
      client,
    );
    expect(await screen.findByText('authenticated Demo User /dashboard')).toBeDefined();
    expect(callback).toHaveBeenCalledWith('http://localhost:5173/callback?code=c&state=s');
    const { result } = renderHook(() => useSession(), {
      wrapper: ({ children }) => (
        <QueryClientProvider client={makeQueryClient()}>
          <AuthedQueryProvider client={client}>{children}</AuthedQueryProvider>
        </QueryClientProvider>
      ),
    });
    expect(result.current.user).toEqual({ sub: 'demo', name: 'Demo User' });
    await result.current.signInWithRedirect({ returnTo: '/x' });
    expect(redirect).toHaveBeenCalledWith({ returnTo: '/x' });
  });
});
