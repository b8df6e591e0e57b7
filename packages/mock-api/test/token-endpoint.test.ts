import { describe, expect, it } from 'vitest';
import { basic, decodeJwt, login, postForm, useMockApi } from './helpers.js';

const { controller } = useMockApi({ now: '2026-06-01T12:00:00Z' });

describe('password grant', () => {
  it('issues a signed JWT access token, a refresh token and the user scope', async () => {
    const { status, headers, body } = await postForm({
      grant_type: 'password',
      client_id: 'weather-web',
      username: 'demo',
      password: 'demo',
    });
    expect(status).toBe(200);
    expect(headers.get('cache-control')).toBe('no-store');
    expect(body).toEqual({
      access_token: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
      token_type: 'Bearer',
      expires_in: 3600,
      refresh_token: expect.any(String),
      scope: 'weather:read weather:write',
    });
    const claims = decodeJwt(body.access_token);
    expect(claims).toMatchObject({
      sub: 'demo',
      scope: 'weather:read weather:write',
      client_id: 'weather-web',
      iat: Date.parse('2026-06-01T12:00:00Z') / 1000,
      exp: Date.parse('2026-06-01T12:00:00Z') / 1000 + 3600,
    });
    expect(claims.jti).toEqual(expect.any(String));
  });

  it('grants the read-only viewer only weather:read', async () => {
    expect((await login('viewer')).scope).toBe('weather:read');
  });

  it('narrows the scope on request and refuses scopes beyond the user', async () => {
    expect((await login('demo', 'demo', 'weather:read')).scope).toBe('weather:read');
    const beyond = await postForm({
      grant_type: 'password',
      client_id: 'weather-web',
      username: 'viewer',
      password: 'viewer',
      scope: 'weather:write',
    });
    expect(beyond).toMatchObject({ status: 400, body: { error: 'invalid_scope' } });
    const unknown = await postForm({
      grant_type: 'password',
      client_id: 'weather-web',
      username: 'demo',
      password: 'demo',
      scope: 'admin',
    });
    expect(unknown).toMatchObject({ status: 400, body: { error: 'invalid_scope' } });
  });

  it('answers invalid_grant for a wrong password or an unknown user', async () => {
    for (const [username, password] of [
      ['demo', 'wrong'],
      ['nobody', 'demo'],
    ]) {
      const { status, body } = await postForm({
        grant_type: 'password',
        client_id: 'weather-web',
        username: username ?? '',
        password: password ?? '',
      });
      expect(status).toBe(400);
      expect(body).toEqual({ error: 'invalid_grant', error_description: expect.any(String) });
    }
  });

  it('answers invalid_request when username or password is missing', async () => {
    const { status, body } = await postForm({
      grant_type: 'password',
      client_id: 'weather-web',
      username: 'demo',
    });
    expect(status).toBe(400);
    expect(body.error).toBe('invalid_request');
  });

  it('signs users added through the controller in', async () => {
    controller.addUser({
      username: 'ada',
      password: 'lovelace',
      name: 'Ada',
      scope: ['weather:read'],
    });
    expect((await login('ada', 'lovelace')).scope).toBe('weather:read');
  });
});

describe('client_credentials grant', () => {
  it('accepts the secret in HTTP Basic and issues no refresh token', async () => {
    const { status, body } = await postForm(
      { grant_type: 'client_credentials' },
      { headers: { authorization: basic('weather-service', 'weather-service-secret') } },
    );
    expect(status).toBe(200);
    expect(body).toEqual({
      access_token: expect.any(String),
      token_type: 'Bearer',
      expires_in: 3600,
      scope: 'weather:read',
    });
    expect(decodeJwt(body.access_token).sub).toBe('weather-service');
  });

  it('accepts the secret in the body', async () => {
    const { status } = await postForm({
      grant_type: 'client_credentials',
      client_id: 'weather-service',
      client_secret: 'weather-service-secret',
    });
    expect(status).toBe(200);
  });

  it('answers invalid_client (401) for a wrong or missing secret, with a Basic challenge when Basic was used', async () => {
    const wrongBasic = await postForm(
      { grant_type: 'client_credentials' },
      { headers: { authorization: basic('weather-service', 'nope') } },
    );
    expect(wrongBasic.status).toBe(401);
    expect(wrongBasic.body.error).toBe('invalid_client');
    expect(wrongBasic.headers.get('www-authenticate')).toMatch(/^Basic /);

    const missing = await postForm({
      grant_type: 'client_credentials',
      client_id: 'weather-service',
    });
    expect(missing).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
  });

  it('refuses two client authentication methods at once', async () => {
    const { status, body } = await postForm(
      { grant_type: 'client_credentials', client_secret: 'weather-service-secret' },
      { headers: { authorization: basic('weather-service', 'weather-service-secret') } },
    );
    expect(status).toBe(400);
    expect(body.error).toBe('invalid_request');
  });
});

describe('token endpoint errors (RFC 6749 §5.2)', () => {
  it('answers invalid_client for an unknown or absent client', async () => {
    expect(
      await postForm({
        grant_type: 'password',
        client_id: 'stranger',
        username: 'demo',
        password: 'demo',
      }),
    ).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
    expect(
      await postForm({ grant_type: 'password', username: 'demo', password: 'demo' }),
    ).toMatchObject({
      status: 401,
      body: { error: 'invalid_client' },
    });
  });

  it('answers unsupported_grant_type and invalid_request for a missing grant_type', async () => {
    expect(
      await postForm({ grant_type: 'urn:example:unknown-grant', client_id: 'weather-web' }),
    ).toMatchObject({
      status: 400,
      body: { error: 'unsupported_grant_type' },
    });
    expect(await postForm({ client_id: 'weather-web' })).toMatchObject({
      status: 400,
      body: { error: 'invalid_request' },
    });
  });

  it('answers unauthorized_client for a grant the client may not use', async () => {
    expect(
      await postForm({ grant_type: 'client_credentials', client_id: 'weather-web' }),
    ).toMatchObject({
      status: 400,
      body: { error: 'unauthorized_client' },
    });
  });

  it('requires a form-encoded body', async () => {
    const response = await fetch('https://api.example.com/oauth/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'password',
        client_id: 'weather-web',
        username: 'demo',
        password: 'demo',
      }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_request' });
  });

  it('refuses a parameter sent twice', async () => {
    const response = await fetch('https://api.example.com/oauth/token', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=password&client_id=weather-web&username=demo&username=viewer&password=demo',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_request' });
  });

  it('records the grant type in the request log, never the password', async () => {
    await login();
    const [entry] = controller.requests;
    expect(entry).toMatchObject({ route: 'POST /oauth/token', grantType: 'password', status: 200 });
    expect(JSON.stringify(entry)).not.toContain('demo"');
  });
});
