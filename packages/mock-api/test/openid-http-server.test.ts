/**
 * The OpenID provider over a real socket (the `org-mock-api` HTTP server): what a browser does on a
 * full-page sign-in, step by step with plain fetch: discovery names the server's own URL as issuer,
 * the login page is served as HTML, the form answers with a 303 to the app, the code buys tokens
 * with an ID token, and end session sends the browser back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MockHttpServer, startMockHttpServer } from '../src/http-server.js';

let server: MockHttpServer;
beforeAll(async () => {
  server = await startMockHttpServer({ port: 0, log: () => {} });
});
afterAll(() => server.close());

const REDIRECT = 'http://localhost:5173/callback';
const base64url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');

describe('the OpenID provider on the HTTP server', () => {
  it('runs a whole sign-in as a browser would, and ends the session back on the app', async () => {
    const metadata = await (await fetch(`${server.url}/.well-known/openid-configuration`)).json();
    expect(metadata).toMatchObject({
      issuer: server.url,
      authorization_endpoint: `${server.url}/oauth/authorize`,
      jwks_uri: `${server.url}/oauth/jwks`,
    });

    const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
    const challenge = base64url(
      new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))),
    );
    const authorize = new URL(metadata.authorization_endpoint);
    authorize.search = new URLSearchParams({
      client_id: 'weather-web',
      redirect_uri: REDIRECT,
      response_type: 'code',
      scope: 'openid profile',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      state: 'state-1',
      nonce: 'nonce-1',
    }).toString();
    const page = await fetch(authorize);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    const html = await page.text();
    const transaction = /name="transaction" value="([^"]+)"/.exec(html)?.[1] ?? '';
    expect(html).toContain('<label');

    const back = await fetch(`${server.url}/oauth/authorize`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ transaction, username: 'demo', password: 'demo' }),
      redirect: 'manual',
    });
    expect(back.status).toBe(303);
    const callback = new URL(back.headers.get('location') ?? '');
    expect(callback.origin + callback.pathname).toBe(REDIRECT);
    expect(callback.searchParams.get('state')).toBe('state-1');
    expect(callback.searchParams.get('iss')).toBe(server.url);

    const tokens = await (
      await fetch(metadata.token_endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          client_id: 'weather-web',
          redirect_uri: REDIRECT,
          code: callback.searchParams.get('code') ?? '',
          code_verifier: verifier,
        }),
      })
    ).json();
    expect(tokens).toMatchObject({ token_type: 'Bearer', id_token: expect.any(String) });
    const claims = JSON.parse(Buffer.from(tokens.id_token.split('.')[1], 'base64url').toString());
    expect(claims).toMatchObject({ iss: server.url, aud: 'weather-web', nonce: 'nonce-1' });

    const logout = new URL(metadata.end_session_endpoint);
    logout.search = new URLSearchParams({
      id_token_hint: tokens.id_token,
      post_logout_redirect_uri: 'http://localhost:5173/',
      state: 'bye',
    }).toString();
    const out = await fetch(logout, { redirect: 'manual' });
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('http://localhost:5173/?state=bye');
  });
});
