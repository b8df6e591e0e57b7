/**
 * The small parts a session is made of, each against the inputs that decide its answer: JWT payload
 * decoding, the server clock, the renewal back-off, the state snapshot, the storages and the grants.
 */
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { clientCredentialsGrant } from '../src/auth/grants/client-credentials.js';
import { passwordGrant } from '../src/auth/grants/password.js';
import { refreshTokenGrant } from '../src/auth/grants/refresh-token.js';
import { decodeJwtClaims } from '../src/auth/jwt-claims.js';
import { ServerClock } from '../src/auth/server-clock.js';
import { RenewalBackoff, sessionState } from '../src/auth/session-state.js';
import { decodeTokens } from '../src/auth/stored-tokens.js';
import type { TokenClientConfig } from '../src/auth/token-endpoint.js';
import { createClient, memoryStorage, oauth2, webStorage } from '../src/index.js';
import { redactText } from '../src/internal/redact.js';
import { fakeWebStorage } from './helpers.js';

const b64url = (text: string) =>
  Buffer.from(text).toString('base64').replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
const jwt = (payload: string) => `eyJhbGciOiJub25lIn0.${b64url(payload)}.sig`;

describe('decodeJwtClaims', () => {
  it.each([
    ['a JSON object payload', jwt('{"sub":"demo"}'), { sub: 'demo' }],
    // Payloads of every length mod 4 need different padding; base64url uses - and _.
    ['a payload of length 4n+2', jwt('{"a":1}'), { a: 1 }],
    ['a payload of length 4n+3', jwt('{"ab":1}'), { ab: 1 }],
    ['a payload of length 4n', jwt('{"abcd":"ef"}'), { abcd: 'ef' }],
    ['base64url characters', jwt('{"s":"??>>"}'), { s: '??>>' }],
    ['UTF-8 text', jwt('{"name":"Zoë"}'), { name: 'Zoë' }],
  ])('decodes %s', (_, token, claims) => {
    expect(decodeJwtClaims(token)).toEqual(claims);
  });

  it.each([
    ['two parts', 'a.b'],
    ['four parts', `${jwt('{}')}.x`],
    ['an empty payload', 'a..c'],
    ['a payload over 16 KiB', jwt(`{"x":"${'y'.repeat(12_300)}"}`)],
    ['a payload that is not base64', 'a.!!!!.c'],
    ['a JSON array payload', jwt('[1,2]')],
    ['a JSON null payload', jwt('null')],
    ['a JSON string payload', jwt('"x"')],
    ['a payload that is not JSON', jwt('not json')],
  ])('returns undefined for %s', (_, token) => {
    expect(decodeJwtClaims(token)).toBeUndefined();
  });

  it('reads an encoded payload of exactly 16 384 characters, and refuses one longer', () => {
    const exact = jwt(`{"x":"${'y'.repeat(12_280)}"}`);
    expect(exact.split('.')[1]).toHaveLength(16_384);
    expect(decodeJwtClaims(exact)).toMatchObject({ x: expect.any(String) });
    const over = jwt(`{"x":"${'y'.repeat(12_283)}"}`);
    expect(over.split('.')[1]?.length).toBeGreaterThan(16_384);
    expect(decodeJwtClaims(over)).toBeUndefined();
  });
});

describe('ServerClock', () => {
  const T = Date.parse('2026-06-01T12:00:00Z');
  it.each([
    ['no Date header', null, T, 5],
    ['a Date that does not parse', 'yesterday', T, 5],
    ['a server exactly 1 s ahead (within Date resolution)', T + 1_000, T, 0],
    ['a server 1.001 s ahead', T + 2_000, T + 999, 1_001],
    ['a server a minute behind', T - 60_000, T, -60_000],
  ])('learns from %s', (_, date, now, offset) => {
    const clock = new ServerClock();
    clock.offset = 5; // replaced by what a Date says, kept when there is nothing to learn
    clock.observe(typeof date === 'number' ? new Date(date).toUTCString() : date, now);
    expect(clock.offset).toBe(offset);
  });

  it('moves times both ways by the offset', () => {
    const clock = new ServerClock();
    clock.offset = 120_000;
    expect(clock.toServer(1_000_000)).toBe(1_120_000);
    expect(clock.toLocal(1_120_000)).toBe(1_000_000);
  });
});

