/**
 * Sign-in with the authorization code flow, PKCE and OpenID Connect, against the mock API's OpenID
 * provider (a strict one: exact redirect URIs, single-use codes, signed ID tokens), and against
 * providers that misbehave in the ways each promise is about: a forged ID token signature, a
 * callback from another issuer, a reused or stale state, a key rotation.
 */
import { inspect } from 'node:util';
import { demoIdentities, type MockUser } from '@org/mock-api';
import { HttpResponse, http } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import {
  type AuthError,
  createClient,
  type OAuth2Options,
  oauth2,
  webStorage,
} from '../src/index.js';
import { BASE, fakeWebStorage, settle, useMockApi } from './helpers.js';

const api = useMockApi();
const { controller } = api;
const REDIRECT = 'http://localhost:5173/callback';

function codeClient(options: Partial<OAuth2Options> = {}) {
  const navigations: URL[] = [];
  const client = createClient({
    baseUrl: BASE,
    auth: oauth2({
      issuer: BASE,
      clientId: 'weather-web',
      redirectUri: REDIRECT,
      scope: 'openid profile offline_access weather:read',
      navigate: (url) => {
        navigations.push(url);
      },
      ...options,
    }),
  });
  return { client, navigations };
}

/** What the person does on the provider's page: signs in (or cancels); returns the callback URL. */
async function atLoginPage(url: URL, { username = 'demo', action = 'sign-in' } = {}) {
  const page = await fetch(url);
  const html = await page.text();
  const transaction = /name="transaction" value="([^"]+)"/.exec(html)?.[1];
  expect(transaction, html).toBeDefined();
  const back = await fetch(`${BASE}/oauth/authorize`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      transaction: transaction ?? '',
      username,
      password: username,
      action,
    }),
    redirect: 'manual',
  });
  expect(back.status).toBe(303);
  return new URL(back.headers.get('location') ?? '');
}

const codeExchanges = () =>
  controller.requests.filter((r) => r.grantType === 'authorization_code').length;

describe('signing in through the provider', () => {
  it('asks with PKCE S256, a fresh state and nonce, and signs the user in from the callback', async () => {
    const { client } = codeClient();
    const { url } = await client.session.createAuthorizationUrl({ returnTo: '/dashboard' });
    expect(url.origin + url.pathname).toBe(`${BASE}/oauth/authorize`);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      client_id: 'weather-web',
      redirect_uri: REDIRECT,
      response_type: 'code',
      scope: 'openid profile offline_access weather:read',
      code_challenge_method: 'S256',
      code_challenge: expect.stringMatching(/^[\w-]{43}$/),
      state: expect.stringMatching(/^[\w-]{20,}$/),
      nonce: expect.stringMatching(/^[\w-]{20,}$/),
    });
    const another = await client.session.createAuthorizationUrl();
    for (const name of ['state', 'nonce', 'code_challenge'])
      expect(another.url.searchParams.get(name)).not.toBe(url.searchParams.get(name));

    const callback = await atLoginPage(url);
    const result = await client.session.handleRedirectCallback(callback);
    expect(result).toEqual({ returnTo: '/dashboard' });
    const state = client.session.getState();
    expect(state.status).toBe('authenticated');
    expect(state.user).toMatchObject({
      iss: BASE,
      sub: 'demo',
      aud: 'weather-web',
      name: 'Demo User',
      preferred_username: 'demo',
    });
    const me = await client.ky.get('v1/me').json();
    expect(me).toMatchObject({ sub: 'demo', kind: 'user' });
  });

  it('navigates to the provider with signInWithRedirect', async () => {
    const { client, navigations } = codeClient();
    await client.session.signInWithRedirect({ loginHint: 'viewer', prompt: 'login' });
    expect(navigations).toHaveLength(1);
    expect(navigations[0]?.searchParams.get('login_hint')).toBe('viewer');
    expect(navigations[0]?.searchParams.get('prompt')).toBe('login');
  });

  it('survives the full-page redirect: a new page with the same web storage completes the sign-in', async () => {
    const storage = fakeWebStorage();
    const before = codeClient({ storage: webStorage(storage) }).client;
    const { url } = await before.session.createAuthorizationUrl({ returnTo: '/after' });
    const callback = await atLoginPage(url);
    // The page is gone; the redirect URI's page starts a new client on the same storage.
    const after = codeClient({ storage: webStorage(storage) }).client;
    expect(await after.session.handleRedirectCallback(callback)).toEqual({ returnTo: '/after' });
    expect(after.session.getState().user).toMatchObject({ sub: 'demo' });
    // A reload restores the session, user included.
    const reloaded = codeClient({ storage: webStorage(storage) }).client;
    expect(reloaded.session.getState()).toMatchObject({
      status: 'authenticated',
      user: { sub: 'demo' },
    });
    // The verifier and state left storage with the sign-in.
    expect(storage.getItem('org-client.session')).not.toContain(url.searchParams.get('state'));
  });

  it('exchanges one code once, however often the callback is handled at once (StrictMode, double clicks)', async () => {
    const { client } = codeClient();
    const { url } = await client.session.createAuthorizationUrl({ returnTo: '/x' });
    const callback = await atLoginPage(url);
    const { fulfilled, rejected } = await settle(
      Array.from({ length: 10 }, () => client.session.handleRedirectCallback(callback)),
    );
    expect(rejected).toEqual([]);
    expect(fulfilled).toEqual(Array(10).fill({ returnTo: '/x' }));
    expect(codeExchanges()).toBe(1);
    // And again later, for the same URL: the same answer, no request.
    expect(await client.session.handleRedirectCallback(callback.href)).toEqual({ returnTo: '/x' });
    expect(codeExchanges()).toBe(1);
  });

  it('refreshes like any session, the same user on a renewed ID token, and rotates the refresh token', async () => {
    const { client } = codeClient();
    const { url } = await client.session.createAuthorizationUrl();
    await client.session.handleRedirectCallback(await atLoginPage(url));
    const before = client.session.getState();
    controller.expireAccessTokens();
    expect(await client.ky.get('v1/me').json()).toMatchObject({ sub: 'demo' });
    const after = client.session.getState();
    expect(after).not.toBe(before);
    expect(after.user).toMatchObject({ sub: 'demo', name: before.user?.name, aud: 'weather-web' });
    expect(controller.requests.filter((r) => r.grantType === 'refresh_token')).toHaveLength(1);
    expect(controller.reuseDetections).toBe(0);
  });
});

