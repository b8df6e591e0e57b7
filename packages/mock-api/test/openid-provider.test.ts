/**
 * The mock as an OpenID provider, driven by oauth4webapi (a certified relying-party library, not our
 * client): discovery, the hosted login page a person uses, the code exchange with PKCE, ID tokens
 * whose signatures verify against the JWKS, userinfo, refresh, end session, and every refusal a
 * strict provider makes.
 */
import * as oauth from 'oauth4webapi';
import { describe, expect, it } from 'vitest';
import { MockApiState } from '../src/controller.js';
import { mockApiOf } from '../src/create-mock-api.js';
import { BRIDGE_HEADER } from '../src/oauth/page-bridge.js';
import { BASE, decodeJwt, login, postForm, useMockApi } from './helpers.js';

// The real clock: oauth4webapi checks ID token times against it. Tests move the mock's clock ahead.
const { controller } = useMockApi();

const ISSUER = new URL(BASE);
const client: oauth.Client = { client_id: 'weather-web' };
const REDIRECT = 'http://127.0.0.1:5173/callback';

const discover = async () =>
  oauth.processDiscoveryResponse(
    ISSUER,
    await oauth.discoveryRequest(ISSUER, { algorithm: 'oidc' }),
  );

interface Attempt {
  url: URL;
  state: string;
  nonce: string;
  verifier: string;
}

/** An authorization request as a relying party builds it; `params` override or remove (`null`) any. */
async function authorizationRequest(params: Record<string, string | null> = {}): Promise<Attempt> {
  const as = await discover();
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const nonce = oauth.generateRandomNonce();
  const url = new URL(as.authorization_endpoint ?? '');
  const all: Record<string, string | null> = {
    client_id: 'weather-web',
    redirect_uri: REDIRECT,
    response_type: 'code',
    scope: 'openid profile offline_access weather:read',
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    ...params,
  };
  for (const [name, value] of Object.entries(all))
    if (value !== null) url.searchParams.set(name, value);
  return { url, state, nonce, verifier };
}

/** Opens the login page and returns it with its transaction id. */
async function openLoginPage(url: URL) {
  const response = await fetch(url, { redirect: 'manual' });
  const html = await response.text();
  const transaction = /name="transaction" value="([^"]+)"/.exec(html)?.[1];
  return { response, html, transaction };
}

/** Submits the login form; returns the response (a 303 back to the app, or the page again). */
const submit = (fields: Record<string, string>) =>
  fetch(`${BASE}/oauth/authorize`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
    redirect: 'manual',
  });

/** The whole sign-in: login page, credentials, callback; returns what came back to the app. */
async function signIn(params: Record<string, string | null> = {}, username = 'demo') {
  const attempt = await authorizationRequest(params);
  const { transaction } = await openLoginPage(attempt.url);
  const back = await submit({
    transaction: transaction ?? '',
    username,
    password: username,
    action: 'sign-in',
  });
  expect(back.status).toBe(303);
  return { ...attempt, callback: new URL(back.headers.get('location') ?? '') };
}

/** Exchanges the code of a callback with oauth4webapi, validating the ID token's claims. */
async function exchange(attempt: Attempt & { callback: URL }) {
  const as = await discover();
  const params = oauth.validateAuthResponse(as, client, attempt.callback, attempt.state);
  const response = await oauth.authorizationCodeGrantRequest(
    as,
    client,
    oauth.None(),
    params,
    REDIRECT,
    attempt.verifier,
  );
  return oauth.processAuthorizationCodeResponse(as, client, response, {
    expectedNonce: attempt.nonce,
    requireIdToken: true,
  });
}

/** Verifies a compact ES256 JWS against the provider's JWKS. */
async function verifiesAgainstJwks(jwt: string): Promise<boolean> {
  const [header, payload, signature] = jwt.split('.') as [string, string, string];
  const { kid, alg } = JSON.parse(Buffer.from(header, 'base64url').toString()) as {
    kid: string;
    alg: string;
  };
  const { keys } = (await (await fetch(`${BASE}/oauth/jwks`)).json()) as {
    keys: Array<JsonWebKey & { kid: string }>;
  };
  const jwk = keys.find((key) => key.kid === kid);
  if (!jwk || alg !== 'ES256') return false;
  const key = await crypto.subtle.importKey(
    'jwk',
    jwk,
    { name: 'ECDSA', namedCurve: 'P-256' },
    false,
    ['verify'],
  );
  return crypto.subtle.verify(
    { name: 'ECDSA', hash: 'SHA-256' },
    key,
    Buffer.from(signature, 'base64url'),
    new TextEncoder().encode(`${header}.${payload}`),
  );
}

