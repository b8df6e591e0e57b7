/**
 * The OAuth2 session's life from sign-in to sign-out against a scripted token server whose every
 * answer a test decides (and may hold back): superseded answers count for nothing, a session that
 * cannot renew ends once, renewal backs off only while the token is still valid, and storage that
 * is still loading does not send requests out bare.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createClient,
  type OAuth2Options,
  oauth2,
  type SessionEvent,
  type TokenStorage,
} from '../src/index.js';

const BASE = 'https://api.example.com';
const T0 = Date.parse('2026-06-01T12:00:00Z');

afterEach(() => vi.useRealTimers());

interface Deferred {
  resolve(response: Response): void;
}

/**
 * A token server that answers each token request with the next `answers` entry (a response, or
 * `'hold'` to keep it pending until the test releases it: it ignores the abort signal, as a server
 * that already sent its answer would), and an API that echoes the Authorization header.
 */
function scripted(...answers: Array<object | number | 'hold'>) {
  const tokenForms: URLSearchParams[] = [];
  const held: Deferred[] = [];
  const authorizations: Array<string | null> = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    if (request.url.endsWith('/oauth/token')) {
      tokenForms.push(new URLSearchParams(await request.text()));
      const answer = answers.shift() ?? 500;
      if (answer === 'hold') return new Promise((resolve) => held.push({ resolve }));
      if (typeof answer === 'number')
        return Response.json({ error: 'server_error' }, { status: answer });
      return Response.json(answer);
    }
    authorizations.push(request.headers.get('authorization'));
    return Response.json({ authorization: request.headers.get('authorization') });
  };
  return { fetch, tokenForms, held, authorizations };
}

const tokens = (n: number, extra: object = {}) => ({
  access_token: `access-token-${n}`,
  refresh_token: `refresh-token-${n}`,
  expires_in: 60,
  ...extra,
});

