/**
 * What an error carries and prints, field by field: the sanitized cause, `toJSON()`, the brand that
 * works across copies of the package, messages built from HTTP bodies (RFC 6749, RFC 9457, text),
 * platform error codes along a cause chain, and validation paths.
 */
import { describe, expect, it } from 'vitest';
import { ERROR_BRAND } from '../src/errors/api-error.js';
import {
  ApiError,
  AuthError,
  HttpError,
  isApiError,
  isHttpError,
  NetworkError,
  ValidationError,
} from '../src/index.js';

const request = { method: 'GET', url: 'https://api.example.com/v1/me' };

describe('the cause an error keeps', () => {
  it('is a copy with the name, redacted message and code, and nothing else hanging off it', () => {
    const platform = Object.assign(new TypeError('fetch failed: Bearer eyJhbGciOi.abc.def'), {
      code: 'ECONNRESET',
      request: { headers: { authorization: 'Bearer eyJhbGciOi.abc.def' } },
    });
    const error = new NetworkError({ request, cause: platform });
    const cause = error.cause as Error & { code?: string };
    expect(cause).not.toBe(platform);
    expect(cause).toBeInstanceOf(Error);
    expect(cause.name).toBe('TypeError');
    expect(cause.message).toBe('fetch failed: Bearer [redacted]');
    expect(cause.code).toBe('ECONNRESET');
    expect(cause.stack).toBe('TypeError: fetch failed: Bearer [redacted]');
    expect(Object.keys(cause)).toEqual(['name', 'code']);
  });

  it('keeps no code that is not a string, and no cause that is not an Error', () => {
    const numeric = Object.assign(new Error('boom'), { code: 42 });
    expect(Object.keys(new NetworkError({ cause: numeric }).cause as object)).toEqual(['name']);
    expect(new NetworkError({ cause: 'a string' }).cause).toBeUndefined();
    expect('cause' in new NetworkError({})).toBe(false);
  });
});

describe('toJSON()', () => {
  it('has the name, message and every own field but the cause', () => {
    const error = new HttpError({
      status: 503,
      statusText: 'Service Unavailable',
      body: { error: 'busy' },
      request,
      retryAfter: 7,
    });
    expect(error.toJSON()).toEqual({
      name: 'HttpError',
      message: 'HTTP 503 Service Unavailable busy (GET https://api.example.com/v1/me)',
      request,
      status: 503,
      kind: 'server_error',
      code: 'busy',
      body: { error: 'busy' },
      retryAfter: 7,
    });
    const withCause = new NetworkError({ request, cause: new Error('down') });
    expect(withCause.toJSON()).not.toHaveProperty('cause');
    expect(withCause.toJSON()).toMatchObject({ name: 'NetworkError', request });
  });

  it('names the base class ApiError', () => {
    expect(new ApiError('x').name).toBe('ApiError');
    expect(new ApiError('x').toJSON()).toEqual({
      name: 'ApiError',
      message: 'x',
      request: undefined,
    });
  });
});

describe('the brand', () => {
  it('marks every error of the package, so another copy of it recognizes them', () => {
    const error = new AuthError('unauthorized', 'no');
    expect((error as unknown as Record<symbol, unknown>)[ERROR_BRAND]).toBe(true);
    // An error from another copy of the package: same brand, another class.
    const foreign = Object.assign(new Error('HTTP 500'), {
      name: 'HttpError',
      [ERROR_BRAND]: true,
    });
    expect(isApiError(foreign)).toBe(true);
    expect(isHttpError(foreign)).toBe(true);
    expect(isApiError(Object.assign(new Error('x'), { [ERROR_BRAND]: 'yes' }))).toBe(false);
    expect(isApiError({ [ERROR_BRAND]: false })).toBe(false);
    expect(isApiError(null)).toBe(false);
    expect(isApiError('HttpError')).toBe(false);
  });
});

describe('HTTP error messages from the body', () => {
  const x200 = 'x'.repeat(200);
  it.each([
    [
      'an OAuth error and description',
      { error: 'invalid_request', error_description: 'bad' },
      'HTTP 500 invalid_request: bad',
    ],
    ['a code and message', { code: 'E42', message: 'nope' }, 'HTTP 500 E42: nope'],
    ['a nested error code', { error: { code: 'E7' } }, 'HTTP 500 E7'],
    ['a nested error that is null', { error: null }, 'HTTP 500'],
    [
      'an RFC 9457 type, title and detail',
      { type: 'https://e.x/p', title: 'Busy', detail: 'later' },
      'HTTP 500 https://e.x/p: Busy: later',
    ],
    ['an about:blank type and a title', { type: 'about:blank', title: 'Busy' }, 'HTTP 500: Busy'],
    ['an empty type', { type: '', detail: 'later' }, 'HTTP 500: later'],
    ['an empty title and a detail', { title: '', detail: 'later' }, 'HTTP 500: later'],
    ['a numeric title', { title: 7 }, 'HTTP 500'],
    ['short text', 'upstream down', 'HTTP 500: upstream down'],
    ['text of 200 characters', x200, `HTTP 500: ${x200}`],
    ['text of 201 characters', `${x200}x`, 'HTTP 500'],
    ['an empty body', '', 'HTTP 500'],
    ['HTML', '  <html>error</html>', 'HTTP 500'],
    ['text that ends with a tag', 'error <br>', 'HTTP 500: error <br>'],
    ['an array', ['a'], 'HTTP 500'],
  ])('%s', (_, body, message) => {
    const error = new HttpError({ status: 500, body, request });
    expect(error.message).toBe(`${message} (GET https://api.example.com/v1/me)`);
  });

  it.each([
    [300, 'redirect'],
    [399, 'redirect'],
    [400, 'bad_request'],
    [418, 'client_error'],
  ])('a %i is of kind %s', (status, kind) => {
    expect(new HttpError({ status, body: '' }).kind).toBe(kind);
  });
});

describe('platform error codes', () => {
  const chain = (...codes: unknown[]) => {
    let cause: Error | undefined;
    for (const code of codes.reverse()) cause = Object.assign(new Error('x', { cause }), { code });
    return cause;
  };

  it.each([
    ['on the error itself', chain('ECONNREFUSED'), 'ECONNREFUSED'],
    [
      'four causes down',
      chain(undefined, undefined, undefined, undefined, 'ENOTFOUND'),
      'ENOTFOUND',
    ],
    [
      'five causes down: too deep',
      chain(undefined, undefined, undefined, undefined, undefined, 'ENOTFOUND'),
      undefined,
    ],
    ['not shaped like a code', chain('connection refused'), undefined],
    ['a code with a suffix', chain('ECONNREFUSED!'), undefined],
    ['a code with a prefix', chain('!ECONNREFUSED'), undefined],
    ['a numeric code', chain(61), undefined],
  ])('a code %s', (_, cause, code) => {
    const error = new NetworkError({ cause });
    expect(error.code).toBe(code);
    expect(error.message).toBe(`Network error: x${code ? ` (${code})` : ''}`);
  });
});

describe('validation paths', () => {
  it('writes array indexes in brackets and the root as (root)', () => {
    const error = new ValidationError({
      direction: 'response',
      endpoint: 'GET /v1/cities',
      issues: [
        { path: ['cities', 2, 'name'], message: 'Required' },
        { path: [], message: 'Expected object' },
      ],
    });
    expect(error.message).toBe(
      'Invalid response for GET /v1/cities: cities.[2].name: Required; (root): Expected object',
    );
  });
});