const tokenForm = (fields: Record<string, string>) =>
  postForm({
    grant_type: 'authorization_code',
    client_id: 'weather-web',
    redirect_uri: REDIRECT,
    ...fields,
  });

describe('discovery', () => {
  it('publishes one metadata document at both well-known URLs, which oauth4webapi accepts', async () => {
    const as = await discover();
    expect(as).toMatchObject({
      issuer: BASE,
      authorization_endpoint: `${BASE}/oauth/authorize`,
      token_endpoint: `${BASE}/oauth/token`,
      jwks_uri: `${BASE}/oauth/jwks`,
      userinfo_endpoint: `${BASE}/oauth/userinfo`,
      end_session_endpoint: `${BASE}/oauth/logout`,
      revocation_endpoint: `${BASE}/oauth/revoke`,
      code_challenge_methods_supported: ['S256'],
      id_token_signing_alg_values_supported: ['ES256'],
      authorization_response_iss_parameter_supported: true,
    });
    const rfc8414 = await oauth.processDiscoveryResponse(
      ISSUER,
      await oauth.discoveryRequest(ISSUER, { algorithm: 'oauth2' }),
    );
    expect(rfc8414).toEqual(as);
  });
});

describe('the code flow, end to end with oauth4webapi', () => {
  it('signs in on the login page and exchanges the code for tokens and a valid, signed ID token', async () => {
    const attempt = await signIn();
    expect(attempt.callback.origin + attempt.callback.pathname).toBe(REDIRECT);
    expect(attempt.callback.searchParams.get('iss')).toBe(BASE);
    const result = await exchange(attempt);
    expect(result).toMatchObject({
      token_type: 'bearer',
      expires_in: 3600,
      scope: 'openid profile offline_access weather:read',
      refresh_token: expect.any(String),
    });
    const claims = oauth.getValidatedIdTokenClaims(result);
    expect(claims).toMatchObject({
      iss: BASE,
      sub: 'demo',
      aud: 'weather-web',
      azp: 'weather-web',
      nonce: attempt.nonce,
      name: 'Demo User',
      preferred_username: 'demo',
    });
    expect(Math.abs((claims?.auth_time ?? 0) - Date.now() / 1000)).toBeLessThan(5);
    expect(await verifiesAgainstJwks(result.id_token ?? '')).toBe(true);
    const me = await fetch(`${BASE}/v1/me`, {
      headers: { authorization: `Bearer ${result.access_token}` },
    });
    expect(await me.json()).toMatchObject({ sub: 'demo', kind: 'user' });
  });

  it('answers userinfo, refreshes with a new ID token for the same user, and revokes', async () => {
    const as = await discover();
    const result = await exchange(await signIn());
    const info = await oauth.processUserInfoResponse(
      as,
      client,
      'demo',
      await oauth.userInfoRequest(as, client, result.access_token),
    );
    expect(info).toEqual({ sub: 'demo', name: 'Demo User', preferred_username: 'demo' });
    const refreshed = await oauth.processRefreshTokenResponse(
      as,
      client,
      await oauth.refreshTokenGrantRequest(as, client, oauth.None(), result.refresh_token ?? ''),
    );
    const claims = oauth.getValidatedIdTokenClaims(refreshed);
    expect(claims).toMatchObject({ sub: 'demo', aud: 'weather-web' });
    expect(claims).not.toHaveProperty('nonce');
    expect(await verifiesAgainstJwks(refreshed.id_token ?? '')).toBe(true);
    await oauth.processRevocationResponse(
      await oauth.revocationRequest(as, client, oauth.None(), refreshed.refresh_token ?? ''),
    );
    const after = await fetch(`${BASE}/v1/me`, {
      headers: { authorization: `Bearer ${refreshed.access_token}` },
    });
    expect(after.status).toBe(401);
  });

  it('gives a refresh token only for offline_access, and an ID token only for openid', async () => {
    const noOffline = await exchange(await signIn({ scope: 'openid weather:read' }));
    expect(noOffline.refresh_token).toBeUndefined();
    expect(oauth.getValidatedIdTokenClaims(noOffline)).not.toHaveProperty('name');
    const attempt = await signIn({ scope: 'weather:read', nonce: null });
    const code = attempt.callback.searchParams.get('code') ?? '';
    const plain = await tokenForm({ code, code_verifier: attempt.verifier });
    expect(plain.status).toBe(200);
    expect(plain.body.id_token).toBeUndefined();
  });

  it('grants a user only the scopes they have: the viewer asking to write gets read', async () => {
    const result = await exchange(
      await signIn({ scope: 'openid weather:read weather:write' }, 'viewer'),
    );
    expect(result.scope).toBe('openid weather:read');
  });

  it('sends the answer in the fragment for response_mode=fragment', async () => {
    const attempt = await signIn({ response_mode: 'fragment' });
    expect(attempt.callback.search).toBe('');
    const params = new URLSearchParams(attempt.callback.hash.slice(1));
    expect(params.get('state')).toBe(attempt.state);
    expect(params.get('code')).toEqual(expect.any(String));
  });

  it('signs with a new key after rotateSigningKeys(), still publishing the old one', async () => {
    const before = await exchange(await signIn());
    controller.rotateSigningKeys();
    const after = await exchange(await signIn());
    const kid = (jwt: string) =>
      JSON.parse(Buffer.from(jwt.split('.')[0] ?? '', 'base64url').toString()).kid as string;
    expect(kid(after.id_token ?? '')).not.toBe(kid(before.id_token ?? ''));
    const { keys } = (await (await fetch(`${BASE}/oauth/jwks`)).json()) as {
      keys: Array<{ kid: string }>;
    };
    expect(keys.map((key) => key.kid)).toEqual([
      kid(after.id_token ?? ''),
      kid(before.id_token ?? ''),
    ]);
    expect(await verifiesAgainstJwks(before.id_token ?? '')).toBe(true);
    expect(await verifiesAgainstJwks(after.id_token ?? '')).toBe(true);
  });
});

