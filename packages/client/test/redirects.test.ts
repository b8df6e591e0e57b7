/**
 * Redirects against real servers on loopback (each port its own origin), not our mock: the
 * credential goes to no hop the origin policy does not allow, credential endpoints never follow a
 * redirect, and a 401 from a foreign origin spends no refresh.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bearer, createClient, oauth2 } from '../src/index.js';
import {
  json,
  type LoopbackServer,
  startLoopbackServer,
  tokenResponse,
} from './loopback-server.js';

let api: LoopbackServer;
let evil: LoopbackServer;
let issued = 0;
const current = () => `access-token-number-${issued}`;

beforeAll(async () => {
  evil = await startLoopbackServer((request, response) => {
    if (request.path === '/unauthorized') {
      json(
        response,
        401,
        { error: 'invalid_token' },
        { 'www-authenticate': 'Bearer error="invalid_token"' },
      );
    } else if (request.path === '/bounce-back') {
      response.writeHead(302, { location: `${api.url}/me` }).end();
    } else {
      json(response, 200, { collected: true });
    }
  });
  api = await startLoopbackServer((request, response) => {
    const redirect = (status: number, location: string) =>
      response.writeHead(status, { location }).end();
    switch (request.path) {
      case '/oauth/token':
        issued++;
        return tokenResponse(response, issued);
      case '/oauth/revoke':
        return json(response, 200, {});
      case '/me': {
        const sent = request.headers.authorization ?? request.headers['x-api-key'];
        return sent === `Bearer ${current()}` || sent === 'the-api-key-1234'
          ? json(response, 200, { sub: 'user-1' })
          : json(response, 401, {}, { 'www-authenticate': 'Bearer error="invalid_token"' });
      }
      case '/moved':
        return redirect(301, '/me');
      case '/to-evil':
        return redirect(302, `${evil.url}/collect`);
      case '/to-evil-307':
        return redirect(307, `${evil.url}/collect`);
      case '/to-evil-401':
        return redirect(302, `${evil.url}/unauthorized`);
      case '/bounce':
        return redirect(302, `${evil.url}/bounce-back`);
      case '/to-token':
        return redirect(307, '/oauth/token');
      default:
        return json(response, 404, {});
    }
  });
});
afterAll(async () => {
  await api.close();
  await evil.close();
});
beforeEach(() => {
  api.seen.length = 0;
  evil.seen.length = 0;
});

const signedIn = async () => {
  const client = createClient({
    baseUrl: api.url,
    auth: oauth2({ tokenUrl: '/oauth/token', revokeUrl: '/oauth/revoke', clientId: 'app' }),
  });
  await client.session.login({ username: 'u', password: 'a-long-password' });
  return client;
};
const credentialsSeenBy = (server: LoopbackServer) =>
  server.seen.filter((r) => r.headers.authorization || r.headers['x-api-key']);

describe('authenticated requests follow redirects hop by hop', () => {
  it('keeps the token on a same-origin redirect', async () => {
    const client = await signedIn();
    await expect(client.ky.get('moved').json()).resolves.toEqual({ sub: 'user-1' });
    expect(api.seen.at(-1)).toMatchObject({
      path: '/me',
      headers: { authorization: `Bearer ${current()}` },
    });
  });

  it.each([
    ['a custom API-key header', bearer('the-api-key-1234', { header: 'X-API-Key', scheme: '' })],
    ['a computed bearer token', bearer(() => 'computed-token-5678')],
    ['a static bearer token', bearer('static-token-9012')],
  ])('never carries %s to another origin (302 GET and 307 POST)', async (_, auth) => {
    const client = createClient({ baseUrl: api.url, auth });
    await expect(client.ky.get('to-evil').json()).resolves.toEqual({ collected: true });
    await expect(client.ky.post('to-evil-307', { json: { a: 1 } }).json()).resolves.toEqual({
      collected: true,
    });
    expect(evil.seen).toHaveLength(2);
    expect(credentialsSeenBy(evil)).toEqual([]);
    // The 307 re-sends the body (as fetch does), just not the credential.
    expect(evil.seen[1]).toMatchObject({ method: 'POST', body: '{"a":1}' });
  });

  it('never carries the OAuth token to another origin, and not back again after leaving', async () => {
    const client = await signedIn();
    await client.ky.get('to-evil').json();
    expect(credentialsSeenBy(evil)).toEqual([]);
    // api → evil → api: the chain left the allowed origins, so the token stays off for good.
    const response = await client.ky.get('bounce', { throwHttpErrors: false });
    expect(response.status).toBe(401);
    expect(api.seen.at(-1)).toMatchObject({ path: '/me' });
    expect(api.seen.at(-1)?.headers.authorization).toBeUndefined();
  });

  it('never sends the bearer into the token endpoint through a same-origin redirect', async () => {
    const client = await signedIn();
    await client.ky.post('to-token', { body: 'x=1', throwHttpErrors: false });
    const atTokenEndpoint = api.seen.filter((r) => r.path === '/oauth/token').at(-1);
    expect(atTokenEndpoint?.body).toBe('x=1');
    expect(atTokenEndpoint?.headers.authorization).toBeUndefined();
  });

  it('spends no refresh and replays nothing for a 401 from a foreign origin', async () => {
    const client = await signedIn();
    const before = issued;
    const error = await client.ky
      .get('to-evil-401')
      .json()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'AuthError', code: 'unauthorized', status: 401 });
    expect((error as Error).message).toContain('carried no credentials');
    expect(issued).toBe(before);
    expect(evil.seen).toHaveLength(1);
    expect(api.seen.filter((r) => r.path === '/to-evil-401')).toHaveLength(1);
  });
});

describe('credential endpoints never follow redirects', () => {
  const redirecting = async (path: string) => {
    const target = await startLoopbackServer((request, response) => {
      if (request.path === path)
        return void response.writeHead(307, { location: `${evil.url}/collect` }).end();
      issued++;
      return tokenResponse(response, issued);
    });
    return target;
  };

  it('does not re-post the password to wherever the token endpoint redirects', async () => {
    const server = await redirecting('/oauth/token');
    const client = createClient({
      baseUrl: server.url,
      auth: oauth2({ tokenUrl: '/oauth/token', clientId: 'app' }),
    });
    const error = await client.session
      .login({ username: 'u', password: 'a-long-password' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'AuthError', code: 'invalid_token_response', status: 307 });
    expect(evil.seen).toEqual([]);
    await server.close();
  });

  it('does not re-post the refresh token, and a redirect does not end the session', async () => {
    const server = await startLoopbackServer((request, response) => {
      if (request.body.includes('grant_type=refresh_token'))
        return void response.writeHead(308, { location: `${evil.url}/collect` }).end();
      issued++;
      return tokenResponse(response, issued);
    });
    const client = createClient({
      baseUrl: server.url,
      auth: oauth2({ tokenUrl: '/oauth/token', clientId: 'app', refreshRetries: 0 }),
    });
    await client.session.login({ username: 'u', password: 'a-long-password' });
    const events: string[] = [];
    client.session.subscribe((event) => events.push(event.type));
    await expect(client.session.refresh()).rejects.toMatchObject({
      code: 'invalid_token_response',
    });
    expect(evil.seen).toEqual([]);
    expect(client.session.getState().status).toBe('authenticated');
    expect(events).toEqual(['refresh-error']);
    await server.close();
  });

  it('does not re-post tokens to wherever the revocation endpoint redirects', async () => {
    const server = await redirecting('/oauth/revoke');
    const client = createClient({
      baseUrl: server.url,
      auth: oauth2({ tokenUrl: '/oauth/token', revokeUrl: '/oauth/revoke', clientId: 'app' }),
    });
    await client.session.login({ username: 'u', password: 'a-long-password' });
    await client.session.logout();
    expect(server.seen.filter((r) => r.path === '/oauth/revoke')).toHaveLength(2);
    expect(evil.seen).toEqual([]);
    await server.close();
  });
});

describe('hops the policy refuses, with a fetch that plays the network', () => {
  const clientOn = (fetch: typeof globalThis.fetch) =>
    createClient({ baseUrl: 'https://api.example.com', auth: bearer('secret-token-1'), fetch });

  /** A fetch that answers like servers would: `routes` maps URLs to responses. */
  const fakeNetwork = (routes: Record<string, () => Response>) => {
    const sent: Array<{ url: string; authorization: string | null; redirect: string }> = [];
    const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      sent.push({
        url: request.url,
        authorization: request.headers.get('authorization'),
        redirect: request.redirect,
      });
      const route = routes[request.url];
      return route ? route() : Response.json({}, { status: 404 });
    };
    return { fetch, sent };
  };

  it('drops the token when an https API redirects to plain http on the same host', async () => {
    const { fetch, sent } = fakeNetwork({
      'https://api.example.com/v1/data': () =>
        new Response(null, {
          status: 302,
          headers: { location: 'http://api.example.com/v1/data' },
        }),
      'http://api.example.com/v1/data': () => Response.json({ downgraded: true }),
    });
    const client = clientOn(fetch);
    await expect(client.ky.get('v1/data').json()).resolves.toEqual({ downgraded: true });
    expect(sent.map((r) => [r.url, r.authorization, r.redirect])).toEqual([
      ['https://api.example.com/v1/data', 'Bearer secret-token-1', 'manual'],
      ['http://api.example.com/v1/data', null, 'manual'],
    ]);
  });

  it('refuses, with a typed error, a redirect the environment hides (browsers make manual redirects opaque)', async () => {
    const opaque = () => {
      const response = new Response(null, { status: 200 });
      Object.defineProperties(response, {
        type: { value: 'opaqueredirect' },
        status: { value: 0 },
      });
      return response;
    };
    const { fetch, sent } = fakeNetwork({ 'https://api.example.com/v1/data': opaque });
    const client = clientOn(fetch);
    await expect(client.ky.get('v1/data').json()).rejects.toMatchObject({
      name: 'NetworkError',
      message: expect.stringContaining('does not say where to'),
    });
    expect(sent).toHaveLength(1);
  });

  it('stops after 20 redirects with a typed error', async () => {
    const { fetch, sent } = fakeNetwork({
      'https://api.example.com/loop': () =>
        new Response(null, { status: 302, headers: { location: '/loop' } }),
    });
    const client = clientOn(fetch);
    await expect(client.ky.get('loop').json()).rejects.toMatchObject({
      name: 'NetworkError',
      message: expect.stringContaining('more than 20 times'),
    });
    expect(sent).toHaveLength(21);
  });
});