describe('RenewalBackoff', () => {
  it('waits 5 s after a failure, doubling to 5 min, counting a failure once however many report it', () => {
    const backoff = new RenewalBackoff();
    expect(backoff.allows(0)).toBe(true);
    backoff.failed(0);
    backoff.failed(4_999); // the same failure, reported by another caller
    expect(backoff.allows(4_999)).toBe(false);
    expect(backoff.allows(5_000)).toBe(true);
    backoff.failed(5_000);
    expect(backoff.allows(14_999)).toBe(false);
    expect(backoff.allows(15_000)).toBe(true);
    let now = 15_000;
    for (let i = 0; i < 10; i++) {
      backoff.failed(now);
      while (!backoff.allows(now)) now += 1_000;
    }
    backoff.failed(now);
    expect(backoff.allows(now + 299_999)).toBe(false);
    expect(backoff.allows(now + 300_000)).toBe(true);
    backoff.reset();
    expect(backoff.allows(now)).toBe(true);
    backoff.failed(now);
    expect(backoff.allows(now + 5_000)).toBe(true);
  });
});

describe('sessionState', () => {
  it.each([
    [
      'the scope the token response gave',
      { accessToken: jwt('{"scope":"x"}'), scope: ['a'] },
      ['a'],
    ],
    [
      'the JWT scope claim, split on spaces',
      { accessToken: jwt('{"scope":" a  b "}') },
      ['a', 'b'],
    ],
    ['no scope for a non-string claim', { accessToken: jwt('{"scope":["a"]}') }, undefined],
    ['no scope for an opaque token', { accessToken: 'opaque-token' }, undefined],
  ])('takes %s', (_, tokens, scope) => {
    expect(sessionState('authenticated', tokens).scope).toEqual(scope);
  });
});

describe('session errors say what to do', () => {
  it('no session, an expired one, and one that cannot renew', async () => {
    const client = createClient({
      baseUrl: 'https://api.example.com',
      auth: oauth2({ tokenUrl: '/oauth/token', clientId: 'app' }),
      fetch: async () => Response.json({ access_token: 'opaque-token-1', expires_in: 60 }),
    });
    await expect(client.session.getAccessToken()).rejects.toThrow(
      'Not signed in: call session.login() or session.setTokens() first',
    );
    await client.session.login({ username: 'u', password: 'p' });
    await expect(client.session.refresh()).rejects.toThrow(
      'This session has no refresh token, so it cannot be renewed: sign in again',
    );
    const service = createClient({
      baseUrl: 'https://api.example.com',
      auth: oauth2({
        tokenUrl: '/t',
        clientId: 's',
        clientSecret: 'x',
        grant: 'client_credentials',
      }),
    });
    await expect(service.session.login({ username: 'u', password: 'p' })).rejects.toThrow(
      'login() signs a user in with the password grant; this client uses client_credentials',
    );
  });
});

describe('storages', () => {
  it('webStorage keeps one key, org-client.session by default, and removes it', () => {
    const backing = fakeWebStorage();
    const storage = webStorage(backing);
    expect(storage.name).toBe('org-client.session');
    storage.set('value-1');
    expect(backing.getItem('org-client.session')).toBe('value-1');
    expect(storage.get()).toBe('value-1');
    storage.remove();
    expect(backing.length).toBe(0);
    expect(webStorage(backing, 'mine').name).toBe('mine');
  });

  it.each([
    ['nothing', undefined],
    ['an object without getItem', { setItem() {} }],
  ])('webStorage refuses %s with a TypeError naming what it needs', (_, backing) => {
    expect(() => webStorage(backing as unknown as Storage)).toThrow(
      '@org/client: webStorage needs localStorage, sessionStorage or another Web Storage object',
    );
  });

  it('memoryStorage forgets on remove', () => {
    const storage = memoryStorage();
    storage.set('v');
    storage.remove();
    expect(storage.get()).toBeUndefined();
  });

  it('decodeTokens reads nothing from an empty value, and scrubs the tokens it reads from errors', () => {
    expect(decodeTokens('')).toBeUndefined();
    expect(decodeTokens(null)).toBeUndefined();
    expect(redactText('saw restored-access-91ab and restored-refresh-77cd')).toContain(
      'restored-access-91ab',
    );
    const read = decodeTokens(
      JSON.stringify({
        v: 1,
        accessToken: 'restored-access-91ab',
        refreshToken: 'restored-refresh-77cd',
      }),
    );
    expect(read).toMatchObject({ accessToken: 'restored-access-91ab' });
    expect(redactText('saw restored-access-91ab and restored-refresh-77cd')).toBe(
      'saw [redacted] and [redacted]',
    );
  });
});