describe('the login page', () => {
  it('is a page a person can use: labelled fields, focus, the scopes asked for, no framing', async () => {
    const { response, html } = await openLoginPage((await authorizationRequest()).url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(response.headers.get('content-security-policy')).toContain('form-action');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<label for="username">Username</label>');
    expect(html).toContain('<label for="password">Password</label>');
    expect(html).toMatch(/<input id="username"[^>]* autofocus/);
    expect(html).toMatch(
      /<input id="password"[^>]*type="password"[^>]*autocomplete="current-password"/,
    );
    expect(html).toContain('Read weather and your favorite cities');
    expect(html).toMatch(
      /<button type="submit" name="action" value="cancel" formnovalidate>Cancel/,
    );
  });

  it('fills in login_hint and focuses the password instead', async () => {
    const { html } = await openLoginPage(
      (await authorizationRequest({ login_hint: 'viewer' })).url,
    );
    expect(html).toMatch(/<input id="username"[^>]*value="viewer"/);
    expect(html).not.toMatch(/<input id="username"[^>]* autofocus/);
    expect(html).toMatch(/<input id="password"[^>]* autofocus/);
  });

  it('escapes what the request puts on the page', async () => {
    const { html } = await openLoginPage(
      (await authorizationRequest({ login_hint: '"><script>alert(1)</script>' })).url,
    );
    expect(html).not.toContain('<script>');
    expect(html).toContain('&quot;&gt;&lt;script&gt;');
  });

  it('shows the page again with an alert after a wrong password, keeping the username', async () => {
    const attempt = await authorizationRequest();
    const { transaction } = await openLoginPage(attempt.url);
    const wrong = await submit({
      transaction: transaction ?? '',
      username: 'demo',
      password: 'nope',
      action: 'sign-in',
    });
    expect(wrong.status).toBe(200);
    expect(wrong.headers.get('location')).toBeNull();
    const html = await wrong.text();
    expect(html).toMatch(
      /<p role="alert" id="sign-in-error">That username and password do not match/,
    );
    expect(html).toMatch(/<input id="username"[^>]*value="demo"/);
    expect(html).toMatch(/<input id="password"[^>]*aria-invalid="true"/);
    // The same transaction still works with the right password.
    const right = await submit({
      transaction: transaction ?? '',
      username: 'demo',
      password: 'demo',
      action: 'sign-in',
    });
    expect(right.status).toBe(303);
  });

  it('sends access_denied with state and iss when the user cancels', async () => {
    const as = await discover();
    const attempt = await authorizationRequest();
    const { transaction } = await openLoginPage(attempt.url);
    const back = await submit({ transaction: transaction ?? '', action: 'cancel' });
    const callback = new URL(back.headers.get('location') ?? '');
    expect(callback.searchParams.get('error')).toBe('access_denied');
    expect(callback.searchParams.get('state')).toBe(attempt.state);
    expect(callback.searchParams.get('iss')).toBe(BASE);
    expect(() => oauth.validateAuthResponse(as, client, callback, attempt.state)).toThrow(
      oauth.AuthorizationResponseError,
    );
  });

  it('refuses a transaction that was used, or open longer than 10 minutes', async () => {
    const attempt = await authorizationRequest();
    const { transaction } = await openLoginPage(attempt.url);
    const fields = {
      transaction: transaction ?? '',
      username: 'demo',
      password: 'demo',
      action: 'sign-in',
    };
    expect((await submit(fields)).status).toBe(303);
    const again = await submit(fields);
    expect(again.status).toBe(400);
    expect(await again.text()).toContain('This sign-in has expired');

    const slow = await openLoginPage((await authorizationRequest()).url);
    controller.clock.advance(600_000);
    const late = await submit({ ...fields, transaction: slow.transaction ?? '' });
    expect(late.status).toBe(400);
    expect(late.headers.get('location')).toBeNull();
  });

  it('runs only its own script, allowed by a nonce that is new on every page', async () => {
    const nonces = [];
    for (let i = 0; i < 2; i++) {
      const { response, html } = await openLoginPage((await authorizationRequest()).url);
      const policy = response.headers.get('content-security-policy') ?? '';
      const allowed = /script-src 'nonce-([^']+)'/.exec(policy)?.[1];
      const scripts = [...html.matchAll(/<script nonce="([^"]+)">/g)].map((m) => m[1]);
      expect(scripts).toEqual([allowed]);
      expect(policy).toContain("default-src 'none'");
      nonces.push(allowed);
    }
    expect(nonces[0]).not.toBe(nonces[1]);
  });
});