describe('callbacks that are not answers to a sign-in of this app', () => {
  const refusal = (promise: Promise<unknown>) =>
    promise.then(
      () => {
        throw new Error('expected a refusal');
      },
      (error: AuthError) => error,
    );

  it('an unknown state, a state already used, and no state at all: invalid_callback, nothing sent', async () => {
    const { client } = codeClient();
    const { url } = await client.session.createAuthorizationUrl();
    const callback = await atLoginPage(url);
    const forged = new URL(callback);
    forged.searchParams.set('state', 'not-a-state-of-ours');
    expect(await refusal(client.session.handleRedirectCallback(forged))).toMatchObject({
      name: 'AuthError',
      code: 'invalid_callback',
    });
    forged.searchParams.delete('state');
    expect(await refusal(client.session.handleRedirectCallback(forged))).toMatchObject({
      code: 'invalid_callback',
    });
    await client.session.handleRedirectCallback(callback);
    // Another page (a new client on the same memory) cannot spend the same state again.
    const other = codeClient().client;
    expect(await refusal(other.session.handleRedirectCallback(callback))).toMatchObject({
      code: 'invalid_callback',
    });
    expect(codeExchanges()).toBe(1);
  });

  it('a sign-in older than 10 minutes: invalid_callback', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { client } = codeClient();
    const { url } = await client.session.createAuthorizationUrl();
    const callback = await atLoginPage(url);
    vi.setSystemTime(Date.now() + 10 * 60_000 + 1);
    expect(await refusal(client.session.handleRedirectCallback(callback))).toMatchObject({
      code: 'invalid_callback',
    });
    expect(codeExchanges()).toBe(0);
  });

  it('a callback naming another issuer (RFC 9207 mix-up): invalid_callback, the code never sent', async () => {
    const { client } = codeClient();
    const { url } = await client.session.createAuthorizationUrl();
    const callback = await atLoginPage(url);
    callback.searchParams.set('iss', 'https://evil.example');
    const error = await refusal(client.session.handleRedirectCallback(callback));
    expect(error).toMatchObject({ code: 'invalid_callback' });
    expect(codeExchanges()).toBe(0);
  });

  it('the user cancels: access_denied; prompt=none without a session: login_required', async () => {
    const { client } = codeClient();
    const { url } = await client.session.createAuthorizationUrl();
    const cancelled = await atLoginPage(url, { action: 'cancel' });
    expect(await refusal(client.session.handleRedirectCallback(cancelled))).toMatchObject({
      code: 'access_denied',
      oauthError: 'access_denied',
    });
    const silent = await client.session.createAuthorizationUrl({ prompt: 'none' });
    const answer = await fetch(silent.url, { redirect: 'manual' });
    const back = new URL(answer.headers.get('location') ?? '');
    expect(await refusal(client.session.handleRedirectCallback(back))).toMatchObject({
      code: 'login_required',
    });
    expect(client.session.getState().status).toBe('anonymous');
  });
});

