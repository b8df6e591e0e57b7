import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type MockHttpServer, startMockHttpServer } from '../src/http-server.js';

const lines: string[] = [];
let server: MockHttpServer;

beforeAll(async () => {
  server = await startMockHttpServer({
    port: 0,
    now: '2026-06-01T12:00:00Z',
    log: (line) => lines.push(line),
  });
});
afterEach(() => {
  server.controller.reset();
  lines.length = 0;
});
afterAll(() => server.close());

async function login(base: string) {
  const response = await fetch(`${base}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'password',
      client_id: 'weather-web',
      username: 'demo',
      password: 'demo',
    }),
  });
  return { status: response.status, body: await response.json() };
}

describe('the mock API over a real socket', () => {
  it('listens on 127.0.0.1 and serves the same grants, rotation and resources', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const { status, body } = await login(server.url);
    expect(status).toBe(200);
    const weather = await fetch(`${server.url}/v1/weather/current/oslo`, {
      headers: { authorization: `Bearer ${body.access_token}` },
    });
    expect(weather.status).toBe(200);
    expect(weather.headers.get('date')).toBe('Mon, 01 Jun 2026 12:00:00 GMT');
    expect(await weather.json()).toMatchObject({
      city: 'oslo',
      observedAt: '2026-06-01T12:00:00.000Z',
    });

    const refresh = (token: string) =>
      fetch(`${server.url}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'refresh_token',
          client_id: 'weather-web',
          refresh_token: token,
        }),
      });
    expect((await refresh(body.refresh_token)).status).toBe(200);
    const reuse = await refresh(body.refresh_token);
    expect(reuse.status).toBe(400);
    expect(await reuse.json()).toMatchObject({ error: 'invalid_grant' });
    expect(server.controller.reuseDetections).toBe(1);
  });

  it('sends RFC 6750 challenges and PUT bodies through unchanged', async () => {
    const anonymous = await fetch(`${server.url}/v1/favorites`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer realm="weather-api"');
    const { body } = await login(server.url);
    const put = await fetch(`${server.url}/v1/favorites/berlin`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${body.access_token}` },
    });
    expect(put.status).toBe(201);
  });

  it('answers CORS preflights and exposes Date, WWW-Authenticate and Retry-After to browsers', async () => {
    const preflight = await fetch(`${server.url}/v1/me`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');
    const actual = await fetch(`${server.url}/v1/me`, {
      headers: { origin: 'http://localhost:5173' },
    });
    expect(actual.headers.get('access-control-expose-headers')).toBe(
      'date, www-authenticate, retry-after',
    );
  });

  it('answers unknown routes with a JSON 404', async () => {
    const response = await fetch(`${server.url}/v2/nothing`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: 'not_found' });
  });

  it('drops the connection for an injected network error', async () => {
    server.controller.injectFault('GET /v1/me', { kind: 'network' });
    await expect(fetch(`${server.url}/v1/me`)).rejects.toThrow();
    expect((await fetch(`${server.url}/v1/me`)).status).toBe(401);
  });

  it('logs one line per request with no token in it', async () => {
    const { body } = await login(server.url);
    await fetch(`${server.url}/v1/cities?access_token=${body.access_token}`, {
      headers: { authorization: `Bearer ${body.access_token}` },
    });
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^POST \/oauth\/token → 200 \d+ms$/);
    expect(lines[1]).toMatch(/^GET \/v1\/cities\?access_token=\[redacted\] → 200 \d+ms$/);
    expect(lines.join('\n')).not.toContain(body.access_token);
    expect(lines.join('\n')).not.toContain(body.refresh_token);
  });
});

describe('org-mock-api CLI', () => {
  let child: ChildProcess | undefined;
  afterEach(() => {
    child?.kill();
    child = undefined;
  });

  const start = async (args: string[]) => {
    const bin = fileURLToPath(new URL('../bin/org-mock-api.js', import.meta.url));
    const proc = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    let output = '';
    const collect = (chunk: string) => {
      output += chunk;
    };
    proc.stdout.setEncoding('utf8').on('data', collect);
    proc.stderr.setEncoding('utf8').on('data', collect);
    while (!/listening on http:\/\/\S+\n/.test(output)) {
      const [ended] = await Promise.race([
        once(proc.stdout, 'data'),
        once(proc, 'exit').then(() => [true]),
      ]);
      if (ended === true) throw new Error(`the CLI exited without listening:\n${output}`);
    }
    const url = /listening on (http:\/\/\S+)/.exec(output)?.[1] ?? '';
    return { url, output: () => output, proc };
  };

  it('serves on the port asked for, with the token lifetime asked for, and logs each request', async () => {
    const { url, output, proc } = await start(['--port', '0', '--access-token-ttl', '5']);
    expect(output()).toContain('demo/demo (weather:read weather:write)');
    const { status, body } = await login(url);
    expect(status).toBe(200);
    expect(body.expires_in).toBe(5);
    while (!output().includes('POST /oauth/token')) await once(proc.stdout, 'data');
    expect(output()).toMatch(/POST \/oauth\/token → 200/);
  });

  it('refuses bad options with a clear message and exit code 1', async () => {
    const bin = fileURLToPath(new URL('../bin/org-mock-api.js', import.meta.url));
    const proc = spawn(process.execPath, [bin, '--access-token-ttl', 'soon'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    proc.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const [code] = await once(proc, 'exit');
    expect(code).toBe(1);
    expect(stderr).toContain('--access-token-ttl must be a positive number, got "soon"');
  });
});
