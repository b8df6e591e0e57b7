import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { AuthError, isAuthError } from '../src/index.js';
import { BASE, oauthClient, useMockApi } from './helpers.js';
import { me } from './weather-api.js';

const { server, controller } = useMockApi();

describe('a token response that is not one', () => {
  it.each([
    ['HTML instead of JSON', { kind: 'non-json' } as const, 'the body is not JSON (text/html)'],
    [
      'truncated JSON',
      { kind: 'malformed-json' } as const,
      'the body is not JSON (application/json)',
    ],
    ['a JSON array', { kind: 'json', body: [] } as const, 'the body is not a JSON object'],
    ['JSON null', { kind: 'json', body: null } as const, 'the body is not a JSON object'],
    [
      'no access_token',
      { kind: 'json', body: { token_type: 'Bearer' } } as const,
      'access_token is missing',
    ],
    [
      'an empty access_token',
      { kind: 'json', body: { access_token: '' } } as const,
      'access_token is missing',
    ],
    [
      'a numeric access_token',
      { kind: 'json', body: { access_token: 42 } } as const,
      'access_token is missing or not a string',
    ],
    [
      'a MAC token_type',
      { kind: 'json', body: { access_token: 'abcdefgh', token_type: 'MAC' } } as const,
      'token_type is "MAC", not "Bearer"',
    ],
    [
      'a negative expires_in',
      { kind: 'json', body: { access_token: 'abcdefgh', expires_in: -60 } } as const,
      'expires_in is -60',
    ],
    [
      'a zero expires_in',
      { kind: 'json', body: { access_token: 'abcdefgh', expires_in: 0 } } as const,
      'expires_in is 0',
    ],
    [
      'a text expires_in',
      { kind: 'json', body: { access_token: 'abcdefgh', expires_in: 'soon' } } as const,
      'expires_in is "soon"',
    ],
    [
      'an absurd expires_in',
      { kind: 'json', body: { access_token: 'abcdefgh', expires_in: 1e12 } } as const,
      'expires_in is 1000000000000',
    ],
    [
      'a numeric refresh_token',
      { kind: 'json', body: { access_token: 'abcdefgh', refresh_token: 7 } } as const,
      'refresh_token is not',
    ],
    [
      'a list scope',
      { kind: 'json', body: { access_token: 'abcdefgh', scope: ['a'] } } as const,
      'scope is not a string',
    ],
  ])(
    'rejects %s at login with AuthError invalid_token_response naming the problem',
    async (_name, fault, problem) => {
      controller.injectFault('POST /oauth/token', fault);
      const client = oauthClient();
      const error = await client.session
        .login({ username: 'demo', password: 'demo' })
        .catch((e) => e);
      expect(error).toBeInstanceOf(AuthError);
      expect(error.code).toBe('invalid_token_response');
      expect(error.message).toContain(problem);
      expect(client.session.getState().status).toBe('anonymous');
    },
  );

  it('accepts expires_in sent as a numeric string, as some servers do', async () => {
    server.use(
      http.post(`${BASE}/oauth/token`, () =>
        HttpResponse.json({
          access_token: 'opaque-token-123',
          token_type: 'bearer',
          expires_in: '120',
        }),
      ),
    );
    const client = oauthClient();
    await client.session.login({ username: 'demo', password: 'demo' });
    expect(client.session.getState().expiresAt).toBeGreaterThan(Date.now() + 119_000);
  });

  it('rejects a malformed refresh response, keeps the session and fires refresh-error', async () => {
    const client = oauthClient();
    await client.session.login({ username: 'demo', password: 'demo' });
    const events: string[] = [];
    client.session.subscribe((event) => events.push(event.type));
    controller.injectFault('POST /oauth/token', { kind: 'non-json' });
    const error = await client.session.refresh().catch((e) => e);
    expect(isAuthError(error) && error.code).toBe('invalid_token_response');
    expect(events).toEqual(['refresh-error']);
    expect(client.session.getState().status).toBe('authenticated');
  });
});

describe('hostile headers', () => {
  it.each([
    ['a huge WWW-Authenticate', `Bearer ${'a="b", '.repeat(600)}`],
    ['an unterminated quoted WWW-Authenticate', 'Bearer error="invalid_token'],
    ['a WWW-Authenticate with only another scheme', 'Basic realm="x"'],
  ])('survive %s on a 401 with a typed error', async (_name, challenge) => {
    server.use(
      http.get(
        `${BASE}/v1/me`,
        () => new HttpResponse(null, { status: 401, headers: { 'www-authenticate': challenge } }),
      ),
    );
    const client = oauthClient();
    await client.session.login({ username: 'demo', password: 'demo' });
    const error = await client.call(me).catch((e) => e);
    expect(error).toMatchObject({ name: 'AuthError', code: 'unauthorized', status: 401 });
  });

  it('ignores an unreadable Retry-After rather than waiting on it', async () => {
    server.use(
      http.get(
        `${BASE}/v1/me`,
        () => new HttpResponse(null, { status: 429, headers: { 'retry-after': 'tomorrow-ish' } }),
      ),
    );
    const client = oauthClient({}, { retry: 0 });
    await client.session.login({ username: 'demo', password: 'demo' });
    const error = await client.call(me).catch((e) => e);
    expect(error).toMatchObject({ name: 'HttpError', status: 429, retryAfter: undefined });
  });
});
