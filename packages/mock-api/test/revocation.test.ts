import { describe, expect, it } from 'vitest';
import { api, basic, login, postForm, refresh, useMockApi } from './helpers.js';

const { controller } = useMockApi();
const revoke = (
  token: string,
  extra: Record<string, string> = { client_id: 'weather-web' },
  headers = {},
) => postForm({ token, ...extra }, { path: '/oauth/revoke', headers });

describe('POST /oauth/revoke (RFC 7009)', () => {
  it('revokes an access token', async () => {
    const tokens = await login();
    expect((await revoke(tokens.access_token)).status).toBe(200);
    const me = await api('/v1/me', tokens.access_token);
    expect(me.status).toBe(401);
    expect(me.headers.get('www-authenticate')).toContain(
      'error_description="The access token was revoked"',
    );
    expect(controller.requests.at(-1)?.tokenStatus).toBe('revoked');
    // The refresh token survives the revocation of an access token.
    expect((await refresh(tokens.refresh_token)).status).toBe(200);
  });

  it('revokes a refresh token together with the access tokens of its grant', async () => {
    const tokens = await login();
    expect(
      (
        await revoke(tokens.refresh_token, {
          client_id: 'weather-web',
          token_type_hint: 'refresh_token',
        })
      ).status,
    ).toBe(200);
    expect(await refresh(tokens.refresh_token)).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant' },
    });
    expect((await api('/v1/me', tokens.access_token)).status).toBe(401);
  });

  it('answers 200 for an unknown token, so tokens cannot be probed', async () => {
    expect((await revoke('never-issued')).status).toBe(200);
  });

  it('authenticates confidential clients and ignores tokens of other clients', async () => {
    const user = await login();
    const other = await revoke(
      user.access_token,
      {},
      { authorization: basic('weather-service', 'weather-service-secret') },
    );
    expect(other.status).toBe(200);
    expect((await api('/v1/me', user.access_token)).status).toBe(200);
    // Nor may another client end a user's grant by revoking its refresh token.
    const otherRefresh = await revoke(
      user.refresh_token,
      { token_type_hint: 'refresh_token' },
      { authorization: basic('weather-service', 'weather-service-secret') },
    );
    expect(otherRefresh.status).toBe(200);
    expect((await refresh(user.refresh_token)).status).toBe(200);

    expect(
      await revoke(user.access_token, {}, { authorization: basic('weather-service', 'wrong') }),
    ).toMatchObject({
      status: 401,
      body: { error: 'invalid_client' },
    });
  });

  it('needs a token parameter and a form body', async () => {
    expect(await postForm({ client_id: 'weather-web' }, { path: '/oauth/revoke' })).toMatchObject({
      status: 400,
      body: { error: 'invalid_request' },
    });
    const json = await fetch('https://api.example.com/oauth/revoke', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"token":"x"}',
    });
    expect(json.status).toBe(400);
  });
});

describe('revocation from the controller', () => {
  it('revokes one token, or every token of a subject', async () => {
    const demo = await login();
    const viewer = await login('viewer');
    expect(await controller.revokeToken(demo.access_token)).toBe(true);
    expect(await controller.revokeToken('unknown')).toBe(false);
    expect((await api('/v1/me', demo.access_token)).status).toBe(401);
    expect((await api('/v1/me', viewer.access_token)).status).toBe(200);

    controller.revokeAll('viewer');
    expect((await api('/v1/me', viewer.access_token)).status).toBe(401);
    expect(await refresh(viewer.refresh_token)).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant' },
    });
  });
});