describe('the login page in a popup of a page that runs the mock (the page bridge)', () => {
  /** Submits as the page's script does through its opener: with the bridge header. */
  const submitThroughOpener = (fields: Record<string, string>) =>
    fetch(`${BASE}/oauth/authorize`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        [BRIDGE_HEADER]: '1',
      },
      body: new URLSearchParams(fields),
      redirect: 'manual',
    });

  it('answers the way back to the app as JSON, whose code then buys tokens', async () => {
    const attempt = await authorizationRequest();
    const { transaction } = await openLoginPage(attempt.url);
    const back = await submitThroughOpener({
      transaction: transaction ?? '',
      username: 'demo',
      password: 'demo',
      action: 'sign-in',
    });
    expect(back.status).toBe(200);
    expect(back.headers.get('content-type')).toBe('application/json');
    const { location } = (await back.json()) as { location: string };
    const callback = new URL(location);
    expect(callback.origin + callback.pathname).toBe(REDIRECT);
    const tokens = await exchange({ ...attempt, callback });
    expect(tokens.access_token).toBeTruthy();
  });

  it('shows a wrong password as the page again, and a cancel as access_denied', async () => {
    const attempt = await authorizationRequest();
    const { transaction } = await openLoginPage(attempt.url);
    const wrong = await submitThroughOpener({
      transaction: transaction ?? '',
      username: 'demo',
      password: 'nope',
      action: 'sign-in',
    });
    expect(wrong.status).toBe(200);
    expect(wrong.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await wrong.text()).toContain('That username and password do not match');
    const cancelled = await submitThroughOpener({
      transaction: transaction ?? '',
      action: 'cancel',
    });
    const { location } = (await cancelled.json()) as { location: string };
    expect(new URL(location).searchParams.get('error')).toBe('access_denied');
  });

  it('on the in-page mock, carries a notice for a page that is not in its popup; elsewhere none', async () => {
    const inPage = new MockApiState({ baseUrl: BASE });
    inPage.pageHosted = true;
    const loginPageOf = async (state: MockApiState) => {
      const { url } = await authorizationRequest();
      return (await mockApiOf(state).fetch(url)).text();
    };
    const hosted = await loginPageOf(inPage);
    const served = await loginPageOf(new MockApiState({ baseUrl: BASE }));
    expect(hosted).toMatch(/<p role="alert" id="needs-popup" hidden>[^<]*in a popup/);
    expect(served).not.toContain('id="needs-popup"');
  });
});