describe('ID tokens, checked against the provider’s keys', () => {
  /** Lets the token endpoint answer, then changes what comes back. */
  function tamperTokenResponse(change: (body: Record<string, string>) => void) {
    api.server.use(
      http.post(
        `${BASE}/oauth/token`,
        async ({ request }) => {
          const real = await api.fetch(
            new Request(request.url, {
              method: 'POST',
              headers: request.headers,
              body: await request.text(),
            }),
          );
          const body = (await real.json()) as Record<string, string>;
          change(body);
          return HttpResponse.json(body, { status: real.status });
        },
        { once: true },
      ),
    );
  }

  it('refuses an ID token whose signature does not verify (invalid_id_token), signing nobody in', async () => {
    tamperTokenResponse((body) => {
      const [header, payload] = (body.id_token ?? '').split('.');
      const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString());
      claims.sub = 'viewer';
      body.id_token = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${'A'.repeat(86)}`;
    });
    const { client } = codeClient();
    const { url } = await client.session.createAuthorizationUrl();
    const error = await client.session
      .handleRedirectCallback(await atLoginPage(url))
      .catch((e: AuthError) => e);
    expect(error).toMatchObject({ name: 'AuthError', code: 'invalid_id_token' });
    expect(client.session.getState().status).toBe('anonymous');
  });

  it('refuses a valid ID token of an earlier sign-in (another nonce): invalid_id_token', async () => {
    const storage = fakeWebStorage();
    const { client } = codeClient({ storage: webStorage(storage) });
    const first = await client.session.createAuthorizationUrl();
    await client.session.handleRedirectCallback(await atLoginPage(first.url));
    const earlier = JSON.parse(storage.getItem('org-client.session') ?? '{}').idToken as string;
    expect(earlier).toMatch(/^ey/);
    tamperTokenResponse((body) => {
      body.id_token = earlier;
    });
    const second = await client.session.createAuthorizationUrl();
    const error = await client.session
      .handleRedirectCallback(await atLoginPage(second.url))
      .catch((e: AuthError) => e);
    expect(error).toMatchObject({ code: 'invalid_id_token' });
    expect(String(error)).not.toContain(earlier);
  });

  /** A code-flow session signed in as `username`, with its storage and the ID token it holds. */
  async function signedInAs(username = 'demo') {
    const storage = fakeWebStorage();
    const { client } = codeClient({ storage: webStorage(storage) });
    const { url } = await client.session.createAuthorizationUrl();
    await client.session.handleRedirectCallback(await atLoginPage(url, { username }));
    const idToken = () => JSON.parse(storage.getItem('org-client.session') ?? '{}').idToken;
    return { client, idToken };
  }

  it('takes the ID token of a refresh once it passed the checks: the user as the provider knows them now', async () => {
    const { client, idToken } = await signedInAs('demo');
    const first = idToken();
    const demo = demoIdentities.users.find((u) => u.username === 'demo');
    controller.addUser({ ...(demo as MockUser), name: 'Demo Renamed' });
    controller.clock.advance(1_000); // a later iat: another token
    await client.session.refresh();
    expect(client.session.getState().user).toMatchObject({ sub: 'demo', name: 'Demo Renamed' });
    expect(idToken()).not.toBe(first);
  });

  it('ends the session when a refresh brings the ID token of another user, adopting nothing', async () => {
    const viewer = (await signedInAs('viewer')).idToken() as string;
    const { client } = await signedInAs('demo');
    const events: string[] = [];
    client.session.subscribe((event) => events.push(event.type));
    const heldBefore = await client.session.getAccessToken();
    tamperTokenResponse((body) => {
      body.id_token = viewer;
    });
    const error = await client.session.refresh().catch((e: AuthError) => e);
    expect(error).toMatchObject({ name: 'AuthError', code: 'invalid_id_token' });
    expect((error as AuthError).message).toContain('its sub differs');
    expect(client.session.getState().status).toBe('expired');
    expect(events).toEqual(['expired']);
    expect(String(error)).not.toContain(viewer);
    expect(String(error)).not.toContain(heldBefore);
  });

  it('ends the session when a refresh brings an ID token whose signature does not verify', async () => {
    const { client } = await signedInAs('demo');
    tamperTokenResponse((body) => {
      const [header, payload] = (body.id_token ?? '').split('.');
      body.id_token = `${header}.${payload}.${'A'.repeat(86)}`;
    });
    await expect(client.session.refresh()).rejects.toMatchObject({ code: 'invalid_id_token' });
    expect(client.session.getState().status).toBe('expired');
  });

  it('keeps the tokens of a refresh and the user as they were when the keys cannot be fetched to check its ID token', async () => {
    const { client, idToken } = await signedInAs('demo');
    const first = idToken();
    const before = client.session.getState().user;
    controller.rotateSigningKeys(); // the new ID token's key is not in the cache: the JWKS is needed
    controller.injectFault('GET /oauth/jwks', { kind: 'network' });
    const held = await client.session.getAccessToken();
    await client.session.refresh();
    expect(await client.session.getAccessToken()).not.toBe(held);
    expect(client.session.getState()).toMatchObject({ status: 'authenticated', user: before });
    expect(idToken()).toBe(first);
  });

  it('picks up a rotated signing key by fetching the JWKS again, once', async () => {
    const { client } = codeClient();
    const first = await client.session.createAuthorizationUrl();
    await client.session.handleRedirectCallback(await atLoginPage(first.url));
    controller.rotateSigningKeys();
    const second = await client.session.createAuthorizationUrl();
    await client.session.handleRedirectCallback(await atLoginPage(second.url));
    expect(client.session.getState().user).toMatchObject({ sub: 'demo' });
    expect(controller.requests.filter((r) => r.path === '/oauth/jwks')).toHaveLength(2);
  });
});

describe('secrets of the code flow', () => {
  it('never shows the code, the verifier, the ID token or the tokens in errors, events or logs', async () => {
    const logged: unknown[] = [];
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((level) =>
      vi.spyOn(console, level).mockImplementation((...args) => {
        logged.push(...args);
      }),
    );
    const seen: string[] = [];
    const errors: unknown[] = [];
    try {
      // A token server that echoes what it got (the code and the verifier) in its refusal.
      api.server.use(
        http.post(
          `${BASE}/oauth/token`,
          async ({ request }) => {
            const form = new URLSearchParams(await request.text());
            seen.push(form.get('code') ?? '', form.get('code_verifier') ?? '');
            return HttpResponse.json(
              {
                error: 'invalid_grant',
                error_description: `code ${form.get('code')} with verifier ${form.get('code_verifier')} refused`,
              },
              { status: 400 },
            );
          },
          { once: true },
        ),
      );
      const storage = fakeWebStorage();
      const { client } = codeClient({ storage: webStorage(storage) });
      const events: unknown[] = [];
      client.session.subscribe((event) => events.push(event));
      const first = await client.session.createAuthorizationUrl();
      errors.push(
        await client.session.handleRedirectCallback(await atLoginPage(first.url)).catch((e) => e),
      );
      // Then a real sign-in, and a refresh whose refusal echoes every token the session holds.
      const second = await client.session.createAuthorizationUrl();
      await client.session.handleRedirectCallback(await atLoginPage(second.url));
      expect(client.session.getState()).not.toHaveProperty('idToken');
      const idToken = JSON.parse(storage.getItem('org-client.session') ?? '{}').idToken as string;
      expect(idToken).toMatch(/^ey/);
      const held = await client.session.getAccessToken();
      api.server.use(
        http.post(
          `${BASE}/oauth/token`,
          async ({ request }) => {
            const form = new URLSearchParams(await request.text());
            seen.push(held, form.get('refresh_token') ?? '', idToken);
            return HttpResponse.json(
              {
                error: 'invalid_request',
                error_description: `${form.get('refresh_token')} ${held} ${idToken}`,
              },
              { status: 400 },
            );
          },
          { once: true },
        ),
      );
      errors.push(await client.session.refresh().catch((e) => e));
      expect(seen.filter(Boolean)).toHaveLength(5);
      const everything = [
        ...errors.flatMap((e) => [String(e), JSON.stringify(e), inspect(e, { depth: 5 })]),
        JSON.stringify(events),
        inspect(events, { depth: 5 }),
        ...logged.map((entry) => inspect(entry, { depth: 5 })),
      ].join('\n');
      expect(errors.every((e) => e instanceof Error && e.name === 'AuthError')).toBe(true);
      for (const secret of seen) expect(everything).not.toContain(secret);
      expect(everything).toContain('[redacted]');
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });
});

describe('signing out', () => {
  it('revokes, clears and then ends the provider session with the ID token as hint', async () => {
    const { client, navigations } = codeClient();
    const { url } = await client.session.createAuthorizationUrl();
    await client.session.handleRedirectCallback(await atLoginPage(url));
    await client.session.logout({ endSession: true, returnTo: '/' });
    expect(client.session.getState().status).toBe('anonymous');
    expect(controller.requests.filter((r) => r.path === '/oauth/revoke')).toHaveLength(2);
    const end = navigations.at(-1);
    expect(end?.origin + (end?.pathname ?? '')).toBe(`${BASE}/oauth/logout`);
    expect(end?.searchParams.get('post_logout_redirect_uri')).toBe('http://localhost:5173/');
    expect(end?.searchParams.get('id_token_hint')).toMatch(/^ey/);
    const back = await fetch(end ?? '', { redirect: 'manual' });
    expect(back.status).toBe(303);
    expect(back.headers.get('location')).toBe('http://localhost:5173/');
  });
});

describe('options, checked when the client is made', () => {
  it.each([
    [{ issuer: 'http://id.example.com' }, 'issuer must use https (http only on loopback hosts)'],
    [{ issuer: 'not a url' }, 'issuer must be an absolute URL'],
    [{ redirectUri: 'http://app.example.com/cb' }, 'redirectUri must use https'],
    [{ redirectUri: undefined, grant: 'authorization_code' as const }, 'needs a redirectUri'],
    [
      { issuer: undefined, tokenUrl: '/t', authorizationUrl: '/a' },
      'ID tokens are validated against the issuer',
    ],
  ])('%j is refused', (options, message) => {
    expect(() =>
      oauth2({
        issuer: BASE,
        clientId: 'weather-web',
        redirectUri: REDIRECT,
        scope: 'openid',
        ...options,
      } as OAuth2Options),
    ).toThrow(message);
  });

  it('refuses sign-in options that would replace the flow’s own parameters', async () => {
    const { client } = codeClient();
    await expect(
      client.session.createAuthorizationUrl({ params: { state: 'mine' } }),
    ).rejects.toThrow('params may not set state');
    await expect(client.session.createAuthorizationUrl({ maxAge: -1 })).rejects.toThrow(
      'maxAge must be a whole number',
    );
  });

  it('a password-grant client refuses the redirect sign-in with a typed error', async () => {
    const client = createClient({
      baseUrl: BASE,
      auth: oauth2({ tokenUrl: '/oauth/token', clientId: 'weather-web' }),
    });
    await expect(client.session.signInWithRedirect()).rejects.toMatchObject({
      code: 'unsupported',
    });
  });

  it('a code-flow client refuses login() with a typed error naming its own way in, sending nothing', async () => {
    const { client } = codeClient();
    const failure = await client.session
      .login({ username: 'demo', password: 'demo' })
      .catch((error: AuthError) => error);
    expect(failure).toMatchObject({ name: 'AuthError', code: 'unsupported' });
    expect((failure as AuthError).message).toContain('signInWithRedirect() or signInWithPopup()');
    expect((failure as AuthError).message).not.toContain('client_credentials');
    expect(controller.requests).toEqual([]);
  });
});
