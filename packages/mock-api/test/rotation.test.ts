import { describe, expect, it } from 'vitest';
import { api, login, refresh, useMockApi } from './helpers.js';

const { controller } = useMockApi({ now: '2026-06-01T12:00:00Z' });

describe('refresh_token grant with rotation', () => {
  it('rotates the refresh token on every use and keeps the scope', async () => {
    const first = await login();
    const second = await refresh(first.refresh_token);
    expect(second.status).toBe(200);
    expect(second.body.refresh_token).not.toBe(first.refresh_token);
    expect(second.body.access_token).not.toBe(first.access_token);
    expect(second.body.scope).toBe('weather:read weather:write');
    const third = await refresh(second.body.refresh_token);
    expect(third.status).toBe(200);
  });

  it('allows narrowing the scope on refresh but not widening it', async () => {
    const viewer = await login('viewer');
    const widened = await refresh(viewer.refresh_token, { scope: 'weather:read weather:write' });
    expect(widened).toMatchObject({ status: 400, body: { error: 'invalid_scope' } });
    const demo = await login();
    const narrowed = await refresh(demo.refresh_token, { scope: 'weather:read' });
    expect(narrowed).toMatchObject({ status: 200, body: { scope: 'weather:read' } });
  });

  it('detects reuse of a rotated refresh token and revokes the whole family', async () => {
    const first = await login();
    const second = await refresh(first.refresh_token);
    expect((await api('/v1/me', second.body.access_token)).status).toBe(200);

    const reuse = await refresh(first.refresh_token);
    expect(reuse).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect(controller.reuseDetections).toBe(1);

    // The family is gone: the newest refresh token and every access token of the login.
    expect(await refresh(second.body.refresh_token)).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant' },
    });
    const me = await api('/v1/me', second.body.access_token);
    expect(me.status).toBe(401);
    expect(me.headers.get('www-authenticate')).toContain('error="invalid_token"');
    expect((await api('/v1/me', first.access_token)).status).toBe(401);
  });

  it('leaves other logins of the same user alone when one family is revoked', async () => {
    const laptop = await login();
    const phone = await login();
    await refresh(laptop.refresh_token);
    await refresh(laptop.refresh_token); // reuse: the laptop's family dies
    expect((await api('/v1/me', phone.access_token)).status).toBe(200);
    expect((await refresh(phone.refresh_token)).status).toBe(200);
  });

  it('answers invalid_grant for an unknown, expired or foreign refresh token and for a missing one', async () => {
    expect(await refresh('made-up')).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant' },
    });

    controller.setTokenLifetimes({ refreshToken: 60 });
    const short = await login();
    controller.clock.advance(60_000);
    expect(await refresh(short.refresh_token)).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant' },
    });

    controller.addClient({
      clientId: 'other-app',
      grants: ['password', 'refresh_token'],
      scope: ['weather:read'],
    });
    const mine = await login();
    const stolen = await refresh(mine.refresh_token, { client_id: 'other-app' });
    expect(stolen).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });

    const { status, body } = await refresh('');
    expect(status).toBe(400);
    expect(body.error).toBe('invalid_request');
  });

  it('logs each refresh token presented, so tests can prove none was reused', async () => {
    const first = await login();
    const second = await refresh(first.refresh_token);
    await refresh(second.body.refresh_token);
    const presented = controller.requests
      .filter((r) => r.grantType === 'refresh_token')
      .map((r) => r.refreshToken);
    expect(presented).toEqual([first.refresh_token, second.body.refresh_token]);
    expect(new Set(presented).size).toBe(presented.length);
  });
});