describe('requests the provider does not send back to the app', () => {
  it.each([
    ['an unknown client', { client_id: 'nobody' }, 'Unknown application'],
    ['no client_id', { client_id: null }, 'Unknown application'],
    [
      'an unregistered redirect URI',
      { redirect_uri: 'https://evil.example/callback' },
      'Unregistered redirect URI',
    ],
    [
      'a registered path on another loopback host',
      { redirect_uri: 'http://[::1]:5173/callback' },
      'Unregistered',
    ],
    [
      'another path on loopback',
      { redirect_uri: 'http://127.0.0.1:5173/callback/x' },
      'Unregistered',
    ],
    ['https on loopback', { redirect_uri: 'https://127.0.0.1/callback' }, 'Unregistered'],
    ['a redirect URI with a fragment', { redirect_uri: `${REDIRECT}#x` }, 'Unregistered'],
    ['no redirect URI', { redirect_uri: null }, 'Unregistered'],
    ['a parameter sent twice', { scope: 'openid' }, 'Invalid sign-in request'],
  ])('%s gets an error page, never a redirect', async (name, params, title) => {
    const { url } = await authorizationRequest(params);
    if (name === 'a parameter sent twice') url.searchParams.append('scope', 'openid');
    const response = await fetch(url, { redirect: 'manual' });
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(await response.text()).toContain(title);
  });

  it('takes any port on a registered loopback redirect URI (RFC 8252)', async () => {
    for (const redirect_uri of ['http://localhost:8080/callback', 'http://127.0.0.1/callback']) {
      const { response } = await openLoginPage((await authorizationRequest({ redirect_uri })).url);
      expect(response.status).toBe(200);
    }
  });
});

describe('requests refused back on the redirect URI', () => {
  it.each([
    [
      'no PKCE from a public client',
      { code_challenge: null, code_challenge_method: null },
      'invalid_request',
    ],
    ['the plain PKCE method', { code_challenge_method: 'plain' }, 'invalid_request'],
    ['a code_challenge_method without a challenge', { code_challenge: null }, 'invalid_request'],
    ['a code_challenge too short', { code_challenge: 'abc' }, 'invalid_request'],
    ['response_type=token', { response_type: 'token' }, 'unsupported_response_type'],
    ['an unknown scope', { scope: 'openid admin' }, 'invalid_scope'],
    ['prompt=none (the mock keeps no sign-in session)', { prompt: 'none' }, 'login_required'],
    ['a request object', { request: 'eyJ.e30.' }, 'request_not_supported'],
    ['an unknown response_mode', { response_mode: 'form_post' }, 'invalid_request'],
  ])('%s: %s', async (_, params, error) => {
    const attempt = await authorizationRequest(params);
    const response = await fetch(attempt.url, { redirect: 'manual' });
    expect(response.status).toBe(303);
    const callback = new URL(response.headers.get('location') ?? '');
    expect(callback.origin + callback.pathname).toBe(REDIRECT);
    expect(callback.searchParams.get('error')).toBe(error);
    expect(callback.searchParams.get('state')).toBe(attempt.state);
    expect(callback.searchParams.get('iss')).toBe(BASE);
  });

  it('a client without the authorization code grant: unauthorized_client', async () => {
    controller.addClient({
      clientId: 'legacy',
      grants: ['password'],
      scope: ['weather:read'],
      redirectUris: [REDIRECT],
    });
    const attempt = await authorizationRequest({ client_id: 'legacy' });
    const response = await fetch(attempt.url, { redirect: 'manual' });
    expect(new URL(response.headers.get('location') ?? '').searchParams.get('error')).toBe(
      'unauthorized_client',
    );
  });
});

