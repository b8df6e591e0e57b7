import { describe, expect, it, vi } from 'vitest';
import {
  AuthError,
  createClient,
  memoryStorage,
  oauth2,
  type SessionEvent,
  type TokenStorage,
  webStorage,
} from '../src/index.js';
import {
  BASE,
  fakeWebStorage,
  oauthClient,
  serviceClient,
  useFakeDate,
  useMockApi,
} from './helpers.js';
import { me } from './weather-api.js';

const { controller } = useMockApi();

describe('login and state', () => {
  it('signs in with the password grant and reports the state', async () => {
    useFakeDate();
    const client = oauthClient();
    expect(client.session.getState()).toEqual({ status: 'anonymous' });
    await client.session.login({ username: 'demo', password: 'demo' });
    const state = client.session.getState();
    expect(state).toMatchObject({
      status: 'authenticated',
      expiresAt: Date.parse('2026-06-01T13:00:00Z'),
      scope: ['weather:read', 'weather:write'],
      claims: { sub: 'demo', client_id: 'weather-web' },
    });
    expect(client.session.getState()).toBe(state);
  });

  it('asks for the scope given at login or in oauth2()', async () => {
    const client = oauthClient({ scope: ['weather:read'] });
    await client.session.login({ username: 'demo', password: 'demo' });
    expect(client.session.getState().scope).toEqual(['weather:read']);
    await client.session.login({
      username: 'demo',
      password: 'demo',
      scope: 'weather:read weather:write',
    });
    expect(client.session.getState().scope).toEqual(['weather:read', 'weather:write']);
  });

  it('rejects a wrong password with AuthError invalid_credentials and stays anonymous', async () => {
    const client = oauthClient();
    const error = await client.session
      .login({ username: 'demo', password: 'nope' })
      .catch((e) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect(error).toMatchObject({
      code: 'invalid_credentials',
      status: 400,
      oauthError: 'invalid_grant',
    });
    expect(error.message).not.toContain('nope');
    expect(client.session.getState().status).toBe('anonymous');
  });

  it('rejects calls with AuthError no_session before sending anything while anonymous', async () => {
    const client = oauthClient();
    await expect(client.call(me)).rejects.toMatchObject({ name: 'AuthError', code: 'no_session' });
    expect(controller.requests).toHaveLength(0);
  });

  it('starts a session from setTokens, with expiry from expiresIn', async () => {
    useFakeDate();
    const login = oauthClient();
    await login.session.login({ username: 'viewer', password: 'viewer' });
    const token = await login.session.getAccessToken();

    const client = oauthClient();
    await client.session.setTokens({ accessToken: token, expiresIn: 60, scope: 'weather:read' });
    expect(client.session.getState()).toMatchObject({
      status: 'authenticated',
      expiresAt: Date.parse('2026-06-01T12:01:00Z'),
      scope: ['weather:read'],
    });
    await expect(client.call(me)).resolves.toMatchObject({ sub: 'viewer' });
    await expect(client.session.setTokens({ accessToken: '' })).rejects.toThrow(
      /non-empty accessToken/,
    );
    await expect(client.session.setTokens({ accessToken: 'x', expiresIn: -5 })).rejects.toThrow(
      /expiresIn/,
    );
  });
});

describe('events', () => {
  it('reports login, refresh and logout to subscribers, without tokens', async () => {
    const client = oauthClient();
    const events: SessionEvent[] = [];
    const unsubscribe = client.session.subscribe((event) => events.push(event));
    await client.session.login({ username: 'demo', password: 'demo' });
    const token = await client.session.getAccessToken();
    await client.session.refresh();
    await client.session.logout();
    unsubscribe();
    await client.session.login({ username: 'demo', password: 'demo' });
    expect(events.map((e) => e.type)).toEqual(['login', 'refresh', 'logout']);
    expect(events[2]?.state).toEqual({ status: 'anonymous' });
    expect(JSON.stringify(events)).not.toContain(token);
  });

  it('keeps going when a listener throws', async () => {
    const client = oauthClient();
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const seen: string[] = [];
    client.session.subscribe(() => {
      throw new Error('listener bug');
    });
    client.session.subscribe((event) => seen.push(event.type));
    await client.session.login({ username: 'demo', password: 'demo' });
    expect(seen).toEqual(['login']);
    expect(error).toHaveBeenCalledOnce();
  });
});

describe('logout', () => {
  it('revokes both tokens at revokeUrl and clears the session', async () => {
    const client = oauthClient();
    await client.session.login({ username: 'demo', password: 'demo' });
    const token = await client.session.getAccessToken();
    await client.session.logout();
    expect(client.session.getState()).toEqual({ status: 'anonymous' });
    expect(controller.requests.filter((r) => r.route === 'POST /oauth/revoke')).toHaveLength(2);
    const stillValid = await fetch(`${BASE}/v1/me`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(stillValid.status).toBe(401);
    await expect(client.call(me)).rejects.toMatchObject({ code: 'no_session' });
  });

  it('clears local state even when revocation fails', async () => {
    const client = oauthClient();
    await client.session.login({ username: 'demo', password: 'demo' });
    controller.injectFault('POST /oauth/revoke', { kind: 'network' }, { times: 2 });
    await expect(client.session.logout()).resolves.toBeUndefined();
    expect(client.session.getState().status).toBe('anonymous');
  });

  it('skips revocation when no revokeUrl is set', async () => {
    const client = createClient({
      baseUrl: BASE,
      auth: oauth2({ tokenUrl: '/oauth/token', clientId: 'weather-web' }),
    });
    await client.session.login({ username: 'demo', password: 'demo' });
    await client.session.logout();
    expect(controller.requests.map((r) => r.route)).toEqual(['POST /oauth/token']);
  });
});

describe('storage', () => {
  it('keeps tokens in memory by default', async () => {
    const storage = memoryStorage();
    const client = oauthClient({ storage });
    await client.session.login({ username: 'demo', password: 'demo' });
    expect(JSON.parse(String(storage.get()))).toMatchObject({ accessToken: expect.any(String) });
  });

  it('restores a session from web storage in a new client, and persists every rotated refresh token', async () => {
    const local = fakeWebStorage();
    const first = oauthClient({ storage: webStorage(local, 'weather') });
    await first.session.login({ username: 'demo', password: 'demo' });
    const stored = () => JSON.parse(local.getItem('weather') ?? '{}') as { refreshToken: string };
    const before = stored().refreshToken;
    await first.session.refresh();
    expect(stored().refreshToken).not.toBe(before);

    const second = oauthClient({ storage: webStorage(local, 'weather') });
    expect(second.session.getState().status).toBe('authenticated');
    await expect(second.call(me)).resolves.toMatchObject({ sub: 'demo' });
    await second.session.refresh();
    expect(controller.reuseDetections).toBe(0);

    await second.session.logout();
    expect(local.getItem('weather')).toBeNull();
  });

  it('works with asynchronous storage', async () => {
    const values = new Map<string, string>();
    const asyncStorage: TokenStorage = {
      get: async () => values.get('k'),
      set: async (value) => {
        values.set('k', value);
      },
      remove: async () => {
        values.delete('k');
      },
    };
    const first = oauthClient({ storage: asyncStorage });
    await first.session.login({ username: 'demo', password: 'demo' });
    const second = oauthClient({ storage: asyncStorage });
    await expect(second.call(me)).resolves.toMatchObject({ sub: 'demo' });
    expect(second.session.getState().status).toBe('authenticated');
  });

  it('ignores and removes an unreadable stored value', () => {
    const local = fakeWebStorage();
    local.setItem('weather', '{not json');
    const client = oauthClient({ storage: webStorage(local, 'weather') });
    expect(client.session.getState().status).toBe('anonymous');
    expect(local.getItem('weather')).toBeNull();
  });
});

describe('client_credentials', () => {
  it('gets a token on first use with no login, and a new one when it expires', async () => {
    useFakeDate();
    controller.setTokenLifetimes({ accessToken: 120 });
    const client = serviceClient();
    await expect(client.call(me)).resolves.toMatchObject({
      sub: 'weather-service',
      kind: 'client',
    });
    vi.advanceTimersByTime(100_000); // inside the 30 s leeway
    await client.call(me);
    const grants = controller.requests
      .filter((r) => r.route === 'POST /oauth/token')
      .map((r) => r.grantType);
    expect(grants).toEqual(['client_credentials', 'client_credentials']);
    expect(controller.requests.every((r) => r.tokenStatus !== 'expired')).toBe(true);
  });
});
