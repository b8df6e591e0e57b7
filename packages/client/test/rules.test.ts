/**
 * The small rules the session and the errors are built on, table by table: each row is a case a
 * mutation of the rule would get wrong.
 */
import { describe, expect, it } from 'vitest';
import { decodeJwtClaims } from '../src/auth/jwt-claims.js';
import { ServerClock } from '../src/auth/server-clock.js';
import { decodeTokens, encodeTokens, tokensFromInput } from '../src/auth/stored-tokens.js';
import { httpErrorKind } from '../src/errors/http-error.js';
import {
  AuthError,
  HttpError,
  isLoopbackUrl,
  isRetryable,
  NetworkError,
  retryAfterMs,
  TimeoutError,
  ValidationError,
} from '../src/index.js';

describe('isRetryable', () => {
  it.each([
    ['a NetworkError', new NetworkError(), true],
    ['a TimeoutError', new TimeoutError(), true],
    ...[408, 429, 500, 502, 503, 599].map(
      (status) => [`HTTP ${status}`, new HttpError({ status }), true] as const,
    ),
    ...[400, 403, 404, 409, 413, 499].map(
      (status) => [`HTTP ${status}`, new HttpError({ status }), false] as const,
    ),
    ['an AuthError', new AuthError('session_expired', 'x', { status: 400 }), false],
    [
      'a ValidationError',
      new ValidationError({ direction: 'response', endpoint: 'GET /x', issues: [] }),
      false,
    ],
    ['a TypeError (a bug)', new TypeError('x is undefined'), false],
    ['an abort', new DOMException('aborted', 'AbortError'), false],
    [
      'an unbranded error named NetworkError',
      Object.assign(new Error('x'), { name: 'NetworkError' }),
      false,
    ],
    ['not an error', 'NetworkError', false],
  ] as const)('%s → %s', (_, error, expected) => {
    expect(isRetryable(error)).toBe(expected);
  });
});

describe('retryAfterMs', () => {
  it.each([
    [new HttpError({ status: 429, retryAfter: 5 }), 5_000],
    [new HttpError({ status: 503, retryAfter: 0 }), 0],
    [new HttpError({ status: 503, retryAfter: 3600 }), 60_000],
    [new HttpError({ status: 503 }), undefined],
    [new NetworkError(), undefined],
    [{ name: 'HttpError', retryAfter: 5 }, undefined],
  ])('%#: %s', (error, expected) => {
    expect(retryAfterMs(error)).toBe(expected);
  });
});

describe('HttpError', () => {
  it.each([
    [300, 'redirect'],
    [304, 'not_modified'],
    [399, 'redirect'],
    [400, 'bad_request'],
    [401, 'client_error'],
    [402, 'client_error'],
    [403, 'forbidden'],
    [404, 'not_found'],
    [409, 'conflict'],
    [429, 'rate_limited'],
    [499, 'client_error'],
    [500, 'server_error'],
    [503, 'server_error'],
  ] as const)('kind of %i is %s', (status, kind) => {
    expect(httpErrorKind(status)).toBe(kind);
  });

  it.each([
    [
      { error: 'bad_thing', message: 'it broke' },
      'bad_thing',
      'HTTP 400 Bad Request bad_thing: it broke',
    ],
    [{ code: 'E42', error_description: 'why' }, 'E42', 'HTTP 400 Bad Request E42: why'],
    [{ error: { code: 'nested' } }, 'nested', 'HTTP 400 Bad Request nested'],
    [{ type: 'about:blank', title: 'Bad' }, undefined, 'HTTP 400 Bad Request: Bad'],
    [{ type: '', detail: 'only detail' }, undefined, 'HTTP 400 Bad Request: only detail'],
    ['plain words', undefined, 'HTTP 400 Bad Request: plain words'],
    ['<html>oops</html>', undefined, 'HTTP 400 Bad Request'],
    ['x'.repeat(201), undefined, 'HTTP 400 Bad Request'],
    ['', undefined, 'HTTP 400 Bad Request'],
    [null, undefined, 'HTTP 400 Bad Request'],
    [42, undefined, 'HTTP 400 Bad Request'],
  ])('%#: reads code and message from %j', (body, code, message) => {
    const error = new HttpError({ status: 400, statusText: 'Bad Request', body });
    expect(error.code).toBe(code);
    expect(error.message).toBe(message);
  });

  it('leaves the status text out when there is none, and names the request', () => {
    expect(
      new HttpError({ status: 502, request: { method: 'GET', url: 'https://a.example/x' } })
        .message,
    ).toBe('HTTP 502 (GET https://a.example/x)');
  });
});

