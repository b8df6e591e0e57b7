/**
 * Hostile and malformed input, counted: token responses, token errors, resource responses, headers
 * and path parameters. Each case names the exact typed error it must produce, and none may hang.
 */
import type { Fault } from '@org/mock-api';
import { HttpResponse, http } from 'msw';
import { afterAll, describe, expect, it } from 'vitest';
import type { Client } from '../src/index.js';
import { BASE, oauthClient, useMockApi } from './helpers.js';
import { currentWeather, me } from './weather-api.js';

const { server, controller } = useMockApi();

interface Expected {
  name: 'AuthError' | 'HttpError' | 'ValidationError' | 'NetworkError' | 'none';
  code?: string;
  message?: string | RegExp;
  fields?: Record<string, unknown>;
}
interface HostileCase {
  category: 'token response' | 'token error' | 'resource response' | 'header' | 'path parameter';
  name: string;
  /** Makes the server misbehave. */
  arrange: () => void;
  /** Does what a user would; resolves with the outcome. */
  act: (client: Client) => Promise<unknown>;
  expected: Expected;
}

const signedIn = async () => {
  const client = oauthClient({ refreshRetries: 0 }, { retry: 0 });
  await client.session.login({ username: 'demo', password: 'demo' });
  return client;
};
const login = (client: Client) => client.session.login({ username: 'demo', password: 'demo' });

const tokenFault = (
  name: string,
  fault: Fault,
  expected: Expected,
  act: HostileCase['act'] = login,
): HostileCase => ({
  category: 'token response',
  name,
  arrange: () => controller.injectFault('POST /oauth/token', fault),
  act,
  expected,
});
const badToken = (name: string, body: unknown, problem: string) =>
  tokenFault(
    name,
    { kind: 'json', body },
    { name: 'AuthError', code: 'invalid_token_response', message: problem },
  );

const tokenError = (
  name: string,
  status: number,
  body: unknown,
  type: string,
  expected: Expected,
): HostileCase => ({
  category: 'token error',
  name,
  arrange: () =>
    server.use(
      http.post(`${BASE}/oauth/token`, () =>
        typeof body === 'string'
          ? new HttpResponse(body, { status, headers: { 'content-type': type } })
          : HttpResponse.json(body as object, { status }),
      ),
    ),
  act: login,
  expected,
});

const resource = (
  name: string,
  respond: () => Response,
  expected: Expected,
  endpoint = currentWeather,
): HostileCase => ({
  category: 'resource response',
  name,
  arrange: () => server.use(http.get(`${BASE}/v1/weather/current/:city`, respond)),
  act: (client) => client.call(endpoint, { params: { city: 'oslo' } }),
  expected,
});
const notValid = (message?: string | RegExp): Expected => ({
  name: 'ValidationError',
  fields: { direction: 'response' },
  ...(message && { message }),
});

const header = (
  name: string,
  status: number,
  headers: Record<string, string>,
  expected: Expected,
): HostileCase => ({
  category: 'header',
  name,
  arrange: () =>
    server.use(
      http.get(`${BASE}/v1/me`, () => HttpResponse.json({ error: 'x' }, { status, headers })),
    ),
  act: (client) => client.call(me),
  expected,
});

const pathParam = (value: string, message: string): HostileCase => ({
  category: 'path parameter',
  name: JSON.stringify(value),
  arrange: () => undefined,
  act: (client) => client.call(currentWeather, { params: { city: value } }),
  expected: { name: 'ValidationError', fields: { direction: 'request' }, message },
});

const deeplyNested = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;

