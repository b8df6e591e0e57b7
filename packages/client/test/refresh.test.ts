import { HttpResponse, http } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import {
  AuthError,
  defineEndpoint,
  isAuthError,
  NetworkError,
  type SessionEvent,
} from '../src/index.js';
import { BASE, oauthClient, settle, useFakeDate, useMockApi } from './helpers.js';
import { me } from './weather-api.js';

const { server, controller } = useMockApi();

const tokenRequests = () => controller.requests.filter((r) => r.route === 'POST /oauth/token');
const sentExpired = () => controller.requests.filter((r) => r.tokenStatus === 'expired');

async function signedIn(auth = {}, options = {}) {
  const client = oauthClient(auth, options);
  await client.session.login({ username: 'demo', password: 'demo' });
  controller.clearRequests();
  return client;
}

describe('proactive refresh', () => {
  it('refreshes inside the 30 s leeway, before sending, so no request carries an expired token', async () => {
    useFakeDate();
    const client = await signedIn();
    vi.advanceTimersByTime(3_569_000);
    await client.call(me);
    expect(tokenRequests()).toHaveLength(0);
    vi.advanceTimersByTime(2_000); // 29 s left
    await client.call(me);
    expect(tokenRequests().map((r) => r.grantType)).toEqual(['refresh_token']);
    expect(sentExpired()).toEqual([]);
  });

  it('caps the leeway at half the token lifetime', async () => {
    useFakeDate();
    controller.setTokenLifetimes({ accessToken: 20 });
    const client = await signedIn();
    vi.advanceTimersByTime(9_000);
    await client.call(me);
    expect(tokenRequests()).toHaveLength(0);
    vi.advanceTimersByTime(1_000); // half the 20 s lifetime gone
    await client.call(me);
    expect(tokenRequests()).toHaveLength(1);
  });

  it('makes exactly one token request for 100 concurrent calls with an expired token, and all succeed', async () => {
    useFakeDate();
    const client = await signedIn();
    vi.advanceTimersByTime(3_600_000);
    const { fulfilled, rejected } = await settle(
      Array.from({ length: 100 }, () => client.call(me)),
    );
    expect(rejected).toEqual([]);
    expect(fulfilled).toHaveLength(100);
    expect(tokenRequests()).toHaveLength(1);
    expect(sentExpired()).toEqual([]);
    expect(controller.requests.filter((r) => r.status === 401)).toEqual([]);
  });

  it('learns the server clock from Date headers and applies it to a JWT exp', async () => {
    useFakeDate('2026-06-01T12:00:00Z');
    controller.clock.set('2026-06-01T14:00:00Z'); // the server's clock runs two hours ahead
    const client = oauthClient();
    await client.session.login({ username: 'demo', password: 'demo' });
    const token = await client.session.getAccessToken();
    await client.session.setTokens({ accessToken: token }); // no expiresIn: expiry from exp
    expect(client.session.getState().expiresAt).toBe(Date.parse('2026-06-01T13:00:00Z'));
  });

  it('ignores clock offsets within the Date header resolution', async () => {
    useFakeDate('2026-06-01T12:00:00.900Z');
    controller.clock.set('2026-06-01T12:00:00.000Z');
    const client = oauthClient();
    await client.session.login({ username: 'demo', password: 'demo' });
    await client.session.setTokens({ accessToken: await client.session.getAccessToken() });
    expect(client.session.getState().expiresAt).toBe(Date.parse('2026-06-01T13:00:00Z'));
  });
});

