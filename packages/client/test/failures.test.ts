/**
 * Every failure is typed: servers (real ones, on loopback) that reset or stall mid-body, refuse
 * connections, or ask to wait an hour; and programming errors stay programming errors.
 */
import { createServer } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  bearer,
  createClient,
  defineEndpoint,
  HttpError,
  oauth2,
  type SessionEvent,
  TimeoutError,
} from '../src/index.js';
import { type LoopbackServer, startLoopbackServer, tokenResponse } from './loopback-server.js';

const servers: LoopbackServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});
const serve = async (...args: Parameters<typeof startLoopbackServer>) => {
  const server = await startLoopbackServer(...args);
  servers.push(server);
  return server;
};

const anything = defineEndpoint({
  method: 'GET',
  path: '/data',
  response: {
    '~standard': { version: 1, vendor: 'test', validate: (value: unknown) => ({ value }) },
  },
});

describe('token responses that fail mid-body', () => {
  it('a reset is a NetworkError; the refresh is retried and reports refresh-error each time', async () => {
    let resets = 0;
    const server = await serve((request, response) => {
      if (request.body.includes('grant_type=refresh_token') && resets < 2) {
        resets++;
        response.writeHead(200, { 'content-type': 'application/json', 'content-length': '400' });
        response.write('{"access_token":"abc');
        setImmediate(() => response.destroy());
        return;
      }
      tokenResponse(response, resets + 1);
    });
    const client = createClient({
      baseUrl: server.url,
      auth: oauth2({ tokenUrl: '/oauth/token', clientId: 'app', refreshRetries: 3 }),
    });
    await client.session.login({ username: 'u', password: 'a-long-password' });
    const events: SessionEvent[] = [];
    client.session.subscribe((event) => events.push(event));
    // The back-off between attempts runs on fake timers; the server stays real.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let settled = false;
    const refreshed = client.session.refresh().finally(() => {
      settled = true;
    });
    for (let step = 0; step < 100 && !settled; step++) await vi.advanceTimersByTimeAsync(250);
    vi.useRealTimers();
    await refreshed;
    expect(events.map((e) => [e.type, e.error?.name])).toEqual([
      ['refresh-error', 'NetworkError'],
      ['refresh-error', 'NetworkError'],
      ['refresh', undefined],
    ]);
    expect(await client.session.getAccessToken()).toBe('access-token-number-3');
  });

  it('a reset at sign-in rejects with NetworkError, not a raw TypeError', async () => {
    const server = await serve((_, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': '400' });
      response.write('{"access_token":');
      setImmediate(() => response.destroy());
    });
    const client = createClient({
      baseUrl: server.url,
      auth: oauth2({ tokenUrl: '/oauth/token', clientId: 'app' }),
    });
    await expect(
      client.session.login({ username: 'u', password: 'a-long-password' }),
    ).rejects.toMatchObject({
      name: 'NetworkError',
    });
  });

  it('a stall mid-body is a TimeoutError within the client timeout', async () => {
    const server = await serve((_, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"access_token":');
      // …and nothing more: the socket stays open.
    });
    const client = createClient({
      baseUrl: server.url,
      timeout: 150,
      auth: oauth2({ tokenUrl: '/oauth/token', clientId: 'app' }),
    });
    await expect(
      client.session.login({ username: 'u', password: 'a-long-password' }),
    ).rejects.toBeInstanceOf(TimeoutError);
  });
});

