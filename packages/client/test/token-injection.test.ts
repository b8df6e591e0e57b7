import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { bearer, createClient, defineEndpoint, oauth2 } from '../src/index.js';
import { BASE, oauthClient, useMockApi } from './helpers.js';
import { me } from './weather-api.js';

const { server, controller } = useMockApi();

/** Records the Authorization (and X-API-Key) header that reached each URL outside the mock API. */
function recordHeaders() {
  const seen = new Map<string, string | null>();
  server.use(
    http.all('*', ({ request }) => {
      const url = new URL(request.url);
      if (url.origin === BASE && !url.pathname.startsWith('/elsewhere')) return undefined;
      seen.set(
        request.url,
        request.headers.get('authorization') ?? request.headers.get('x-api-key'),
      );
      return HttpResponse.json({});
    }),
  );
  return seen;
}

describe('which requests carry the token', () => {
  it('sends it to the API origin, through call() and client.ky alike', async () => {
    const client = oauthClient();
    await client.session.login({ username: 'demo', password: 'demo' });
    await client.call(me);
    await client.ky.get('v1/me').json();
    const [login, viaCall, viaKy] = controller.requests;
    expect(login?.token).toBeUndefined();
    expect(viaCall?.tokenStatus).toBe('valid');
    expect(viaKy?.tokenStatus).toBe('valid');
  });

  it.each([
    ['another host', 'https://evil.test/steal'],
    ['another port', 'https://api.example.com:8443/v1/me'],
    ['another scheme (plain http)', 'http://api.example.com/v1/me'],
    ['a look-alike subdomain', 'https://api.example.com.evil.test/v1/me'],
    ['a trailing-dot host', 'https://api.example.com./v1/me'],
    ['an IDN look-alike (Cyrillic а)', 'https://аpi.example.com/v1/me'],
    ['a protocol-relative URL', '//evil.test/v1/me'],
  ])('never sends it to %s', async (_case, url) => {
    const seen = recordHeaders();
    const client = oauthClient();
    await client.session.login({ username: 'demo', password: 'demo' });
    await client.ky.get(url);
    expect(seen.size).toBe(1);
    expect([...seen.values()]).toEqual([null]);
  });

  it('never sends it to a user-info trick (fetch refuses such URLs outright)', async () => {
    const seen = recordHeaders();
    const client = oauthClient();
    await client.session.login({ username: 'demo', password: 'demo' });
    expect(() => client.ky.get('https://api.example.com@evil.test/v1/me')).toThrow(/credentials/);
    expect(seen.size).toBe(0);
    expect(controller.requests).toHaveLength(1);
  });

  it('sends it to an uppercase spelling of the API host, which is the same origin', async () => {
    const client = oauthClient();
    await client.session.login({ username: 'demo', password: 'demo' });
    await client.ky.get('HTTPS://API.EXAMPLE.COM/v1/me');
    expect(controller.requests.at(-1)?.tokenStatus).toBe('valid');
  });

  it('sends it to allowedOrigins, and nowhere else', async () => {
    const seen = recordHeaders();
    const client = oauthClient({}, { allowedOrigins: ['https://uploads.example.com'] });
    await client.session.login({ username: 'demo', password: 'demo' });
    await client.ky.get('https://uploads.example.com/x');
    await client.ky.get('https://downloads.example.com/x');
    expect(seen.get('https://uploads.example.com/x')).toMatch(/^Bearer /);
    expect(seen.get('https://downloads.example.com/x')).toBeNull();
  });

  it('never sends it as a bearer to the token or revocation endpoints', async () => {
    const client = oauthClient();
    await client.session.login({ username: 'demo', password: 'demo' });
    await client.ky.post('oauth/token', {
      body: new URLSearchParams({ grant_type: 'password' }),
      throwHttpErrors: false,
    });
    await client.ky.post('oauth/revoke', {
      body: new URLSearchParams({ token: 'x' }),
      throwHttpErrors: false,
    });
    expect(controller.requests.slice(1).map((r) => r.token)).toEqual([undefined, undefined]);
  });

  it('sends nothing for a public endpoint, even with a session', async () => {
    const client = oauthClient();
    await client.session.login({ username: 'demo', password: 'demo' });
    const publicCities = defineEndpoint({
      method: 'GET',
      path: '/v1/cities',
      response: z.unknown(),
      auth: false,
    });
    await client.call(publicCities).catch(() => undefined);
    expect(controller.requests.at(-1)).toMatchObject({
      route: 'GET /v1/cities',
      tokenStatus: 'none',
      status: 401,
    });
  });

  it('refuses to create a client that would send tokens over plain http to another machine', () => {
    expect(() =>
      createClient({ baseUrl: 'http://api.example.com', auth: bearer('secret-token-1234') }),
    ).toThrow(/never sent over plain http/);
    expect(() =>
      createClient({
        baseUrl: 'https://api.example.com',
        auth: bearer('t'),
        allowedOrigins: ['http://cdn.example.com'],
      }),
    ).toThrow(/never sent over plain http/);
    for (const baseUrl of ['http://localhost:4010', 'http://127.0.0.1:4010', 'http://[::1]:4010']) {
      expect(() => createClient({ baseUrl, auth: bearer('secret-token-1234') })).not.toThrow();
    }
  });

  it('refuses a baseUrl that is not an absolute http(s) URL', () => {
    expect(() => createClient({ baseUrl: '/api' })).toThrow(/baseUrl must be an absolute URL/);
    expect(() => createClient({ baseUrl: 'ftp://example.com' })).toThrow(/must be http\(s\)/);
  });
});