describe('stored tokens', () => {
  const full = {
    accessToken: 'access-token-1234',
    refreshToken: 'refresh-token-5678',
    expiresAt: 5,
    lifetime: 6,
    scope: ['a', 'b'],
  };

  it('reads back what it wrote', () => {
    expect(decodeTokens(encodeTokens(full))).toEqual(full);
  });

  it.each([
    [null],
    [undefined],
    [''],
    ['not json'],
    ['[]'],
    [JSON.stringify({ v: 2, accessToken: 'x' })],
    [JSON.stringify({ accessToken: 'x' })],
    [JSON.stringify({ v: 1, accessToken: 7 })],
    [JSON.stringify({ v: 1 })],
  ])('reads %j as no tokens', (value) => {
    expect(decodeTokens(value)).toBeUndefined();
  });

  it('drops fields of the wrong type instead of trusting them', () => {
    const value = JSON.stringify({
      v: 1,
      accessToken: 'access-token-1234',
      refreshToken: 9,
      expiresAt: '5',
      lifetime: '6',
      scope: ['a', 1, 'b'],
    });
    expect(decodeTokens(value)).toEqual({
      accessToken: 'access-token-1234',
      refreshToken: undefined,
      expiresAt: undefined,
      lifetime: undefined,
      scope: ['a', 'b'],
    });
    expect(
      decodeTokens(JSON.stringify({ v: 1, accessToken: 'access-token-1234', scope: 'a b' }))?.scope,
    ).toBeUndefined();
  });

  it('checks setTokens input, naming what is wrong', () => {
    const clock = new ServerClock();
    for (const bad of [undefined, {}, { accessToken: '' }, { accessToken: 7 }])
      expect(() => tokensFromInput(bad as never, clock)).toThrow(/needs a non-empty accessToken/);
    for (const expiresIn of [0, -1, Number.NaN, Number.POSITIVE_INFINITY])
      expect(() => tokensFromInput({ accessToken: 'a-token', expiresIn }, clock)).toThrow(
        /expiresIn must be a positive/,
      );
    expect(() =>
      tokensFromInput({ accessToken: 'a-token', expiresAt: 'soon' as never }, clock),
    ).toThrow(/invalid expiresAt/);
  });

  it('puts an absolute expiry on the local clock and splits a scope string', () => {
    const clock = new ServerClock();
    clock.offset = 60_000; // the server is a minute ahead
    const tokens = tokensFromInput(
      { accessToken: 'a-token', expiresAt: new Date(1_000_000), scope: 'a  b' },
      clock,
    );
    expect(tokens).toMatchObject({ expiresAt: 940_000, scope: ['a', 'b'] });
    expect(tokensFromInput({ accessToken: 'a-token', scope: ['x'] }, clock).scope).toEqual(['x']);
    const now = Date.now();
    const relative = tokensFromInput({ accessToken: 'a-token', expiresIn: 60 }, clock);
    expect(relative.expiresAt).toBeGreaterThanOrEqual(now + 60_000);
    expect(relative.lifetime).toBe(60_000);
  });
});

describe('JWT claims (display only)', () => {
  const jwt = (payload: string) => `eyJhbGciOiJub25lIn0.${payload}.sig`;
  const encode = (value: unknown) =>
    btoa(JSON.stringify(value)).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');

  it('decodes a base64url payload, unicode included', () => {
    expect(decodeJwtClaims(jwt(encode({ sub: 'user-1', n: '?>?' })))).toEqual({
      sub: 'user-1',
      n: '?>?',
    });
    const utf8 = btoa(String.fromCharCode(...new TextEncoder().encode('{"name":"Zoë"}')));
    expect(decodeJwtClaims(jwt(utf8.replace(/=+$/, '')))).toEqual({ name: 'Zoë' });
  });

  it.each([
    ['two parts', 'a.b'],
    ['four parts', 'a.b.c.d'],
    ['an empty payload', 'a..c'],
    ['a payload that is not base64', 'a.!!!.c'],
    ['an array payload', jwt(encode([1, 2]))],
    ['a null payload', jwt(encode(null))],
    ['an opaque token', 'opaque-token-value'],
    ['a huge payload', jwt('A'.repeat(20_000))],
  ])('gives nothing for %s', (_, token) => {
    expect(decodeJwtClaims(token)).toBeUndefined();
  });
});

describe('loopback', () => {
  it.each([
    ['http://localhost', true],
    ['http://LOCALHOST:8080/x', true],
    ['http://app.localhost', true],
    ['http://127.0.0.1', true],
    ['http://127.255.0.9:1', true],
    ['http://[::1]:4010', true],
    ['https://localhost', true],
    ['http://127.0.0.1.evil.test', false],
    ['http://localhost.evil.test', false],
    ['http://128.0.0.1', false],
    ['http://[::2]', false],
    ['ftp://localhost', false],
    ['localhost', false],
  ])('%s → %s', (url, expected) => {
    expect(isLoopbackUrl(url)).toBe(expected);
  });
});
