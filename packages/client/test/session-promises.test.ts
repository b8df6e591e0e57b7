/**
 * Promises of the session that the outside review found broken: each test fails without its fix.
 */
import { HttpResponse, http } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { createClient, type SessionEvent } from '../src/index.js';
import { BASE, oauthClient, serviceClient, useFakeDate, useMockApi } from './helpers.js';
import { me } from './weather-api.js';

const { server, controller } = useMockApi();
const tokenRequests = () => controller.requests.filter((r) => r.route === 'POST /oauth/token');

describe('user hooks never see the token', () => {
  it.each([
    ['retry: 0 (what @org/react uses)', 0],
    ['the default retry', undefined],
  ])(
    'with %s: beforeRequest, afterResponse and beforeError all see no Authorization',
    async (_, retry) => {
      const seen: Array<string | null> = [];
      const client = oauthClient(
        {},
        {
          ...(retry !== undefined && { retry }),
          hooks: {
            beforeRequest: [({ request }) => void seen.push(request.headers.get('authorization'))],
            afterResponse: [({ request }) => void seen.push(request.headers.get('authorization'))],
            beforeError: [
              ({ request, error }) => {
                seen.push(request.headers.get('authorization'));
                return error;
              },
            ],
          },
        },
      );
      await client.session.login({ username: 'demo', password: 'demo' });
      await client.call(me);
      await client.ky.post('v1/favorites', { json: { city: 'atlantis' } }).catch(() => undefined);
      expect(seen.length).toBeGreaterThanOrEqual(5);
      expect(seen.every((value) => value === null)).toBe(true);
      // …while the wire did carry it.
      expect(controller.requests.find((r) => r.route === 'GET /v1/me')?.tokenStatus).toBe('valid');
    },
  );
});

describe('renewing follows the configuration', () => {
  it('a user session without a refresh token is not renewed with client_credentials: refresh() rejects', async () => {
    const client = oauthClient();
    await client.session.setTokens({ accessToken: 'an-opaque-user-token', expiresIn: 3600 });
    await expect(client.session.refresh()).rejects.toMatchObject({
      name: 'AuthError',
      code: 'unsupported',
    });
    expect(tokenRequests()).toEqual([]);
    expect(client.session.getState().status).toBe('authenticated');
  });

  it('a 401 for such a session spends no token request and reports the rejection', async () => {
    const client = oauthClient();
    await client.session.setTokens({ accessToken: 'an-opaque-user-token', expiresIn: 3600 });
    await expect(client.call(me)).rejects.toMatchObject({
      name: 'AuthError',
      code: 'unauthorized',
    });
    expect(tokenRequests()).toEqual([]);
  });

  it('login() on a client_credentials client says it cannot, and sends nothing', async () => {
    const client = serviceClient();
    await expect(
      client.session.login({ username: 'demo', password: 'demo' }),
    ).rejects.toMatchObject({
      name: 'AuthError',
      code: 'unsupported',
    });
    expect(tokenRequests()).toEqual([]);
  });
});