const cases: HostileCase[] = [
  tokenFault(
    'HTML instead of JSON',
    { kind: 'non-json' },
    {
      name: 'AuthError',
      code: 'invalid_token_response',
      message: 'the body is not JSON (text/html)',
    },
  ),
  tokenFault(
    'truncated JSON',
    { kind: 'malformed-json' },
    {
      name: 'AuthError',
      code: 'invalid_token_response',
      message: 'the body is not JSON (application/json)',
    },
  ),
  badToken('a JSON array', [], 'the body is not a JSON object'),
  badToken('JSON null', null, 'the body is not a JSON object'),
  badToken('a JSON string', 'token', 'the body is not a JSON object'),
  badToken('no access_token', { token_type: 'Bearer' }, 'access_token is missing'),
  badToken('an empty access_token', { access_token: '' }, 'access_token is missing'),
  badToken(
    'a numeric access_token',
    { access_token: 42 },
    'access_token is missing or not a string',
  ),
  badToken(
    'access_token hidden behind __proto__',
    JSON.parse('{"__proto__":{"access_token":"abcdefgh"}}'),
    'access_token is missing',
  ),
  badToken(
    'a MAC token_type',
    { access_token: 'abcdefgh', token_type: 'MAC' },
    'token_type is "MAC", not "Bearer"',
  ),
  badToken(
    'a numeric token_type',
    { access_token: 'abcdefgh', token_type: 1 },
    'token_type is "1", not "Bearer"',
  ),
  badToken(
    'a negative expires_in',
    { access_token: 'abcdefgh', expires_in: -60 },
    'expires_in is -60',
  ),
  badToken('a zero expires_in', { access_token: 'abcdefgh', expires_in: 0 }, 'expires_in is 0'),
  badToken(
    'a text expires_in',
    { access_token: 'abcdefgh', expires_in: 'soon' },
    'expires_in is "soon"',
  ),
  badToken(
    'a boolean expires_in',
    { access_token: 'abcdefgh', expires_in: true },
    'expires_in is true',
  ),
  badToken(
    'an infinite expires_in (as a string)',
    { access_token: 'abcdefgh', expires_in: '1e999' },
    'expires_in is "1e999"',
  ),
  badToken(
    'a numeric refresh_token',
    { access_token: 'abcdefgh', refresh_token: 7 },
    'refresh_token is not',
  ),
  badToken(
    'an empty refresh_token',
    { access_token: 'abcdefgh', refresh_token: '' },
    'refresh_token is not',
  ),
  badToken('a list scope', { access_token: 'abcdefgh', scope: ['a'] }, 'scope is not a string'),
  badToken(
    'a numeric id_token',
    { access_token: 'abcdefgh', id_token: 12 },
    'id_token is not a string',
  ),
  tokenFault(
    'HTML on refresh (the session stays)',
    { kind: 'non-json' },
    { name: 'AuthError', code: 'invalid_token_response' },
    async (client) => {
      await login(client);
      const error = await client.session.refresh().catch((e: unknown) => e);
      expect(client.session.getState().status).toBe('authenticated');
      throw error;
    },
  ),

  tokenError('400 with an HTML body', 400, '<h1>Bad</h1>', 'text/html', {
    name: 'AuthError',
    code: 'token_request_rejected',
    message: 'HTTP 400',
  }),
  tokenError('401 invalid_client', 401, { error: 'invalid_client' }, '', {
    name: 'AuthError',
    code: 'invalid_client',
  }),
  tokenError('400 with an error that is not a string', 400, { error: ['invalid_grant'] }, '', {
    name: 'AuthError',
    code: 'token_request_rejected',
  }),
  tokenError('500 with an HTML page', 500, '<html>down</html>', 'text/html', {
    name: 'HttpError',
    fields: { status: 500, kind: 'server_error' },
  }),
  tokenError('404: wrong token URL', 404, 'Not Found', 'text/plain', {
    name: 'HttpError',
    fields: { status: 404, kind: 'not_found' },
  }),

  resource(
    'HTML with status 200',
    () => new HttpResponse('<html></html>', { headers: { 'content-type': 'text/html' } }),
    notValid('the body is not JSON (text/html'),
  ),
  resource(
    'truncated JSON',
    () => new HttpResponse('{"city": "os', { headers: { 'content-type': 'application/json' } }),
    notValid('the body is not JSON'),
  ),
  resource(
    'an empty body where an object is due',
    () => new HttpResponse(null, { status: 200 }),
    notValid(/\(root\): /),
  ),
  resource('JSON null', () => HttpResponse.json(null), notValid(/\(root\): /)),
  resource(
    'an array instead of an object',
    () => HttpResponse.json([1, 2]),
    notValid(/\(root\): /),
  ),
  resource(
    'wrong field types',
    () => HttpResponse.json({ city: 1, temperature: '20', observedAt: null }),
    {
      name: 'ValidationError',
      message: /city: .*; temperature: .*; observedAt: /,
    },
  ),
  resource(
    '100,000 levels of nesting',
    () => new HttpResponse(deeplyNested, { headers: { 'content-type': 'application/json' } }),
    notValid(),
  ),
  resource(
    'a 5 MB body that is not what the schema wants',
    () => HttpResponse.json({ padding: 'x'.repeat(5_000_000) }),
    notValid(/city: /),
  ),
  resource(
    'a __proto__ key (no prototype pollution)',
    () =>
      new HttpResponse('{"__proto__":{"polluted":true},"city":"oslo"}', {
        headers: { 'content-type': 'application/json' },
      }),
    notValid(/temperature: /),
  ),
  resource(
    'a 500 with an HTML page',
    () =>
      new HttpResponse('<html>oops</html>', {
        status: 500,
        headers: { 'content-type': 'text/html' },
      }),
    {
      name: 'HttpError',
      fields: { status: 500, kind: 'server_error', code: undefined },
    },
  ),
  resource(
    'a 404 with a 2 MB body',
    () => new HttpResponse('x'.repeat(2_000_000), { status: 404 }),
    { name: 'HttpError', fields: { status: 404, kind: 'not_found' } },
  ),
  resource(
    'a JSON error body with a nested code',
    () => HttpResponse.json({ error: { code: 'quota', message: 'm' } }, { status: 409 }),
    {
      name: 'HttpError',
      fields: { status: 409, kind: 'conflict', code: 'quota' },
    },
  ),

  header(
    'a huge WWW-Authenticate on a 401',
    401,
    { 'www-authenticate': `Bearer ${'a="b", '.repeat(600)}` },
    { name: 'AuthError', code: 'unauthorized' },
  ),
  header(
    'an unterminated quoted WWW-Authenticate',
    401,
    { 'www-authenticate': 'Bearer error="invalid_token' },
    { name: 'AuthError', code: 'unauthorized' },
  ),
  header(
    'a WWW-Authenticate with only another scheme',
    401,
    { 'www-authenticate': 'Basic realm="x"' },
    { name: 'AuthError', code: 'unauthorized', fields: { oauthError: undefined } },
  ),
  header(
    'an escaped quote in the required scope',
    403,
    { 'www-authenticate': 'Bearer error="insufficient_scope", scope="a\\"b c"' },
    {
      name: 'AuthError',
      code: 'insufficient_scope',
      fields: { requiredScope: 'a"b c' },
    },
  ),
  header(
    'a 403 whose challenge is not about scope',
    403,
    { 'www-authenticate': 'Bearer error="invalid_token"' },
    { name: 'HttpError', fields: { kind: 'forbidden' } },
  ),
  header(
    'a negative Retry-After',
    429,
    { 'retry-after': '-5' },
    { name: 'HttpError', fields: { retryAfter: undefined } },
  ),
  header(
    'an overflowing Retry-After',
    429,
    { 'retry-after': '99999999999999999999' },
    { name: 'HttpError', fields: { retryAfter: undefined } },
  ),
  header(
    'a Retry-After date in the past',
    503,
    { 'retry-after': 'Wed, 21 Oct 2015 07:28:00 GMT' },
    { name: 'HttpError', fields: { retryAfter: 0 } },
  ),
  header(
    'a garbage Date header',
    500,
    { date: 'yesterday-ish' },
    { name: 'HttpError', fields: { status: 500 } },
  ),

  pathParam('..', 'would change the request path'),
  pathParam('.', 'would change the request path'),
  pathParam('%2e%2E', 'would change the request path'),
  pathParam('a/b', 'would change the request path'),
  pathParam('..\\admin', 'would change the request path'),
  pathParam('oslo?admin=1', 'would change the request path'),
  pathParam('oslo#x', 'would change the request path'),
  pathParam('a%2Fb', 'would change the request path'),
  pathParam('', 'is empty'),
  pathParam('os\nlo', 'control characters'),
  pathParam('os\u0000lo', 'control characters'),
];

