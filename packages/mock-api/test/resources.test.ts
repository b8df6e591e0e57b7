import { describe, expect, it } from 'vitest';
import { api, basic, login, postForm, useMockApi } from './helpers.js';

const { controller } = useMockApi({ now: '2026-06-01T12:00:00Z' });

describe('RFC 6750 bearer access', () => {
  it('answers 401 with a bare challenge when no token is sent', async () => {
    const { status, headers, body } = await api('/v1/cities');
    expect(status).toBe(401);
    expect(headers.get('www-authenticate')).toBe('Bearer realm="weather-api"');
    expect(body).toEqual({ error: 'unauthorized', message: expect.any(String) });
  });

  it('answers 401 invalid_token for a forged, garbled or expired token', async () => {
    const { access_token } = await login();
    const [header, payload] = access_token.split('.');
    for (const token of [`${header}.${payload}.forged`, 'not-a-jwt']) {
      const { status, headers } = await api('/v1/cities', token);
      expect(status).toBe(401);
      expect(headers.get('www-authenticate')).toContain('error="invalid_token"');
    }
    controller.clock.advance(3600_000);
    const expired = await api('/v1/cities', access_token);
    expect(expired.status).toBe(401);
    expect(expired.headers.get('www-authenticate')).toContain(
      'error_description="The access token expired"',
    );
  });

  it('answers 400 invalid_request for an Authorization header that is not Bearer', async () => {
    const { status, headers } = await api('/v1/cities', undefined, {
      headers: { authorization: 'Token abc' },
    });
    expect(status).toBe(400);
    expect(headers.get('www-authenticate')).toContain('error="invalid_request"');
  });

  it('answers 403 insufficient_scope naming the scope a write needs', async () => {
    const { access_token } = await login('viewer');
    const { status, headers, body } = await api('/v1/favorites/berlin', access_token, {
      method: 'PUT',
    });
    expect(status).toBe(403);
    expect(headers.get('www-authenticate')).toBe(
      'Bearer realm="weather-api", error="insufficient_scope", scope="weather:write"',
    );
    expect(body.error).toBe('insufficient_scope');
  });

  it('stamps every answer with the mock clock in the Date header', async () => {
    const { headers } = await api('/v1/cities');
    expect(headers.get('date')).toBe('Mon, 01 Jun 2026 12:00:00 GMT');
  });
});

describe('resource routes', () => {
  it('GET /v1/me tells who the token belongs to, for users and clients', async () => {
    const { access_token } = await login();
    expect((await api('/v1/me', access_token)).body).toEqual({
      sub: 'demo',
      kind: 'user',
      name: 'Demo User',
      clientId: 'weather-web',
      scope: ['weather:read', 'weather:write'],
    });
    const service = await postForm(
      { grant_type: 'client_credentials' },
      { headers: { authorization: basic('weather-service', 'weather-service-secret') } },
    );
    expect((await api('/v1/me', service.body.access_token)).body).toMatchObject({
      sub: 'weather-service',
      kind: 'client',
      scope: ['weather:read'],
    });
  });

  it('GET /v1/cities lists 20+ real cities with coordinates', async () => {
    const { access_token } = await login();
    const { body } = await api('/v1/cities', access_token);
    expect(body.cities.length).toBeGreaterThanOrEqual(20);
    expect(body.cities).toContainEqual({
      id: 'oslo',
      name: 'Oslo',
      country: 'NO',
      latitude: 59.9139,
      longitude: 10.7522,
      timezone: 'Europe/Oslo',
    });
  });

  it('GET /v1/weather/current/:city is deterministic for a clock and honours units', async () => {
    const { access_token } = await login();
    const metric = await api('/v1/weather/current/oslo', access_token);
    expect(metric.status).toBe(200);
    expect(metric.body).toMatchObject({
      city: 'oslo',
      units: 'metric',
      observedAt: '2026-06-01T12:00:00.000Z',
    });
    expect((await api('/v1/weather/current/oslo', access_token)).body).toEqual(metric.body);
    const imperial = await api('/v1/weather/current/oslo?units=imperial', access_token);
    expect(imperial.body.temperature).toBeCloseTo(metric.body.temperature * 1.8 + 32, 0);
  });

  it('GET /v1/weather/forecast/:city returns the hours asked for, 24 by default', async () => {
    const { access_token } = await login();
    const twelve = await api('/v1/weather/forecast/tokyo?hours=12', access_token);
    expect(twelve.status).toBe(200);
    expect(twelve.body.hours).toHaveLength(12);
    expect(twelve.body.hours[0].time).toBe('2026-06-01T13:00:00.000Z');
    expect((await api('/v1/weather/forecast/tokyo', access_token)).body.hours).toHaveLength(24);
    expect(
      (await api('/v1/weather/forecast/tokyo?hours=48', access_token)).body.hours,
    ).toHaveLength(48);
  });

  it.each([
    ['/v1/weather/current/atlantis', 404, 'city_not_found'],
    ['/v1/weather/forecast/atlantis', 404, 'city_not_found'],
    ['/v1/weather/forecast/oslo?hours=0', 400, 'invalid_request'],
    ['/v1/weather/forecast/oslo?hours=49', 400, 'invalid_request'],
    ['/v1/weather/forecast/oslo?hours=abc', 400, 'invalid_request'],
    ['/v1/weather/forecast/oslo?hours=1.5', 400, 'invalid_request'],
    ['/v1/weather/current/oslo?units=kelvin', 400, 'invalid_request'],
    ['/v1/favorites/atlantis', 404, 'city_not_found'],
  ])('GET %s answers %i %s with a JSON error', async (path, status, error) => {
    const { access_token } = await login();
    const response = await api(path, access_token);
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.body).toEqual({ error, message: expect.any(String) });
  });
});

