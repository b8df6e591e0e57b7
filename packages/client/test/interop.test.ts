import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AuthError, createClient, defineEndpoint, oauth2 } from '../src/index.js';
import { startInteropServer } from './interop-server.js';

let server: Awaited<ReturnType<typeof startInteropServer>>;
beforeAll(async () => {
  server = await startInteropServer();
});
afterAll(() => server?.close());

const me = defineEndpoint({ method: 'GET', path: '/me', response: z.object({ sub: z.string() }) });
const userClient = () =>
  createClient({
    baseUrl: server.url,
    auth: oauth2({ tokenUrl: '/token', clientId: 'web', refreshRetries: 0 }),
  });

describe('against @node-oauth/oauth2-server on 127.0.0.1', () => {
  it('signs in with the password grant and calls a protected resource', async () => {
    const client = userClient();
    await client.session.login({ username: 'alice', password: 'wonderland' });
    expect(client.session.getState()).toMatchObject({
      status: 'authenticated',
      expiresAt: expect.any(Number),
    });
    await expect(client.call(me)).resolves.toEqual({ sub: 'alice' });
  });

  it('refreshes with rotation: each refresh spends the old refresh token, which is then refused', async () => {
    const client = userClient();
    await client.session.login({ username: 'alice', password: 'wonderland' });
    const before = new Set(server.refreshTokens.keys());
    await client.session.refresh();
    await client.session.refresh();
    await expect(client.call(me)).resolves.toEqual({ sub: 'alice' });
    const spent = [...before].find((token) => !server.refreshTokens.has(token));
    expect(spent).toBeDefined();
    const reuse = await fetch(`${server.url}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: spent ?? '',
        client_id: 'web',
      }),
    });
    expect(reuse.status).toBe(400);
    expect(await reuse.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('gets tokens with client_credentials, authenticating with HTTP Basic', async () => {
    const client = createClient({
      baseUrl: server.url,
      auth: oauth2({
        tokenUrl: '/token',
        clientId: 'service',
        clientSecret: 'service-secret-value',
        grant: 'client_credentials',
      }),
    });
    await expect(client.call(me)).resolves.toEqual({ sub: 'service' });
  });

  it('maps its errors to our typed errors', async () => {
    const wrongPassword = await userClient()
      .session.login({ username: 'alice', password: 'nope' })
      .catch((e) => e);
    expect(wrongPassword).toBeInstanceOf(AuthError);
    expect(wrongPassword).toMatchObject({
      code: 'invalid_credentials',
      oauthError: 'invalid_grant',
      status: 400,
    });

    const unknownClient = createClient({
      baseUrl: server.url,
      auth: oauth2({ tokenUrl: '/token', clientId: 'stranger' }),
    });
    expect(
      await unknownClient.session
        .login({ username: 'alice', password: 'wonderland' })
        .catch((e) => e),
    ).toMatchObject({
      name: 'AuthError',
      code: 'invalid_client',
    });

    const client = userClient();
    await client.session.login({ username: 'alice', password: 'wonderland' });
    server.refreshTokens.clear(); // the server forgets every refresh token
    expect(await client.session.refresh().catch((e) => e)).toMatchObject({
      name: 'AuthError',
      code: 'session_expired',
      oauthError: 'invalid_grant',
    });
    expect(client.session.getState().status).toBe('expired');

    const stale = createClient({
      baseUrl: server.url,
      auth: oauth2({ tokenUrl: '/token', clientId: 'web' }),
    });
    await stale.session.setTokens({ accessToken: 'not-a-token-this-server-issued' });
    expect(await stale.call(me).catch((e) => e)).toMatchObject({
      name: 'AuthError',
      code: 'unauthorized',
      status: 401,
    });
  });
});