describe('bearer()', () => {
  it('sends a static token', async () => {
    const { access_token } = await (
      await fetch(`${BASE}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'password',
          client_id: 'weather-web',
          username: 'demo',
          password: 'demo',
        }),
      })
    ).json();
    const client = createClient({ baseUrl: BASE, auth: bearer(access_token) });
    expect(client.session.getState()).toEqual({ status: 'authenticated' });
    await expect(client.call(me)).resolves.toMatchObject({ sub: 'demo' });
    expect(controller.requests.at(-1)?.token).toBe(access_token);
  });

  it('calls a token function for every request, and once more after a 401', async () => {
    const tokens = ['stale-token-aaaa', 'fresh-token-bbbb', 'fresh-token-bbbb'];
    const seen: Array<string | null> = [];
    server.use(
      http.get(`${BASE}/v1/me`, ({ request }) => {
        const header = request.headers.get('authorization');
        seen.push(header);
        return header === 'Bearer fresh-token-bbbb'
          ? HttpResponse.json({ sub: 'svc', kind: 'client', scope: [] })
          : HttpResponse.json({ error: 'invalid_token' }, { status: 401 });
      }),
    );
    let calls = 0;
    const client = createClient({
      baseUrl: BASE,
      auth: bearer(async () => tokens[calls++] ?? 'none'),
    });
    await expect(client.call(me)).resolves.toMatchObject({ sub: 'svc' });
    expect(seen).toEqual(['Bearer stale-token-aaaa', 'Bearer fresh-token-bbbb']);
  });

  it('writes API keys into a custom header with no scheme', async () => {
    const seen = recordHeaders();
    const client = createClient({
      baseUrl: BASE,
      auth: bearer('key-123456789', { header: 'X-API-Key', scheme: '' }),
    });
    await client.ky.get('elsewhere');
    expect(seen.get(`${BASE}/elsewhere`)).toBe('key-123456789');
  });

  it('refuses an empty token or an invalid header name', () => {
    expect(() => bearer('')).toThrow(/non-empty token/);
    expect(() => bearer('t', { header: 'Bad Header' })).toThrow(/not a valid header name/);
  });
});

describe('without auth', () => {
  it('sends no token and reports an anonymous session', async () => {
    const client = createClient({ baseUrl: BASE });
    expect(client.session.getState()).toEqual({ status: 'anonymous' });
    await expect(client.call(me)).rejects.toMatchObject({
      name: 'AuthError',
      code: 'unauthorized',
    });
    expect(controller.requests.at(-1)?.tokenStatus).toBe('none');
  });

  it('oauth2() validates its options eagerly', () => {
    expect(() => oauth2({ tokenUrl: '', clientId: 'x' })).toThrow(
      /@org\/client: oauth2: tokenUrl is required/,
    );
    expect(() => oauth2({ tokenUrl: '/t', clientId: 'x', grant: 'client_credentials' })).toThrow(
      /needs a clientSecret/,
    );
    expect(() => oauth2({ tokenUrl: '/t', clientId: 'x', refreshLeeway: -1 })).toThrow(
      /refreshLeeway/,
    );
  });
});
