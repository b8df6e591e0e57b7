import { inspect } from 'node:util';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import {
  ApiError,
  AuthError,
  HttpError,
  isApiError,
  isAuthError,
  isHttpError,
  isNetworkError,
  isTimeoutError,
  isValidationError,
  NetworkError,
  TimeoutError,
  ValidationError,
} from '../src/index.js';
import { BASE, oauthClient, serviceClient, useMockApi } from './helpers.js';
import { currentWeather, me } from './weather-api.js';

const { server, controller } = useMockApi();

describe('HTTP errors', () => {
  it.each([
    [400, 'bad_request'],
    [404, 'not_found'],
    [409, 'conflict'],
    [418, 'client_error'],
    [429, 'rate_limited'],
    [500, 'server_error'],
    [503, 'server_error'],
  ])('maps %i to an HttpError of kind %s with the body code and message', async (status, kind) => {
    server.use(
      http.get(`${BASE}/v1/things`, () =>
        HttpResponse.json({ error: 'some_code', message: 'Some words' }, { status }),
      ),
    );
    const client = oauthClient({}, { retry: 0 });
    const error = await client.ky.get('v1/things').catch((e) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({
      status,
      kind,
      code: 'some_code',
      body: { error: 'some_code', message: 'Some words' },
    });
    expect(error.message).toContain(`HTTP ${status}`);
    expect(error.message).toContain(
      'some_code: Some words (GET https://api.example.com/v1/things)',
    );
  });

  it('carries Retry-After in seconds, from a number or an HTTP date', async () => {
    server.use(
      http.get(
        `${BASE}/v1/a`,
        () => new HttpResponse(null, { status: 429, headers: { 'retry-after': '7' } }),
      ),
      http.get(
        `${BASE}/v1/b`,
        () =>
          new HttpResponse(null, {
            status: 503,
            headers: { 'retry-after': new Date(Date.now() + 30_000).toUTCString() },
          }),
      ),
    );
    const client = oauthClient({}, { retry: 0 });
    expect((await client.ky.get('v1/a').catch((e) => e)).retryAfter).toBe(7);
    expect((await client.ky.get('v1/b').catch((e) => e)).retryAfter).toBeGreaterThanOrEqual(29);
  });

  it('turns 403 insufficient_scope into an AuthError with the required scope, and refreshes nothing', async () => {
    const client = oauthClient();
    await client.session.login({ username: 'viewer', password: 'viewer' });
    const error = await client.ky.put('v1/favorites/berlin').catch((e) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect(error).toMatchObject({
      code: 'insufficient_scope',
      status: 403,
      requiredScope: 'weather:write',
    });
    expect(error.message).toBe(
      'This request needs the "weather:write" scope (PUT https://api.example.com/v1/favorites/berlin)',
    );
    expect(controller.requests.filter((r) => r.route === 'POST /oauth/token')).toHaveLength(1);
  });

  it('keeps a plain 403 an HttpError of kind forbidden', async () => {
    server.use(
      http.get(`${BASE}/v1/admin`, () =>
        HttpResponse.json({ error: 'forbidden' }, { status: 403 }),
      ),
    );
    const client = oauthClient();
    expect(await client.ky.get('v1/admin').catch((e) => e)).toMatchObject({
      name: 'HttpError',
      kind: 'forbidden',
    });
  });

  it('reports a network failure as NetworkError', async () => {
    const client = oauthClient({}, { retry: 0 });
    await client.session.login({ username: 'demo', password: 'demo' });
    controller.injectFault('GET /v1/me', { kind: 'network' });
    const network = await client.call(me).catch((e) => e);
    expect(network).toBeInstanceOf(NetworkError);
    expect(network.request).toEqual({ method: 'GET', url: `${BASE}/v1/me` });
    expect(network.message).toMatch(
      /^Network error: .* \(GET https:\/\/api\.example\.com\/v1\/me\)$/,
    );
  });
});

describe('guards', () => {
  it('recognise each class, and errors from another copy of the package by name and brand', () => {
    const errors = [
      new HttpError({ status: 500 }),
      new AuthError('no_session', 'x'),
      new ValidationError({ direction: 'request', endpoint: 'GET /x', issues: [] }),
      new NetworkError(),
      new TimeoutError(),
    ];
    const guards = [isHttpError, isAuthError, isValidationError, isNetworkError, isTimeoutError];
    for (const [i, error] of errors.entries()) {
      expect(isApiError(error)).toBe(true);
      expect(error).toBeInstanceOf(ApiError);
      expect(guards.map((guard) => guard(error))).toEqual(guards.map((_, j) => i === j));
    }
    const foreign = Object.assign(new Error('from another bundle'), { name: 'HttpError' });
    Object.defineProperty(foreign, Symbol.for('@org/client/error'), { value: true });
    expect(isHttpError(foreign)).toBe(true);
    expect(isHttpError(Object.assign(new Error('x'), { name: 'HttpError' }))).toBe(false);
    expect(isApiError(null)).toBe(false);
  });
});

describe('redaction: no secret in any error, however it is printed', () => {
  it('keeps real tokens, the client secret and the password out of every error class', async () => {
    const client = oauthClient();
    const wrongPassword = await client.session
      .login({ username: 'demo', password: 'correct-horse-battery' })
      .catch((e) => e);
    await client.session.login({ username: 'demo', password: 'demo' });
    const accessToken = await client.session.getAccessToken();
    const stored = JSON.parse(JSON.stringify(client.session.getState()));
    expect(stored.claims.sub).toBe('demo');

    // A hostile server echoes credentials back in errors, headers and bodies.
    server.use(
      http.get(`${BASE}/v1/echo`, ({ request }) =>
        HttpResponse.json(
          {
            error: 'echo',
            message: `you sent ${request.headers.get('authorization')}`,
            access_token: accessToken,
          },
          { status: 400 },
        ),
      ),
      http.get(`${BASE}/v1/weather/current/:city`, ({ request }) =>
        HttpResponse.json({ city: request.headers.get('authorization'), temperature: 'hot' }),
      ),
    );
    const errors: unknown[] = [
      wrongPassword,
      await client.ky.get('v1/echo').catch((e) => e),
      await client.ky.get(`v1/echo?access_token=${accessToken}`).catch((e) => e),
      await client.call(currentWeather, { params: { city: 'oslo' } }).catch((e) => e),
      new AuthError('unauthorized', `token ${accessToken} was rejected`),
      new NetworkError({
        request: { method: 'GET', url: `${BASE}/x?token=${accessToken}` },
        cause: new TypeError(`failed for ${accessToken}`),
      }),
      new TimeoutError({
        request: { method: 'GET', url: `https://user:${accessToken}@api.example.com/` },
      }),
    ];
    const secrets = [accessToken, 'correct-horse-battery'];
    for (const error of errors) {
      expect(isApiError(error)).toBe(true);
      const printed = [
        String(error),
        (error as Error).message,
        (error as Error).stack ?? '',
        JSON.stringify(error),
        inspect(error, { depth: 10, showHidden: true }),
      ].join('\n');
      for (const secret of secrets) expect(printed).not.toContain(secret);
    }
  });

  it('keeps a static bearer token and a client secret out of errors', async () => {
    const { createClient, bearer } = await import('../src/index.js');
    const apiKey = 'sk_live_0123456789abcdef';
    server.use(
      http.get(`${BASE}/v1/key`, ({ request }) =>
        HttpResponse.json(
          { message: `bad key ${request.headers.get('x-api-key')}` },
          { status: 401 },
        ),
      ),
    );
    const keyed = createClient({
      baseUrl: BASE,
      auth: bearer(apiKey, { header: 'X-API-Key', scheme: '' }),
    });
    const error = await keyed.ky.get('v1/key').catch((e) => e);
    expect(inspect(error, { depth: 10 }) + JSON.stringify(error)).not.toContain(apiKey);

    const service = serviceClient({ refreshRetries: 0 });
    controller.injectFault('POST /oauth/token', {
      kind: 'status',
      status: 500,
      body: { error: 'server_error', message: 'basic d2VhdGhlci1zZXJ2aWNl' },
    });
    const failed = await service.session.getAccessToken().catch((e) => e);
    expect(inspect(failed, { depth: 10 }) + JSON.stringify(failed)).not.toContain(
      'weather-service-secret',
    );
  });
});