describe('reactive refresh after a 401', () => {
  it('refreshes once and replays when the server rejects a token the session thought valid', async () => {
    const client = await signedIn();
    controller.expireAccessTokens();
    await expect(client.call(me)).resolves.toMatchObject({ sub: 'demo' });
    expect(controller.requests.map((r) => `${r.route} ${r.status}`)).toEqual([
      'GET /v1/me 401',
      'POST /oauth/token 200',
      'GET /v1/me 200',
    ]);
  });

  it('shares one refresh among 100 concurrent calls that all got 401', async () => {
    const client = await signedIn();
    const token = await client.session.getAccessToken();
    await controller.revokeToken(token);
    const { fulfilled, rejected } = await settle(
      Array.from({ length: 100 }, () => client.call(me)),
    );
    expect(rejected).toEqual([]);
    expect(fulfilled).toHaveLength(100);
    expect(tokenRequests()).toHaveLength(1);
    expect(controller.reuseDetections).toBe(0);
  });

  it('replays a 401 that arrives after a refresh already finished with the new token, refreshing nothing', async () => {
    const client = await signedIn();
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const seen: string[] = [];
    server.use(
      http.get(`${BASE}/v1/me`, async ({ request }) => {
        seen.push(request.headers.get('authorization') ?? '');
        if (seen.length === 1) {
          await held;
          return HttpResponse.json({ error: 'invalid_token' }, { status: 401 });
        }
        return HttpResponse.json({ sub: 'demo', kind: 'user', scope: [] });
      }),
    );
    const pending = client.call(me);
    await vi.waitFor(() => expect(seen).toHaveLength(1));
    await client.session.refresh();
    release();
    await expect(pending).resolves.toMatchObject({ sub: 'demo' });
    expect(tokenRequests()).toHaveLength(1);
    expect(seen[1]).toBe(`Bearer ${await client.session.getAccessToken()}`);
    expect(seen[1]).not.toBe(seen[0]);
  });

  it('replays a request at most once', async () => {
    const client = await signedIn();
    let hits = 0;
    server.use(
      http.get(`${BASE}/v1/me`, () => {
        hits++;
        return HttpResponse.json(
          { error: 'invalid_token' },
          { status: 401, headers: { 'www-authenticate': 'Bearer error="invalid_token"' } },
        );
      }),
    );
    const error = await client.call(me).catch((e) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect(error).toMatchObject({ code: 'unauthorized', status: 401, oauthError: 'invalid_token' });
    expect(hits).toBe(2);
    expect(tokenRequests()).toHaveLength(1);
  });

  const addNote = defineEndpoint({
    method: 'POST',
    path: '/v1/notes',
    body: z.object({ text: z.string() }),
    response: z.object({ text: z.string(), attempt: z.number() }),
  });

  it.each([
    ['retry: 0', { retry: 0 }],
    ['the default retry', {}],
  ])('replays a POST with its body intact under %s', async (_name, options) => {
    const client = await signedIn({}, options);
    const bodies: unknown[] = [];
    server.use(
      http.post(`${BASE}/v1/notes`, async ({ request }) => {
        bodies.push(await request.json());
        if (bodies.length === 1)
          return HttpResponse.json({ error: 'invalid_token' }, { status: 401 });
        return HttpResponse.json({ ...(bodies.at(-1) as object), attempt: bodies.length });
      }),
    );
    await expect(client.call(addNote, { body: { text: 'remember the milk' } })).resolves.toEqual({
      text: 'remember the milk',
      attempt: 2,
    });
    expect(bodies).toEqual([{ text: 'remember the milk' }, { text: 'remember the milk' }]);
    expect(tokenRequests()).toHaveLength(1);
  });

  it('replays raw client.ky requests too', async () => {
    const client = await signedIn();
    controller.expireAccessTokens();
    await expect(client.ky.get('v1/me').json()).resolves.toMatchObject({ sub: 'demo' });
    expect(tokenRequests()).toHaveLength(1);
  });
});

describe('a refresh that fails', () => {
  it('ends the session on invalid_grant: 50 concurrent calls reject with AuthError and expired fires once', async () => {
    useFakeDate();
    const client = await signedIn();
    const events: SessionEvent[] = [];
    client.session.subscribe((event) => events.push(event));
    controller.revokeAll('demo'); // the refresh token dies server-side
    vi.advanceTimersByTime(3_600_000);

    const { fulfilled, rejected } = await settle(Array.from({ length: 50 }, () => client.call(me)));
    expect(fulfilled).toEqual([]);
    expect(rejected).toHaveLength(50);
    expect(rejected.every((e) => isAuthError(e) && e.code === 'session_expired')).toBe(true);
    expect(events.map((e) => e.type)).toEqual(['expired']);
    expect(client.session.getState()).toEqual({ status: 'expired' });
    expect(tokenRequests()).toHaveLength(1);

    // Nothing more is sent with the dead tokens.
    await expect(client.call(me)).rejects.toMatchObject({ code: 'session_expired' });
    expect(controller.requests).toHaveLength(1);

    // A new sign-in starts over.
    await client.session.login({ username: 'demo', password: 'demo' });
    await expect(client.call(me)).resolves.toMatchObject({ sub: 'demo' });
  });

  it('ends the session when reuse detection revoked the token family', async () => {
    const client = await signedIn();
    const stolen = oauthClient();
    await stolen.session.login({ username: 'demo', password: 'demo' });
    controller.revokeAll('demo');
    const error = await client.session.refresh().catch((e) => e);
    expect(error).toMatchObject({
      name: 'AuthError',
      code: 'session_expired',
      oauthError: 'invalid_grant',
    });
  });

  it('retries 5xx and 429 from the token endpoint honouring Retry-After, keeping the session', async () => {
    vi.useFakeTimers({
      now: new Date('2026-06-01T12:00:00Z'),
      toFake: ['Date', 'setTimeout', 'clearTimeout'],
    });
    const client = await signedIn();
    const events: string[] = [];
    client.session.subscribe((event) => events.push(event.type));
    controller.injectFault('POST /oauth/token', { kind: 'status', status: 503, retryAfter: 2 });
    controller.injectFault('POST /oauth/token', { kind: 'status', status: 429, retryAfter: 5 });
    vi.advanceTimersByTime(3_600_000);

    let settled = false;
    const call = client.call(me).finally(() => {
      settled = true;
    });
    await vi.advanceTimersByTimeAsync(6_900);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(200);
    await expect(call).resolves.toMatchObject({ sub: 'demo' });
    expect(tokenRequests().map((r) => r.status)).toEqual([503, 429, 200]);
    expect(events).toEqual(['refresh-error', 'refresh-error', 'refresh']);
    expect(client.session.getState().status).toBe('authenticated');
  });

  it('gives up after the retry budget with the network error, and the session stays', async () => {
    vi.useFakeTimers({
      now: new Date('2026-06-01T12:00:00Z'),
      toFake: ['Date', 'setTimeout', 'clearTimeout'],
    });
    const client = await signedIn({ refreshRetries: 2 });
    controller.injectFault('POST /oauth/token', { kind: 'network' }, { times: 3 });
    vi.advanceTimersByTime(3_600_000);
    const call = client.call(me).catch((e) => e);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(await call).toBeInstanceOf(NetworkError);
    expect(tokenRequests()).toHaveLength(3);
    expect(client.session.getState().status).toBe('authenticated');
    await expect(client.call(me)).resolves.toMatchObject({ sub: 'demo' });
  });

  it('keeps using a still-valid token when a proactive refresh fails for a passing reason', async () => {
    useFakeDate();
    const client = await signedIn({ refreshRetries: 0 });
    controller.injectFault('POST /oauth/token', { kind: 'status', status: 500 });
    vi.advanceTimersByTime(3_590_000); // inside the leeway, not expired
    await expect(client.call(me)).resolves.toMatchObject({ sub: 'demo' });
    expect(tokenRequests().map((r) => r.status)).toEqual([500]);
  });

  it('ends pending calls with AuthError logged_out when the user signs out mid-refresh, and refreshes nothing after', async () => {
    vi.useFakeTimers({
      now: new Date('2026-06-01T12:00:00Z'),
      toFake: ['Date', 'setTimeout', 'clearTimeout'],
    });
    const client = await signedIn();
    controller.injectFault('POST /oauth/token', { kind: 'status', status: 503, retryAfter: 30 });
    vi.advanceTimersByTime(3_600_000);
    const pending = Array.from({ length: 10 }, () => client.call(me).catch((e) => e));
    await vi.advanceTimersByTimeAsync(100);
    await client.session.logout();
    const errors = await Promise.all(pending);
    expect(errors.every((e) => isAuthError(e) && e.code === 'logged_out')).toBe(true);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(tokenRequests()).toHaveLength(1);
  });
});