function session(fetch: typeof globalThis.fetch, auth: Partial<OAuth2Options> = {}) {
  const client = createClient({
    baseUrl: BASE,
    fetch,
    auth: oauth2({ tokenUrl: '/oauth/token', clientId: 'app', refreshRetries: 0, ...auth }),
  });
  const events: SessionEvent['type'][] = [];
  client.session.subscribe((event) => events.push(event.type));
  return { client, events };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('sign-in', () => {
  it.each([
    ['no credentials', undefined],
    ['no password', { username: 'demo' }],
    ['a numeric username', { username: 1, password: 'demo' }],
    ['a numeric password', { username: 'demo', password: 1 }],
  ])('refuses %s with a TypeError, sending nothing', async (_, credentials) => {
    const server = scripted();
    const { client } = session(server.fetch);
    const error = await client.session.login(credentials as never).catch((e) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toContain('login needs a username and a password');
    expect(server.tokenForms).toEqual([]);
  });

  it('a sign-in answered after logout() counts for nothing, even when the server sends its tokens', async () => {
    const server = scripted('hold');
    const { client, events } = session(server.fetch);
    const login = client.session.login({ username: 'demo', password: 'demo' }).catch((e) => e);
    await vi.waitFor(() => expect(server.held).toHaveLength(1));
    await client.session.logout();
    server.held[0]?.resolve(Response.json(tokens(1)));
    expect(await login).toMatchObject({ name: 'AuthError', code: 'logged_out' });
    expect(client.session.getState().status).toBe('anonymous');
    expect(events).toEqual([]);
  });

  it('setTokens() ends a refresh in flight: its answer does not replace the tokens set', async () => {
    const server = scripted(tokens(1), 'hold');
    const { client, events } = session(server.fetch);
    await client.session.login({ username: 'demo', password: 'demo' });
    const refreshing = client.session.refresh().catch((e) => e);
    await vi.waitFor(() => expect(server.held).toHaveLength(1));
    await client.session.setTokens({ accessToken: 'set-by-the-app-1', expiresIn: 3600 });
    server.held[0]?.resolve(Response.json(tokens(2)));
    expect(await refreshing).toMatchObject({ code: 'logged_out' });
    await expect(client.session.getAccessToken()).resolves.toBe('set-by-the-app-1');
    expect(events).toEqual(['login', 'login']);
  });
});

describe('a session that cannot renew', () => {
  it('uses its token while valid, then ends once as expired; logout() then signs it out', async () => {
    vi.useFakeTimers({ now: T0, toFake: ['Date'] });
    const server = scripted(tokens(1, { refresh_token: undefined }));
    const storage = new Map<string, string>();
    const store: TokenStorage = {
      get: () => storage.get('tokens') ?? null,
      set: (value) => void storage.set('tokens', value),
      remove: () => void storage.delete('tokens'),
    };
    const { client, events } = session(server.fetch, { storage: store });
    await client.session.login({ username: 'demo', password: 'demo' });
    expect(storage.size).toBe(1);
    // Inside the leeway, with no refresh token: the valid token is used, nothing is requested.
    vi.setSystemTime(T0 + 50_000);
    await expect(client.session.getAccessToken()).resolves.toBe('access-token-1');
    vi.setSystemTime(T0 + 61_000);
    const error = await client.session.getAccessToken().catch((e) => e);
    expect(error).toMatchObject({ name: 'AuthError', code: 'session_expired' });
    await client.session.getAccessToken().catch(() => undefined);
    expect(client.session.getState().status).toBe('expired');
    expect(events).toEqual(['login', 'expired']);
    expect(storage.size).toBe(0);
    expect(server.tokenForms).toHaveLength(1);
    await client.session.logout();
    expect(client.session.getState().status).toBe('anonymous');
    expect(events).toEqual(['login', 'expired', 'logout']);
  });

  it('refresh() says why it cannot: no session at all, or no refresh token', async () => {
    const server = scripted(tokens(1, { refresh_token: undefined }));
    const { client } = session(server.fetch);
    await expect(client.session.refresh()).rejects.toMatchObject({ code: 'no_session' });
    await client.session.login({ username: 'demo', password: 'demo' });
    await expect(client.session.refresh()).rejects.toMatchObject({ code: 'unsupported' });
    expect(server.tokenForms).toHaveLength(1);
  });
});

describe('renewal back-off', () => {
  it('backs off only while the token is valid: an expired token is renewed whatever the back-off', async () => {
    vi.useFakeTimers({ now: T0, toFake: ['Date'] });
    // Early renewals at 31 s, 36 s and 46 s fail; the back-off then runs to 86 s, past expiry (60 s).
    const server = scripted(tokens(1), 500, 500, 500, tokens(2));
    const { client } = session(server.fetch, { refreshLeeway: 30 });
    await client.session.login({ username: 'demo', password: 'demo' });
    for (const at of [31_000, 36_000, 46_000]) {
      vi.setSystemTime(T0 + at);
      await expect(client.session.getAccessToken()).resolves.toBe('access-token-1');
    }
    expect(server.tokenForms).toHaveLength(4);
    vi.setSystemTime(T0 + 50_000);
    await expect(client.session.getAccessToken()).resolves.toBe('access-token-1');
    expect(server.tokenForms).toHaveLength(4);
    vi.setSystemTime(T0 + 61_000);
    await expect(client.session.getAccessToken()).resolves.toBe('access-token-2');
  });

  it('a renewal that succeeds ends the back-off: the next token is renewed when due', async () => {
    vi.useFakeTimers({ now: T0, toFake: ['Date'] });
    const server = scripted(tokens(1), 500, tokens(2, { expires_in: 2 }), tokens(3));
    const { client } = session(server.fetch, { refreshLeeway: 30 });
    await client.session.login({ username: 'demo', password: 'demo' });
    vi.setSystemTime(T0 + 31_000);
    await expect(client.session.getAccessToken()).resolves.toBe('access-token-1');
    await client.session.refresh();
    // Token 2 lives 2 s (leeway 1 s): due at 32.5 s, inside the old back-off window (to 36 s).
    vi.setSystemTime(T0 + 32_500);
    await expect(client.session.getAccessToken()).resolves.toBe('access-token-3');
  });
});

describe('on-demand tokens (client_credentials)', () => {
  it('the first getAccessToken() resolves with the token, however many ask at once', async () => {
    const server = scripted(tokens(1, { refresh_token: undefined }));
    const { client } = session(server.fetch, {
      grant: 'client_credentials',
      clientSecret: 'a-client-secret',
    });
    const all = await Promise.all(
      Array.from({ length: 20 }, () => client.session.getAccessToken()),
    );
    expect(new Set(all)).toEqual(new Set(['access-token-1']));
    expect(server.tokenForms).toHaveLength(1);
  });
});

describe('storage that is still loading', () => {
  it('a raw request made before storage answers waits for it and carries the stored token', async () => {
    const server = scripted();
    let release: (value: string) => void = () => {};
    const stored = JSON.stringify({
      v: 1,
      accessToken: 'stored-token-1',
      expiresAt: Date.now() + 3_600_000,
    });
    const storage: TokenStorage = {
      get: () => new Promise<string>((resolve) => (release = resolve)),
      set: () => {},
      remove: () => {},
    };
    const { client } = session(server.fetch, { storage });
    const pending = client.ky.get('v1/me').json();
    await flush();
    release(stored);
    expect(await pending).toEqual({ authorization: 'Bearer stored-token-1' });
  });
});