describe('resource bodies that fail mid-stream', () => {
  const cutOff = () =>
    serve((_, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      response.write('{"items":[1,2,');
      setImmediate(() => response.destroy());
    });

  it('a 2xx body reset mid-stream is a NetworkError from call()', async () => {
    const server = await cutOff();
    const client = createClient({ baseUrl: server.url, auth: bearer('a-static-token-1') });
    await expect(client.call(anything)).rejects.toMatchObject({
      name: 'NetworkError',
      request: { method: 'GET' },
    });
  });

  it('a body that stalls is a TimeoutError, and a cancelled call rejects with the caller’s reason', async () => {
    let started: () => void = () => {};
    const bodyStarted = new Promise<void>((resolve) => {
      started = resolve;
    });
    const server = await serve((_, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"items":[', () => started());
    });
    const client = createClient({
      baseUrl: server.url,
      timeout: 150,
      auth: bearer('a-static-token-1'),
    });
    await expect(client.call(anything)).rejects.toBeInstanceOf(TimeoutError);
    const controller = new AbortController();
    const reason = new Error('user left the page');
    const pending = client.call(anything, undefined, { signal: controller.signal, timeout: false });
    await bodyStarted;
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
  });
});

describe('connections that fail', () => {
  it('keeps the errno: ECONNREFUSED is not a secret', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    const client = createClient({ baseUrl: `http://127.0.0.1:${port}`, retry: 0 });
    const error = await client.call(anything).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'NetworkError', code: 'ECONNREFUSED' });
    expect((error as Error).message).toContain('ECONNREFUSED');
  });
});

describe('programming errors stay programming errors', () => {
  it('a TypeError in a user hook rejects as itself, is not retried, and is not a NetworkError', async () => {
    const server = await serve((_, response) => {
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
    const bug = new TypeError("Cannot read properties of undefined (reading 'id')");
    const client = createClient({
      baseUrl: server.url,
      hooks: {
        afterResponse: [
          () => {
            throw bug;
          },
        ],
      },
    });
    await expect(client.call(anything)).rejects.toBe(bug);
    expect(server.seen).toHaveLength(1);
  });
});

describe('Retry-After', () => {
  it('is not waited out when it asks for an hour: the call fails at once with retryAfter, so the app decides', async () => {
    const server = await serve((_, response) => {
      response
        .writeHead(503, { 'retry-after': '3600', 'content-type': 'application/json' })
        .end('{}');
    });
    const client = createClient({ baseUrl: server.url, retry: 5 });
    const started = performance.now();
    const error = await client.call(anything).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ status: 503, retryAfter: 3600 });
    expect(server.seen).toHaveLength(1);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('reads an HTTP-date on the server’s clock, not ours', async () => {
    // The server's clock is an hour ahead of ours: "retry at server-now + 5 s" means 5 s, not 3,605 s.
    const serverNow = Date.now() + 3_600_000;
    const server = await serve((_, response) => {
      response
        .writeHead(429, {
          date: new Date(serverNow).toUTCString(),
          'retry-after': new Date(serverNow + 5_000).toUTCString(),
          'content-type': 'application/json',
        })
        .end('{}');
    });
    const plain = createClient({ baseUrl: server.url, retry: 0 });
    await expect(plain.call(anything)).rejects.toMatchObject({ status: 429, retryAfter: 5 });
    const authed = createClient({
      baseUrl: server.url,
      retry: 0,
      auth: bearer('a-static-token-1'),
    });
    await expect(authed.call(anything)).rejects.toMatchObject({ status: 429, retryAfter: 5 });
  });

  it('reads an HTTP-date on the server’s clock on the token path too', async () => {
    const serverNow = Date.now() - 7_200_000;
    const server = await serve((_, response) => {
      response
        .writeHead(429, {
          date: new Date(serverNow).toUTCString(),
          'retry-after': new Date(serverNow + 7_000).toUTCString(),
          'content-type': 'application/json',
        })
        .end('{"error":"slow_down"}');
    });
    const client = createClient({
      baseUrl: server.url,
      auth: oauth2({
        tokenUrl: '/oauth/token',
        clientId: 'svc',
        clientSecret: 'a-client-secret',
        grant: 'client_credentials',
        refreshRetries: 0,
      }),
    });
    await expect(client.session.getAccessToken()).rejects.toMatchObject({
      status: 429,
      retryAfter: 7,
    });
  });
});
