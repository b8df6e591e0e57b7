import { HttpResponse, http } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { defineEndpoint, HttpError, isAuthError, TimeoutError } from '../src/index.js';
import { BASE, oauthClient, useMockApi } from './helpers.js';
import { favorites, me } from './weather-api.js';

const { server, controller } = useMockApi();

/** Fakes the timers ky, msw's latency and the session wait on, and Date with them. */
const useFakeTimers = () =>
  vi.useFakeTimers({
    now: new Date('2026-06-01T12:00:00Z'),
    toFake: ['Date', 'setTimeout', 'clearTimeout', 'performance'],
  });

async function signedIn(options = {}, auth = {}) {
  const client = oauthClient(auth, options);
  await client.session.login({ username: 'demo', password: 'demo' });
  controller.clearRequests();
  return client;
}

/**
 * Runs `promise` to completion while moving fake time forward in small steps; returns it settled.
 * Fake time may run ahead of the in-process mock's real work, so tests that drive this way set
 * `timeout: false` unless a timeout is what they test.
 */
async function drive<T>(promise: Promise<T>, stepMs = 10, maxMs = 120_000) {
  let done = false;
  const settled = promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  void settled.finally(() => {
    done = true;
  });
  for (let elapsed = 0; !done && elapsed < maxMs; elapsed += stepMs)
    await vi.advanceTimersByTimeAsync(stepMs);
  return settled;
}

describe('retries', () => {
  it('retries a GET on 503 honouring Retry-After, then succeeds', async () => {
    useFakeTimers();
    const client = await signedIn({ timeout: false });
    controller.injectFault('GET /v1/me', { kind: 'status', status: 503, retryAfter: 3 });
    const started = Date.now();
    const result = await drive(client.call(me));
    expect(result).toEqual({ value: expect.objectContaining({ sub: 'demo' }) });
    expect(Date.now() - started).toBeGreaterThanOrEqual(3_000);
    expect(controller.requests.map((r) => r.status)).toEqual([503, 200]);
  });

  it('retries 408, 429 and 5xx at most twice by default, then rejects with the last HttpError', async () => {
    useFakeTimers();
    const client = await signedIn({ timeout: false });
    controller.injectFault('GET /v1/favorites', { kind: 'status', status: 500 }, { times: 5 });
    const result = await drive(client.call(favorites));
    expect((result as { error: HttpError }).error).toMatchObject({
      name: 'HttpError',
      status: 500,
      kind: 'server_error',
    });
    expect(controller.requests).toHaveLength(3);
  });

  it('does not retry a POST, which may not be idempotent', async () => {
    useFakeTimers();
    const client = await signedIn({ timeout: false });
    let hits = 0;
    server.use(
      http.post(`${BASE}/v1/notes`, () => {
        hits++;
        return HttpResponse.json({ error: 'unavailable' }, { status: 503 });
      }),
    );
    const addNote = defineEndpoint({
      method: 'POST',
      path: '/v1/notes',
      body: z.object({ t: z.string() }),
      response: z.unknown(),
    });
    const result = await drive(client.call(addNote, { body: { t: 'x' } }));
    expect((result as { error: HttpError }).error).toBeInstanceOf(HttpError);
    expect(hits).toBe(1);
  });

  it('takes a per-call retry setting', async () => {
    useFakeTimers();
    const client = await signedIn({ timeout: false });
    controller.injectFault('GET /v1/me', { kind: 'status', status: 503 }, { times: 3 });
    const result = await drive(client.call(me, undefined, { retry: 0 }));
    expect((result as { error: HttpError }).error.status).toBe(503);
    expect(controller.requests).toHaveLength(1);
  });

  it('takes a retry limit and re-sends the current token on each retry', async () => {
    useFakeTimers();
    const client = await signedIn({ retry: 1, timeout: false });
    controller.injectFault('GET /v1/me', { kind: 'status', status: 502 }, { times: 2 });
    const result = await drive(client.call(me));
    expect((result as { error: HttpError }).error.status).toBe(502);
    expect(controller.requests).toHaveLength(2);
    expect(controller.requests.every((r) => r.tokenStatus === 'valid')).toBe(true);
  });
});

describe('timeouts', () => {
  it('times out one attempt after `timeout` ms', async () => {
    useFakeTimers();
    const client = await signedIn({ timeout: 1_000, retry: 0 });
    controller.injectFault('GET /v1/me', { kind: 'latency', ms: 5_000 });
    const call = client.call(me).catch((e) => e);
    await vi.advanceTimersByTimeAsync(999);
    await vi.advanceTimersByTimeAsync(1);
    const error = await call;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.message).toBe('Request timed out (GET https://api.example.com/v1/me)');
  });

  it('takes a per-call timeout', async () => {
    useFakeTimers();
    const client = await signedIn({ retry: 0 });
    controller.injectFault('GET /v1/me', { kind: 'latency', ms: 5_000 });
    const result = await drive(client.call(me, undefined, { timeout: 200 }));
    expect((result as { error: unknown }).error).toBeInstanceOf(TimeoutError);
    expect(Date.now() - Date.parse('2026-06-01T12:00:00Z')).toBeLessThan(1_000);
  });

  it('bounds a call with all its retries by totalTimeout', async () => {
    useFakeTimers();
    const client = await signedIn({ totalTimeout: 2_500, timeout: false });
    controller.injectFault(
      'GET /v1/me',
      { kind: 'status', status: 503, retryAfter: 2 },
      { times: 5 },
    );
    const result = await drive(client.call(me));
    expect((result as { error: unknown }).error).toBeInstanceOf(TimeoutError);
    expect(Date.now() - Date.parse('2026-06-01T12:00:00Z')).toBeLessThanOrEqual(3_000);
  });
});

describe('cancellation', () => {
  it('aborts a call in flight with the signal reason', async () => {
    useFakeTimers();
    const client = await signedIn();
    controller.injectFault('GET /v1/me', { kind: 'latency', ms: 5_000 });
    const controllerAbort = new AbortController();
    const call = client.call(me, undefined, { signal: controllerAbort.signal }).catch((e) => e);
    await vi.advanceTimersByTimeAsync(100);
    controllerAbort.abort();
    const error = await call;
    expect(error).toBeInstanceOf(DOMException);
    expect(error.name).toBe('AbortError');
  });

  it('aborts a call waiting on a refresh without cancelling the refresh for the others', async () => {
    useFakeTimers();
    const client = await signedIn();
    controller.injectFault('POST /oauth/token', { kind: 'latency', ms: 2_000 });
    vi.setSystemTime(Date.now() + 3_600_000);
    const abort = new AbortController();
    const cancelled = client.call(me, undefined, { signal: abort.signal }).catch((e) => e);
    const others = Array.from({ length: 10 }, () => client.call(me));
    await vi.advanceTimersByTimeAsync(500);
    abort.abort();
    expect((await cancelled).name).toBe('AbortError');
    await vi.advanceTimersByTimeAsync(2_000);
    const results = await Promise.all(others);
    expect(results).toHaveLength(10);
    expect(controller.requests.filter((r) => r.route === 'POST /oauth/token')).toHaveLength(1);
    expect(controller.requests.filter((r) => r.route === 'GET /v1/me')).toHaveLength(10);
  });

  it('rejects at once for a signal aborted before the call', async () => {
    const client = await signedIn();
    const error = await client.call(me, undefined, { signal: AbortSignal.abort() }).catch((e) => e);
    expect(error.name).toBe('AbortError');
    expect(isAuthError(error)).toBe(false);
    expect(controller.requests).toHaveLength(0);
  });
});
