/**
 * The code flow against an OpenID provider that is not ours: panva's oidc-provider (a certified
 * OpenID Provider implementation), on 127.0.0.1, with PKCE required, its own sign-in and consent
 * pages (driven here as a browser would: cookies, forms, redirects), RS256 ID tokens, rotating
 * refresh tokens, revocation and RP-initiated logout.
 */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, oauth2 } from '../src/index.js';

const REDIRECT = 'http://127.0.0.1:5173/cb';
let issuer = '';
let close: () => Promise<void> = async () => {};
/** Every request the provider answered, by method and path. */
const seen: string[] = [];

beforeAll(async () => {
  // The issuer must be known before the provider starts: take a free port first.
  const probe = (await import('node:net')).createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const port = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  issuer = `http://127.0.0.1:${port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: 'interop-spa',
        token_endpoint_auth_method: 'none',
        redirect_uris: [REDIRECT],
        post_logout_redirect_uris: ['http://127.0.0.1:5173/'],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
      },
    ],
    pkce: { required: () => true },
    // Profile claims in the ID token too (by default this provider keeps them for userinfo).
    conformIdTokenClaims: false,
    claims: { openid: ['sub'], profile: ['name'] },
    findAccount: (_ctx: unknown, sub: string) => ({
      accountId: sub,
      claims: () => ({ sub, name: 'Interop User' }),
    }),
    features: {
      devInteractions: { enabled: true },
      revocation: { enabled: true },
      rpInitiatedLogout: { enabled: true },
    },
    cookies: { keys: ['interop-test-cookie-key'] },
  });
  provider.use(async (ctx: { method: string; path: string }, next: () => Promise<void>) => {
    seen.push(`${ctx.method} ${ctx.path}`);
    await next();
  });
  const server = provider.listen(port, '127.0.0.1');
  await once(server, 'listening');
  close = () => new Promise<void>((resolve) => server.close(() => resolve()));
});
afterAll(() => close());

/** A browser's part: follows redirects with a cookie jar, signs in and consents on the provider's pages. */
async function userSignsIn(start: URL, login = 'interop-user'): Promise<URL> {
  const jar = new Map<string, string>();
  const cookies = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const keep = (response: Response) => {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      jar.set(pair.slice(0, at), pair.slice(at + 1));
    }
  };
  let url = start.href;
  let body: URLSearchParams | undefined;
  for (let step = 0; step < 12; step++) {
    if (url.startsWith(REDIRECT)) return new URL(url);
    const response = await fetch(url, {
      method: body ? 'POST' : 'GET',
      headers: {
        cookie: cookies(),
        ...(body && { 'content-type': 'application/x-www-form-urlencoded' }),
      },
      ...(body && { body }),
      redirect: 'manual',
    });
    keep(response);
    body = undefined;
    const location = response.headers.get('location');
    if (location) {
      url = new URL(location, url).href;
      continue;
    }
    // A page: the sign-in form or the consent form; fill it in and submit, as the person would.
    const html = await response.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    const prompt = /name="prompt" value="([^"]+)"/.exec(html)?.[1];
    if (!action || !prompt)
      throw new Error(`unexpected page (${response.status}): ${html.slice(0, 300)}`);
    url = new URL(action.replaceAll('&amp;', '&'), url).href;
    body = new URLSearchParams({ prompt, login, password: 'any' });
  }
  throw new Error('the sign-in did not come back to the redirect URI within 12 steps');
}

function interopClient(navigations: URL[] = []) {
  return createClient({
    baseUrl: 'http://127.0.0.1:1', // no API in this test: the session is what is under test
    auth: oauth2({
      issuer,
      clientId: 'interop-spa',
      redirectUri: REDIRECT,
      scope: 'openid profile offline_access',
      navigate: (url) => {
        navigations.push(url);
      },
    }),
  });
}

describe('interoperability with oidc-provider (a certified OpenID provider)', () => {
  it('signs in with the code flow, refreshes with rotation, revokes and ends the session', async () => {
    const navigations: URL[] = [];
    const client = interopClient(navigations);
    const { url } = await client.session.createAuthorizationUrl({ prompt: 'consent' });
    const callback = await userSignsIn(url);
    expect(callback.searchParams.get('iss')).toBe(issuer);
    await client.session.handleRedirectCallback(callback);
    expect(client.session.getState()).toMatchObject({
      status: 'authenticated',
      user: { iss: issuer, sub: 'interop-user', aud: 'interop-spa', name: 'Interop User' },
    });
    const first = await client.session.getAccessToken();

    // Refresh twice: each time a new access token (the refresh token rotates at the provider,
    // which would refuse a reused one).
    await client.session.refresh();
    const second = await client.session.getAccessToken();
    await client.session.refresh();
    const third = await client.session.getAccessToken();
    expect(new Set([first, second, third]).size).toBe(3);
    expect(client.session.getState().user).toMatchObject({ sub: 'interop-user' });

    await client.session.logout({ endSession: true, returnTo: 'http://127.0.0.1:5173/' });
    expect(client.session.getState().status).toBe('anonymous');
    expect(seen.filter((s) => s === 'POST /token/revocation')).toHaveLength(2);
    const end = navigations.at(-1);
    expect(end?.pathname).toBe('/session/end');
    expect(end?.searchParams.get('id_token_hint')).toMatch(/^ey/);
    expect(end?.searchParams.get('post_logout_redirect_uri')).toBe('http://127.0.0.1:5173/');
    // The provider accepts the request: it shows its logout confirmation.
    const confirm = await fetch(end ?? '', { redirect: 'manual' });
    expect(confirm.status).toBe(200);
    expect(await confirm.text()).toContain('logout');
  });

  it('refuses a callback no sign-in of its own waits for, before anything reaches the provider', async () => {
    const client = interopClient();
    const { url } = await client.session.createAuthorizationUrl({ prompt: 'consent' });
    const callback = await userSignsIn(url);
    await client.session.handleRedirectCallback(callback);
    // The same code, presented by another page that somehow got the state: no sign-in of ours waits
    // for it, so nothing is sent.
    const other = interopClient();
    const before = seen.length;
    await expect(other.session.handleRedirectCallback(callback)).rejects.toMatchObject({
      code: 'invalid_callback',
    });
    expect(seen.slice(before).filter((s) => s.startsWith('POST /token'))).toEqual([]);
  });
});