describe('an early refresh that fails for a reason other than a refusal', () => {
  const faults = [
    ['HTML', () => controller.injectFault('POST /oauth/token', { kind: 'non-json', status: 200 })],
    ['a 404', () => controller.injectFault('POST /oauth/token', { kind: 'status', status: 404 })],
    ['a 403', () => controller.injectFault('POST /oauth/token', { kind: 'status', status: 403 })],
  ] as const;

  it.each(faults)('(%s) leaves calls on the still-valid token and backs off', async (_, inject) => {
    useFakeDate();
    const client = oauthClient({ refreshRetries: 0 });
    await client.session.login({ username: 'demo', password: 'demo' });
    const token = await client.session.getAccessToken();
    const events: SessionEvent['type'][] = [];
    client.session.subscribe((event) => events.push(event.type));
    controller.clearRequests();
    vi.advanceTimersByTime(3_580_000); // 20 s before expiry: inside the refresh leeway
    inject();
    const results = await Promise.all([client.call(me), client.call(me), client.call(me)]);
    for (let i = 0; i < 5; i++) results.push(await client.call(me));
    expect(results.every((r) => r.sub === 'demo')).toBe(true);
    expect(tokenRequests()).toHaveLength(1); // one try, then the back-off
    expect(await client.session.getAccessToken()).toBe(token);
    expect(client.session.getState().status).toBe('authenticated');
    expect(events).toEqual(['refresh-error']);
    // After the back-off the next call tries again, and succeeds now that the server is well.
    vi.advanceTimersByTime(6_000);
    await client.call(me);
    expect(tokenRequests()).toHaveLength(2);
    expect(events).toEqual(['refresh-error', 'refresh']);
  });

  it('a refused grant still ends the session', async () => {
    useFakeDate();
    const client = oauthClient({ refreshRetries: 0 });
    await client.session.login({ username: 'demo', password: 'demo' });
    vi.advanceTimersByTime(3_580_000);
    controller.injectFault('POST /oauth/token', {
      kind: 'json',
      status: 400,
      body: { error: 'invalid_grant' },
    });
    await expect(client.call(me)).rejects.toMatchObject({ code: 'session_expired' });
    expect(client.session.getState().status).toBe('expired');
  });
});

describe('storage that fails', () => {
  it('an async storage.get() that rejects starts the session signed out, not stuck loading', async () => {
    const client = oauthClient({
      storage: {
        get: () => Promise.reject(new Error('IndexedDB is closed')),
        set: () => {},
        remove: () => {},
      },
    });
    await expect(client.session.getAccessToken()).rejects.toMatchObject({ code: 'no_session' });
    // A raw request goes out bare, as for any signed-out client, instead of waiting for a token.
    const response = await client.ky.get('v1/me', { throwHttpErrors: false });
    expect(response.status).toBe(401);
    expect(controller.requests.at(-1)?.tokenStatus).toBe('none');
    await client.session.login({ username: 'demo', password: 'demo' });
    await expect(client.call(me)).resolves.toMatchObject({ sub: 'demo' });
  });
});

describe('sign-in and sign-out edges', () => {
  it.each([
    ['logout()', (client: ReturnType<typeof oauthClient>) => client.session.logout()],
    [
      'a second login()',
      (client: ReturnType<typeof oauthClient>) =>
        client.session.login({ username: 'viewer', password: 'viewer' }),
    ],
  ])(
    'a login() superseded by %s rejects with AuthError logged_out, not a raw AbortError',
    async (_, supersede) => {
      const client = oauthClient();
      controller.injectFault('POST /oauth/token', { kind: 'latency', ms: 200 });
      const first = client.session
        .login({ username: 'demo', password: 'demo' })
        .catch((error: unknown) => error);
      await new Promise((resolve) => setImmediate(resolve));
      await supersede(client);
      expect(await first).toMatchObject({ name: 'AuthError', code: 'logged_out' });
    },
  );

  it('a logout() with nothing to sign out emits nothing and keeps the same state object', async () => {
    const client = oauthClient();
    const events: string[] = [];
    client.session.subscribe((event) => events.push(event.type));
    const before = client.session.getState();
    await client.session.logout();
    await client.session.logout();
    expect(events).toEqual([]);
    expect(client.session.getState()).toBe(before);
    await client.session.login({ username: 'demo', password: 'demo' });
    await client.session.logout();
    const signedOut = client.session.getState();
    await client.session.logout();
    expect(events).toEqual(['login', 'logout']);
    expect(client.session.getState()).toBe(signedOut);
  });
});

describe('a 401 for a request that carried no token', () => {
  it('says the request carried no credentials, not that a token was rejected', async () => {
    server.use(http.get(`${BASE}/v1/open`, () => HttpResponse.json({}, { status: 401 })));
    const client = createClient({ baseUrl: BASE });
    const error = await client.ky.get('v1/open').catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'AuthError', code: 'unauthorized' });
    expect((error as Error).message).toContain('carried no credentials');
    expect((error as Error).message).not.toContain('rejected the access token');
  });
});
