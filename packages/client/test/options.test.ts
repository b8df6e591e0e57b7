/**
 * Bad configuration fails at once with a TypeError naming what is wrong, and good configuration at
 * the edges is accepted: a table per strategy.
 */
import { describe, expect, it } from 'vitest';
import {
  type BearerOptions,
  bearer,
  type OAuth2Options,
  oauth2,
  webStorage,
} from '../src/index.js';
import { fakeWebStorage } from './helpers.js';

const base = { tokenUrl: '/oauth/token', clientId: 'app' };
const secret = { clientSecret: 'a-client-secret' };

describe('oauth2() options', () => {
  it.each([
    ['no options', undefined, 'options are required'],
    ['options that are not an object', 'x', 'options are required'],
    ['no tokenUrl', { clientId: 'app' }, 'tokenUrl is required'],
    ['an empty tokenUrl', { ...base, tokenUrl: '' }, 'tokenUrl is required'],
    ['no clientId', { tokenUrl: '/t' }, 'clientId is required'],
    ['an empty clientId', { ...base, clientId: '' }, 'clientId is required'],
    ['a numeric clientSecret', { ...base, clientSecret: 42 }, 'clientSecret must be a string'],
    [
      'an unknown grant',
      { ...base, grant: 'implicit' },
      'grant must be "authorization_code", "password" or "client_credentials", got "implicit"',
    ],
    [
      'client_credentials without a secret',
      { ...base, grant: 'client_credentials' },
      'the client_credentials grant needs a clientSecret',
    ],
    [
      'client_credentials with an empty secret',
      { ...base, grant: 'client_credentials', clientSecret: '' },
      'the client_credentials grant needs a clientSecret',
    ],
    [
      'a negative refreshLeeway',
      { ...base, refreshLeeway: -1 },
      'refreshLeeway must be a number of seconds ≥ 0',
    ],
    [
      'an infinite refreshLeeway',
      { ...base, refreshLeeway: Number.POSITIVE_INFINITY },
      'refreshLeeway must be',
    ],
    ['a NaN refreshLeeway', { ...base, refreshLeeway: Number.NaN }, 'refreshLeeway must be'],
    [
      'a fractional refreshRetries',
      { ...base, refreshRetries: 1.5 },
      'refreshRetries must be a whole number ≥ 0',
    ],
    [
      'a negative refreshRetries',
      { ...base, refreshRetries: -1 },
      'refreshRetries must be a whole number',
    ],
    [
      'storage without remove',
      { ...base, storage: { get: () => null, set: () => {} } },
      'storage must have get, set and remove',
    ],
    [
      'storage with a string get',
      { ...base, storage: { get: 'x', set: () => {}, remove: () => {} } },
      'storage must have',
    ],
    [
      'a zero lockTimeout',
      { ...base, crossTab: { lockTimeout: 0 } },
      'crossTab.lockTimeout must be a positive number of ms',
    ],
    [
      'an infinite lockTimeout',
      { ...base, crossTab: { lockTimeout: Number.POSITIVE_INFINITY } },
      'crossTab.lockTimeout must be',
    ],
  ])('refuses %s', (_, options, message) => {
    expect(() => oauth2(options as OAuth2Options)).toThrow(TypeError);
    expect(() => oauth2(options as OAuth2Options)).toThrow(`@org/client: oauth2: ${message}`);
  });

  it.each([
    ['the defaults', base],
    ['a zero leeway and no retries', { ...base, refreshLeeway: 0, refreshRetries: 0 }],
    ['client credentials with a secret', { ...base, ...secret, grant: 'client_credentials' }],
    ['a secret on a password client', { ...base, ...secret }],
    [
      'crossTab true, with Web Storage',
      { ...base, crossTab: true, storage: webStorage(fakeWebStorage()) },
    ],
    ['crossTab false', { ...base, crossTab: false }],
    ['a scope list', { ...base, scope: ['a', 'b'] }],
  ])('accepts %s', (_, options) => {
    expect(() => oauth2(options as OAuth2Options)).not.toThrow();
  });
});

describe('bearer() options', () => {
  it.each([
    ['an empty token', '', {}, 'bearer needs a non-empty token string or a function'],
    ['a number', 42, {}, 'bearer needs a non-empty token string'],
    ['undefined', undefined, {}, 'bearer needs'],
    ['a header with a space', 't', { header: 'X Key' }, '"X Key" is not a valid header name'],
    ['a header with a colon', 't', { header: 'X-Key:' }, 'is not a valid header name'],
    ['an empty header', 't', { header: '' }, 'is not a valid header name'],
  ])('refuses %s', (_, token, options, message) => {
    expect(() => bearer(token as string, options as BearerOptions)).toThrow(TypeError);
    expect(() => bearer(token as string, options as BearerOptions)).toThrow(message);
  });

  it.each([
    ['a token', 'secret-token', {}],
    ['a function', () => 'secret-token', {}],
    ['an API-key header with no scheme', 'k', { header: 'X-API-Key', scheme: '' }],
    ['a header with every token character', 'k', { header: "X!#$%&'*+.^_`|~-1" }],
  ])('accepts %s', (_, token, options) => {
    expect(() => bearer(token as string, options as BearerOptions)).not.toThrow();
  });

  it('writes the token after the scheme, or alone when the scheme is empty', () => {
    const context = { baseUrl: 'https://a.example', fetch, timeout: 1000, clock: {} as never };
    expect(bearer('t').create(context).format('abc')).toBe('Bearer abc');
    expect(bearer('t', { scheme: 'Token' }).create(context).format('abc')).toBe('Token abc');
    expect(bearer('t', { scheme: '' }).create(context).format('abc')).toBe('abc');
    expect(bearer('t', { header: 'X-API-Key' }).create(context).header).toBe('X-API-Key');
    expect(bearer('t').create(context).header).toBe('Authorization');
  });
});