const GUARD_MS = 5_000;

afterAll(() => {
  const counts = new Map<string, number>();
  for (const hostile of cases)
    counts.set(hostile.category, (counts.get(hostile.category) ?? 0) + 1);
  const summary = [...counts].map(([category, count]) => `${category} ${count}`).join(', ');
  console.log(`hostile inputs tried: ${cases.length} (${summary})`);
});

describe(`${cases.length} hostile or malformed inputs`, () => {
  it.each(cases.map((c) => [`${c.category}: ${c.name}`, c] as const))(
    '%s',
    async (_label, hostile) => {
      const client =
        hostile.category === 'token response' || hostile.category === 'token error'
          ? oauthClient({ refreshRetries: 0 }, { retry: 0 })
          : await signedIn();
      hostile.arrange();
      let timer: ReturnType<typeof setTimeout> | undefined;
      const guard = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`hung for ${GUARD_MS} ms`)), GUARD_MS);
      });
      const outcome = await Promise.race([
        hostile.act(client).then(
          () => 'resolved',
          (error: unknown) => error,
        ),
        guard,
      ]).finally(() => clearTimeout(timer));
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      const { name, code, message, fields } = hostile.expected;
      expect(outcome).toBeInstanceOf(Error);
      expect((outcome as Error).name).toBe(name);
      if (code) expect((outcome as { code?: string }).code).toBe(code);
      if (message)
        expect((outcome as Error).message).toMatch(
          message instanceof RegExp
            ? message
            : new RegExp(message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')),
        );
      if (fields) expect(outcome).toMatchObject(fields);
    },
  );
});