describe('favorites', () => {
  it('start with a few cities for each demo user', async () => {
    const demo = await login();
    const viewer = await login('viewer');
    const cities = async (token: string) =>
      (await api('/v1/favorites', token)).body.favorites.map((f: { city: string }) => f.city);
    expect(await cities(demo.access_token)).toEqual(['oslo', 'london', 'tokyo']);
    expect(await cities(viewer.access_token)).toEqual(['new-york', 'paris']);
  });

  it('can be added (idempotently), read and removed with weather:write', async () => {
    const { access_token } = await login();
    expect((await api('/v1/favorites/berlin', access_token)).status).toBe(404);
    const added = await api('/v1/favorites/berlin', access_token, { method: 'PUT' });
    expect(added).toMatchObject({
      status: 201,
      body: { city: 'berlin', addedAt: '2026-06-01T12:00:00.000Z' },
    });
    expect((await api('/v1/favorites/berlin', access_token, { method: 'PUT' })).status).toBe(200);
    expect((await api('/v1/favorites/berlin', access_token)).status).toBe(200);
    expect((await api('/v1/favorites/berlin', access_token, { method: 'DELETE' })).status).toBe(
      204,
    );
    expect((await api('/v1/favorites/berlin', access_token)).status).toBe(404);
  });

  it('cannot be changed by the read-only viewer', async () => {
    const { access_token } = await login('viewer');
    expect((await api('/v1/favorites/oslo', access_token, { method: 'PUT' })).status).toBe(403);
    expect((await api('/v1/favorites/paris', access_token, { method: 'DELETE' })).status).toBe(403);
    expect((await api('/v1/favorites', access_token)).body.favorites).toHaveLength(2);
  });

  it('are kept per user and restored by reset()', async () => {
    const { access_token } = await login();
    await api('/v1/favorites/oslo', access_token, { method: 'DELETE' });
    const viewer = await login('viewer');
    expect((await api('/v1/favorites', viewer.access_token)).body.favorites).toHaveLength(2);
    controller.reset();
    const again = await login();
    expect((await api('/v1/favorites', again.access_token)).body.favorites).toHaveLength(3);
  });
});

describe('POST /v1/favorites', () => {
  const post = (token: string, body: string, type = 'application/json') =>
    api('/v1/favorites', token, { method: 'POST', headers: { 'content-type': type }, body });

  it('adds a favorite from a JSON body, with weather:write', async () => {
    const { access_token } = await login();
    expect(await post(access_token, '{"city":"berlin"}')).toMatchObject({
      status: 201,
      body: { city: 'berlin' },
    });
    expect((await post(access_token, '{"city":"berlin"}')).status).toBe(200);
    const viewer = await login('viewer');
    expect((await post(viewer.access_token, '{"city":"berlin"}')).status).toBe(403);
  });

  it.each([
    ['{"city":', 'application/json', 400],
    ['{"town":"oslo"}', 'application/json', 400],
    ['{"city":"atlantis"}', 'application/json', 404],
    ['city=oslo', 'application/x-www-form-urlencoded', 415],
  ])('refuses %s (%s) with %i', async (body, type, status) => {
    const { access_token } = await login();
    expect((await post(access_token, body, type)).status).toBe(status);
  });
});
