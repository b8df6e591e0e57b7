/**
 * What each hop of a followed redirect is, as the Fetch standard says (method, body and the headers
 * that describe it), which headers survive a change of origin, and the redirects the transport
 * refuses with a typed error. A fake fetch plays the network and records every hop.
 */
import { describe, expect, it } from 'vitest';
import { bearer, createClient } from '../src/index.js';

const API = 'https://api.example.com';
const OTHER = 'https://other.example.net';

interface Hop {
  method: string;
  url: string;
  body: string;
  headers: Record<string, string>;
}

/** A fetch that answers `routes[url]` (404 elsewhere) and records each request as the server saw it. */
function network(routes: Record<string, (hop: Hop) => Response>) {
  const hops: Hop[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const hop = {
      method: request.method,
      url: request.url,
      body: await request.text(),
      headers: Object.fromEntries(request.headers),
    };
    hops.push(hop);
    const route = routes[request.url];
    return route ? route(hop) : Response.json({}, { status: 404 });
  };
  return { fetch, hops };
}

const redirect = (status: number, location: string) => () =>
  new Response(null, { status, headers: { location } });
const ok = () => Response.json({ ok: true });
const client = (fetch: typeof globalThis.fetch) =>
  createClient({ baseUrl: API, auth: bearer('secret-token-1'), fetch, retry: 0 });

describe('the request each redirect makes, as the Fetch standard says', () => {
  it.each([
    // status, method of the first request, method of the second, whether the body goes along
    [303, 'POST', 'GET', false],
    [303, 'PUT', 'GET', false],
    [303, 'HEAD', 'HEAD', false],
    [301, 'POST', 'GET', false],
    [302, 'POST', 'GET', false],
    [301, 'PUT', 'PUT', true],
    [302, 'PATCH', 'PATCH', true],
    [307, 'POST', 'POST', true],
    [308, 'PUT', 'PUT', true],
  ] as const)('%i after %s: then %s, body kept: %s', async (status, method, then, keepsBody) => {
    const { fetch, hops } = network({
      [`${API}/start`]: redirect(status, '/end'),
      [`${API}/end`]: ok,
    });
    const body = method === 'HEAD' ? {} : { json: { city: 'oslo' } };
    const response = await client(fetch).ky(`start`, { method, ...body });
    expect(response.status).toBe(200);
    expect(hops.map((hop) => [hop.method, hop.url])).toEqual([
      [method, `${API}/start`],
      [then, `${API}/end`],
    ]);
    const [first, second] = hops as [Hop, Hop];
    if (method !== 'HEAD') expect(first.body).toBe('{"city":"oslo"}');
    expect(second.body).toBe(keepsBody ? '{"city":"oslo"}' : '');
    expect(second.headers['content-type']).toBe(keepsBody ? 'application/json' : undefined);
    expect(second.headers.authorization).toBe('Bearer secret-token-1');
  });

  it('a 303 back to the same URL turns a POST into a GET there', async () => {
    const { fetch, hops } = network({
      [`${API}/form`]: (hop) => (hop.method === 'POST' ? redirect(303, '/form')() : ok()),
    });
    await expect(
      client(fetch)
        .ky.post('form', { json: { a: 1 } })
        .json(),
    ).resolves.toEqual({
      ok: true,
    });
    expect(hops.map((hop) => [hop.method, hop.body])).toEqual([
      ['POST', '{"a":1}'],
      ['GET', ''],
    ]);
  });

  it('drops the headers that describe a body along with the body', async () => {
    const { fetch, hops } = network({
      [`${API}/upload`]: redirect(303, '/done'),
      [`${API}/done`]: ok,
    });
    await client(fetch).ky.post('upload', {
      body: 'plain words',
      headers: {
        'content-type': 'text/plain',
        'content-language': 'en',
        'content-location': '/upload/1',
        'content-encoding': 'identity',
        'x-trace': 'kept',
      },
    });
    const second = hops[1] as Hop;
    for (const name of ['content-type', 'content-language', 'content-location', 'content-encoding'])
      expect(second.headers[name], name).toBeUndefined();
    expect(second.headers['x-trace']).toBe('kept');
  });
});