/** A token endpoint that records each form, answering `answer` (a 500 for a number). */
function endpoint(answer: object | number = { access_token: 'issued-token-1' }) {
  const forms: Array<Record<string, string>> = [];
  const config: TokenClientConfig = {
    tokenUrl: 'https://id.example/token',
    clientId: 'app',
    fetch: async (_input, init) => {
      forms.push(Object.fromEntries(new URLSearchParams(String(init?.body))));
      return typeof answer === 'number'
        ? Response.json({ error_description: `echo ${forms.at(-1)?.password}` }, { status: answer })
        : Response.json(answer);
    },
    timeout: 1_000,
    clock: new ServerClock(),
  };
  return { config, forms };
}

describe('grants', () => {
  it.each([
    ['a scope list', ['a', 'b'], 'default', 'a b'],
    ['a scope string', 'x y', 'default', 'x y'],
    ['no scope: the default', undefined, 'default', 'default'],
    ['an empty list: the default', [], 'default', 'default'],
    ['no scope and no default', undefined, undefined, undefined],
  ])('password grant sends %s', async (_, scope, fallback, sent) => {
    const { config, forms } = endpoint();
    const source = passwordGrant(
      config,
      { username: 'u', password: 'p', ...(scope === undefined ? {} : { scope }) },
      fallback,
    );
    expect(source.canObtain(undefined)).toBe(true);
    await source.obtain(undefined, new AbortController().signal);
    expect(forms[0]?.scope).toBe(sent);
  });

  it('password grant: a password the server echoes is scrubbed from the error', async () => {
    const { config } = endpoint(500);
    const source = passwordGrant(
      config,
      { username: 'u', password: 'hunter2-long-pass' },
      undefined,
    );
    const error = await source.obtain(undefined, new AbortController().signal).catch((e) => e);
    expect(inspect(error, { depth: 10 })).not.toContain('hunter2-long-pass');
    expect(error.message).toContain('[redacted]');
  });

  it.each([
    ['a scope', 'read write', 'read write'],
    ['no scope', undefined, undefined],
  ])('client_credentials sends %s', async (_, scope, sent) => {
    const { config, forms } = endpoint();
    await clientCredentialsGrant(config, scope).obtain(undefined, new AbortController().signal);
    expect(forms[0]).toEqual({
      grant_type: 'client_credentials',
      client_id: 'app',
      ...(sent && { scope: sent }),
    });
  });

  it('refresh grant: keeps the refresh token and scope a response leaves out, takes those it gives', async () => {
    const current = { accessToken: 'a-1', refreshToken: 'r-1', scope: ['old'] };
    const kept = await refreshTokenGrant(endpoint().config).obtain(
      current,
      new AbortController().signal,
    );
    expect(kept).toMatchObject({
      accessToken: 'issued-token-1',
      refreshToken: 'r-1',
      scope: ['old'],
    });
    const given = await refreshTokenGrant(
      endpoint({ access_token: 'a-2', refresh_token: 'r-2', scope: 'new' }).config,
    ).obtain(current, new AbortController().signal);
    expect(given).toMatchObject({ refreshToken: 'r-2', scope: ['new'] });
  });

  it('refresh grant: without a refresh token it refuses, sending nothing', async () => {
    const { config, forms } = endpoint();
    const grant = refreshTokenGrant(config);
    expect(grant.canObtain({ accessToken: 'a-1' })).toBe(false);
    expect(grant.canObtain(undefined)).toBe(false);
    await expect(
      grant.obtain({ accessToken: 'a-1' }, new AbortController().signal),
    ).rejects.toMatchObject({
      code: 'unsupported',
    });
    await expect(grant.obtain(undefined, new AbortController().signal)).rejects.toMatchObject({
      code: 'unsupported',
    });
    expect(forms).toEqual([]);
  });
});
