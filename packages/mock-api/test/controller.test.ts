import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, login, postForm, refresh, useMockApi } from './helpers.js';

const { controller } = useMockApi({ now: '2026-06-01T12:00:00Z' });

afterEach(() => {
  vi.useRealTimers();
});

describe('clock', () => {
  it('drives access-token expiry: valid until the lifetime runs out, then 401', async () => {
    controller.setTokenLifetimes({ accessToken: 30 });
    const { access_token, expires_in } = await login();
    expect(expires_in).toBe(30);
    controller.clock.advance(29_999);
    expect((await api('/v1/me', access_token)).status).toBe(200);
    controller.clock.advance(1);
    expect((await api('/v1/me', access_token)).status).toBe(401);
  });

  it('follows the real (or faked) clock until set', async () => {
    controller.clock.useRealTime();
    vi.useFakeTimers({ now: new Date('2030-01-01T00:00:00Z'), toFake: ['Date'] });
    expect((await api('/v1/me')).headers.get('date')).toBe('Tue, 01 Jan 2030 00:00:00 GMT');
    controller.clock.advance(5_000);
    expect((await api('/v1/me')).headers.get('date')).toBe('Tue, 01 Jan 2030 00:00:05 GMT');
  });

  it('rejects an invalid time', () => {
    expect(() => controller.clock.set('not a date')).toThrow(/invalid clock time/);
  });

  it('expireAccessTokens() ends every access token now but keeps refresh tokens', async () => {
    const tokens = await login();
    controller.expireAccessTokens();
    expect((await api('/v1/me', tokens.access_token)).status).toBe(401);
    const renewed = await refresh(tokens.refresh_token);
    expect((await api('/v1/me', renewed.body.access_token)).status).toBe(200);
  });

  it('refuses nonsense lifetimes', () => {
    expect(() => controller.setTokenLifetimes({ accessToken: 0 })).toThrow(RangeError);
    expect(() => controller.setTokenLifetimes({ refreshToken: Number.NaN })).toThrow(RangeError);
  });
});

describe('request log', () => {
  it('records each request with the token it carried and what the server made of it', async () => {
    controller.setTokenLifetimes({ accessToken: 10 });
    const { access_token } = await login();
    await api('/v1/weather/current/oslo?units=metric', access_token);
    controller.clock.advance(10_000);
    await api('/v1/weather/current/oslo', access_token);
    await api('/v1/cities');

    expect(
      controller.requests.map(({ route, tokenStatus, status }) => ({ route, tokenStatus, status })),
    ).toEqual([
      { route: 'POST /oauth/token', tokenStatus: 'none', status: 200 },
      { route: 'GET /v1/weather/current/:city', tokenStatus: 'valid', status: 200 },
      { route: 'GET /v1/weather/current/:city', tokenStatus: 'expired', status: 401 },
      { route: 'GET /v1/cities', tokenStatus: 'none', status: 401 },
    ]);
    expect(controller.requests[1]).toMatchObject({
      id: 2,
      method: 'GET',
      path: '/v1/weather/current/oslo?units=metric',
      token: access_token,
      time: Date.parse('2026-06-01T12:00:00Z'),
    });
    controller.clearRequests();
    expect(controller.requests).toHaveLength(0);
  });
});