describe('headers that authenticate whoever sends them', () => {
  const sent = { cookie: 'session=abc', 'proxy-authorization': 'Basic cHJveHk6cGFzcw==' };
  const picked = (hop: Hop) => ({
    authorization: hop.headers.authorization,
    cookie: hop.headers.cookie,
    'proxy-authorization': hop.headers['proxy-authorization'],
  });

  it('stay on a same-origin redirect', async () => {
    const { fetch, hops } = network({ [`${API}/a`]: redirect(302, '/b'), [`${API}/b`]: ok });
    await client(fetch).ky.get('a', { headers: sent });
    expect(picked(hops[1] as Hop)).toEqual({ authorization: 'Bearer secret-token-1', ...sent });
  });

  it('are dropped when the chain leaves the origin, and stay dropped when it comes back', async () => {
    const { fetch, hops } = network({
      [`${API}/a`]: redirect(302, `${OTHER}/b`),
      [`${OTHER}/b`]: redirect(302, `${API}/c`),
      [`${API}/c`]: ok,
    });
    await client(fetch).ky.get('a', { headers: sent });
    expect(hops.map(picked)).toEqual([
      { authorization: 'Bearer secret-token-1', ...sent },
      { authorization: undefined, cookie: undefined, 'proxy-authorization': undefined },
      { authorization: undefined, cookie: undefined, 'proxy-authorization': undefined },
    ]);
  });

  it('a value the app put in the credential header itself does not leave the origin either', async () => {
    const { fetch, hops } = network({
      [`${API}/a`]: redirect(307, `${OTHER}/b`),
      [`${OTHER}/b`]: ok,
    });
    const keyed = createClient({
      baseUrl: API,
      auth: bearer('the-api-key-1', { header: 'X-API-Key', scheme: '' }),
      fetch,
    });
    await keyed.ky.get('a', { headers: { 'x-api-key': 'typed-by-the-app' } });
    expect(hops.map((hop) => hop.headers['x-api-key'])).toEqual(['the-api-key-1', undefined]);
  });
});

describe('redirects the transport does not follow', () => {
  it('returns the redirect itself when the request asks for redirect: "manual"', async () => {
    const { fetch, hops } = network({ [`${API}/a`]: redirect(302, '/b'), [`${API}/b`]: ok });
    const response = await client(fetch).ky.get('a', {
      redirect: 'manual',
      throwHttpErrors: false,
    });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/b');
    expect(hops).toHaveLength(1);
  });

  it.each([
    [
      'redirect: "error" was asked for',
      redirect(302, '/b'),
      { redirect: 'error' },
      'redirect: "error"',
    ],
    ['the Location does not parse', redirect(302, 'http://[::1'), {}, 'a URL that does not parse'],
    [
      'the Location is not http(s)',
      redirect(302, 'ftp://files.example.com/x'),
      {},
      'to a ftp: URL',
    ],
    ['the Location is a data: URL', redirect(307, 'data:text/plain,hi'), {}, 'to a data: URL'],
  ] as const)(
    'fails with a NetworkError when %s, after one request',
    async (_, route, options, message) => {
      const { fetch, hops } = network({ [`${API}/a`]: route, [`${API}/b`]: ok });
      const error = await client(fetch)
        .ky.get('a', options as RequestInit)
        .catch((e) => e);
      expect(error).toMatchObject({
        name: 'NetworkError',
        request: { method: 'GET', url: `${API}/a` },
      });
      expect(error.message).toContain(message);
      expect(hops).toHaveLength(1);
    },
  );

  it('a 3xx without a Location is the response, not a redirect', async () => {
    const { fetch, hops } = network({
      [`${API}/a`]: () => new Response('not modified', { status: 300 }),
    });
    const response = await client(fetch).ky.get('a', { throwHttpErrors: false });
    expect(response.status).toBe(300);
    expect(hops).toHaveLength(1);
  });
});

describe('what a 401 says about the hop that got it', () => {
  const unauthorized = () =>
    Response.json({}, { status: 401, headers: { 'www-authenticate': 'Bearer' } });

  it('a 401 to a hop that carried the token: the API rejected it', async () => {
    const { fetch } = network({ [`${API}/a`]: redirect(302, '/b'), [`${API}/b`]: unauthorized });
    const error = await client(fetch)
      .ky.get('a')
      .catch((e) => e);
    expect(error).toMatchObject({ name: 'AuthError', code: 'unauthorized' });
    expect(error.message).toContain('rejected the access token');
  });

  it('a 401 to a hop past the origin, which carried none: no credentials were sent', async () => {
    const { fetch, hops } = network({
      [`${API}/a`]: redirect(302, `${OTHER}/b`),
      [`${OTHER}/b`]: unauthorized,
    });
    const error = await client(fetch)
      .ky.get('a')
      .catch((e) => e);
    expect(error).toMatchObject({ name: 'AuthError', code: 'unauthorized' });
    expect(error.message).toContain('carried no credentials');
    expect(hops).toHaveLength(2);
  });
});