describe('the code at the token endpoint', () => {
  it.each([
    [
      'a wrong code_verifier',
      (a: Attempt) => ({ code_verifier: `${a.verifier.slice(1)}x` }),
      'code_verifier does not match',
    ],
    ['no code_verifier', () => ({ code_verifier: null }), 'code_verifier is required'],
    ['a short code_verifier', () => ({ code_verifier: 'short' }), 'code_verifier does not match'],
    [
      'another redirect_uri',
      () => ({ redirect_uri: 'http://127.0.0.1:5173/other' }),
      'redirect_uri differs',
    ],
    ['no redirect_uri', () => ({ redirect_uri: null }), 'redirect_uri differs'],
  ])('refuses %s with invalid_grant', async (_, change, description) => {
    const attempt = await signIn();
    const fields: Record<string, string | null> = {
      grant_type: 'authorization_code',
      client_id: 'weather-web',
      redirect_uri: REDIRECT,
      code: attempt.callback.searchParams.get('code'),
      code_verifier: attempt.verifier,
      ...change(attempt),
    };
    const sent = Object.fromEntries(
      Object.entries(fields).filter((entry): entry is [string, string] => entry[1] !== null),
    );
    const { status, body } = await postForm(sent);
    expect(status).toBe(400);
    expect(body).toMatchObject({
      error: 'invalid_grant',
      error_description: expect.stringContaining(description),
    });
  });

  it('is single use: a second exchange fails and revokes what the first one bought', async () => {
    const attempt = await signIn();
    const code = attempt.callback.searchParams.get('code') ?? '';
    const first = await tokenForm({ code, code_verifier: attempt.verifier });
    expect(first.status).toBe(200);
    const second = await tokenForm({ code, code_verifier: attempt.verifier });
    expect(second.body).toMatchObject({
      error: 'invalid_grant',
      error_description: expect.stringContaining('already used'),
    });
    const me = await fetch(`${BASE}/v1/me`, {
      headers: { authorization: `Bearer ${first.body.access_token}` },
    });
    expect(me.status).toBe(401);
    const refreshed = await postForm({
      grant_type: 'refresh_token',
      client_id: 'weather-web',
      refresh_token: first.body.refresh_token,
    });
    expect(refreshed.body.error).toBe('invalid_grant');
  });

  it('buys tokens once when 20 requests race with the same code', async () => {
    const attempt = await signIn();
    const code = attempt.callback.searchParams.get('code') ?? '';
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => tokenForm({ code, code_verifier: attempt.verifier })),
    );
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(1);
    expect(answers.filter((answer) => answer.body.error === 'invalid_grant')).toHaveLength(19);
  });

  it('expires 60 seconds after it was issued', async () => {
    const attempt = await signIn();
    controller.clock.advance(60_000);
    const late = await tokenForm({
      code: attempt.callback.searchParams.get('code') ?? '',
      code_verifier: attempt.verifier,
    });
    expect(late.body).toMatchObject({
      error: 'invalid_grant',
      error_description: 'The authorization code expired',
    });
  });

  it('refuses an unknown code, and a code issued to another client', async () => {
    expect((await tokenForm({ code: 'made-up', code_verifier: 'x'.repeat(43) })).body.error).toBe(
      'invalid_grant',
    );
    controller.addClient({
      clientId: 'other-app',
      grants: ['authorization_code'],
      scope: ['weather:read'],
      redirectUris: [REDIRECT],
    });
    const attempt = await signIn();
    const stolen = await postForm({
      grant_type: 'authorization_code',
      client_id: 'other-app',
      redirect_uri: REDIRECT,
      code: attempt.callback.searchParams.get('code') ?? '',
      code_verifier: attempt.verifier,
    });
    expect(stolen.body).toMatchObject({
      error: 'invalid_grant',
      error_description: expect.stringContaining('another client'),
    });
  });
});

describe('userinfo and end session', () => {
  it('userinfo needs a token with the openid scope', async () => {
    const { access_token } = await login();
    const response = await fetch(`${BASE}/oauth/userinfo`, {
      headers: { authorization: `Bearer ${access_token}` },
    });
    expect(response.status).toBe(403);
    expect(response.headers.get('www-authenticate')).toContain('insufficient_scope');
    const anonymous = await fetch(`${BASE}/oauth/userinfo`);
    expect(anonymous.status).toBe(401);
  });

  it('returns to a registered post_logout_redirect_uri with state, named by client_id or id_token_hint', async () => {
    const result = await exchange(await signIn());
    expect(decodeJwt(result.id_token ?? '').aud).toBe('weather-web');
    for (const who of [{ client_id: 'weather-web' }, { id_token_hint: result.id_token ?? '' }]) {
      const url = new URL(`${BASE}/oauth/logout`);
      for (const [name, value] of Object.entries({
        ...who,
        post_logout_redirect_uri: 'http://localhost:5173/',
        state: 's-1',
      }))
        url.searchParams.set(name, value);
      const response = await fetch(url, { redirect: 'manual' });
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe('http://localhost:5173/?state=s-1');
    }
  });

  it('stays on a signed-out page for an unregistered return URI or none', async () => {
    for (const query of [
      '?client_id=weather-web&post_logout_redirect_uri=https://evil.example/',
      '',
    ]) {
      const response = await fetch(`${BASE}/oauth/logout${query}`, { redirect: 'manual' });
      expect(response.status).toBe(200);
      expect(response.headers.get('location')).toBeNull();
      expect(await response.text()).toContain('You are signed out');
    }
  });
});