describe('fault injection', () => {
  it('answers the next N requests to a route with a status and Retry-After, then recovers', async () => {
    controller.injectFault(
      'POST /oauth/token',
      { kind: 'status', status: 503, retryAfter: 2 },
      { times: 2 },
    );
    for (let i = 0; i < 2; i++) {
      const failed = await postForm({
        grant_type: 'password',
        client_id: 'weather-web',
        username: 'demo',
        password: 'demo',
      });
      expect(failed.status).toBe(503);
      expect(failed.headers.get('retry-after')).toBe('2');
    }
    expect((await login()).token_type).toBe('Bearer');
    expect(controller.requests.map((r) => r.fault)).toEqual(['status', 'status', undefined]);
  });

  it('injects 429 with Retry-After', async () => {
    const { access_token } = await login();
    controller.injectFault('GET /v1/cities', { kind: 'status', status: 429, retryAfter: 7 });
    const limited = await api('/v1/cities', access_token);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(limited.body.error).toBe('rate_limited');
  });

  it('injects a network error: the fetch rejects', async () => {
    controller.injectFault('GET /v1/me', { kind: 'network' });
    await expect(fetch('https://api.example.com/v1/me')).rejects.toThrow(TypeError);
    expect(controller.requests[0]).toMatchObject({ fault: 'network', status: 0 });
    expect((await api('/v1/me')).status).toBe(401);
  });

  it('injects malformed JSON, non-JSON and arbitrary JSON bodies', async () => {
    controller.injectFault('POST /oauth/token', { kind: 'malformed-json' });
    controller.injectFault('POST /oauth/token', { kind: 'non-json', status: 502 });
    controller.injectFault('POST /oauth/token', {
      kind: 'json',
      body: { access_token: 42, token_type: 'MAC' },
    });
    const form = {
      grant_type: 'password',
      client_id: 'weather-web',
      username: 'demo',
      password: 'demo',
    };
    const send = () =>
      fetch('https://api.example.com/oauth/token', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(form),
      });

    const malformed = await send();
    expect(malformed.headers.get('content-type')).toBe('application/json');
    await expect(malformed.json()).rejects.toThrow(SyntaxError);

    const html = await send();
    expect(html.status).toBe(502);
    expect(html.headers.get('content-type')).toBe('text/html');

    expect(await (await send()).json()).toEqual({ access_token: 42, token_type: 'MAC' });
  });

  it('applies faults for any route with "*", route-specific ones first', async () => {
    controller.injectFault('*', { kind: 'status', status: 500 });
    controller.injectFault('GET /v1/me', { kind: 'status', status: 502 });
    expect((await api('/v1/me')).status).toBe(502);
    expect((await api('/v1/me')).status).toBe(500);
    expect((await api('/v1/me')).status).toBe(401);
  });

  it('delays an answer by the injected latency, measured on fake timers', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    controller.injectFault('GET /v1/me', { kind: 'latency', ms: 5_000 });
    let settled = false;
    const pending = api('/v1/me').then((r) => {
      settled = true;
      return r;
    });
    await vi.advanceTimersByTimeAsync(4_999);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect((await pending).status).toBe(401);
  });

  it('clearFaults() drops faults not yet used', async () => {
    controller.injectFault('GET /v1/me', { kind: 'status', status: 500 }, { times: 3 });
    controller.clearFaults();
    expect((await api('/v1/me')).status).toBe(401);
  });
});

describe('rate limit', () => {
  it('is off by default', async () => {
    const { access_token } = await login();
    const statuses = await Promise.all(
      Array.from({ length: 30 }, () => api('/v1/cities', access_token)),
    );
    expect(statuses.every((r) => r.status === 200)).toBe(true);
  });

  it('answers 429 with Retry-After per token once the window budget is spent', async () => {
    controller.setRateLimit({ limit: 3, windowSeconds: 60 });
    const first = await login();
    const second = await login();
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await api('/v1/cities', first.access_token));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 429]);
    expect(results[3]?.headers.get('retry-after')).toBe('60');
    expect((await api('/v1/cities', second.access_token)).status).toBe(200);

    controller.clock.advance(45_000);
    expect((await api('/v1/cities', first.access_token)).headers.get('retry-after')).toBe('15');
    controller.clock.advance(15_000);
    expect((await api('/v1/cities', first.access_token)).status).toBe(200);
  });
});

describe('reset()', () => {
  it('restores tokens, identities, faults, the log and the clock', async () => {
    const { access_token } = await login();
    controller.addUser({ username: 'ada', password: 'x', name: 'Ada', scope: [] });
    controller.injectFault('*', { kind: 'status', status: 500 });
    controller.clock.advance(60_000);
    controller.reset();
    expect(controller.requests).toHaveLength(0);
    expect((await api('/v1/me', access_token)).status).toBe(401);
    expect(
      await postForm({
        grant_type: 'password',
        client_id: 'weather-web',
        username: 'ada',
        password: 'x',
      }),
    ).toMatchObject({ body: { error: 'invalid_grant' } });
    expect((await api('/v1/me')).headers.get('date')).toBe('Mon, 01 Jun 2026 12:00:00 GMT');
  });
});
