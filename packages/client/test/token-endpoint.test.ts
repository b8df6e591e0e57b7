/**
 * The token endpoint as RFC 6749 §5 describes it: which answers are tokens, which are refusals of
 * which kind, and what each costs the session. Driven with a fetch that answers as a server would.
 */
import { describe, expect, it } from 'vitest';
import { ServerClock } from '../src/auth/server-clock.js';
import { requestTokens, type TokenClientConfig } from '../src/auth/token-endpoint.js';

const answering = (status: number, body: unknown, headers: Record<string, string> = {}) => {
  const seen: Array<{ headers: Headers; body: string }> = [];
  const config: TokenClientConfig = {
    tokenUrl: 'https://id.example/token',
    clientId: 'app id',
    fetch: async (input, init) => {
      const request = new Request(input, init);
      seen.push({ headers: request.headers, body: await request.text() });
      return new Response(typeof body === 'string' ? body : JSON.stringify(body), {
        status,
        headers: { 'content-type': 'application/json', ...headers },
      });
    },
    timeout: 1_000,
    clock: new ServerClock(),
  };
  return { config, seen };
};
const grant = (type: string) => ({ grant_type: type });

describe('token responses that are tokens', () => {
  it.each([
    ['a lowercase token_type', { access_token: 'a-token-1', token_type: 'bearer' }, {}],
    ['no token_type', { access_token: 'a-token-1' }, {}],
    [
      'a null refresh_token and scope',
      { access_token: 'a-token-1', refresh_token: null, scope: null },
      { refreshToken: undefined, scope: undefined },
    ],
    [
      'expires_in as digits',
      { access_token: 'a-token-1', expires_in: '3600' },
      { lifetime: 3_600_000 },
    ],
    [
      'a fractional expires_in',
      { access_token: 'a-token-1', expires_in: 1.5 },
      { lifetime: 1_500 },
    ],
    ['a scope string', { access_token: 'a-token-1', scope: 'a  b' }, { scope: ['a', 'b'] }],
    [
      'a refresh token',
      { access_token: 'a-token-1', refresh_token: 'r-token-1' },
      { refreshToken: 'r-token-1' },
    ],
  ])('accepts %s', async (_, body, expected) => {
    const { config } = answering(200, body);
    const tokens = await requestTokens(config, grant('client_credentials'));
    expect(tokens).toMatchObject({ accessToken: 'a-token-1', ...expected });
  });

  it('takes the expiry from the JWT exp, on the server clock, when expires_in is absent', async () => {
    const exp = Math.floor(Date.now() / 1000) + 600;
    const payload = btoa(JSON.stringify({ exp, iat: exp - 600 })).replace(/=+$/, '');
    const { config } = answering(
      200,
      { access_token: `h.${payload}.s` },
      { date: new Date(Date.now() + 120_000).toUTCString() },
    );
    const tokens = await requestTokens(config, grant('client_credentials'));
    expect(tokens.lifetime).toBe(600_000);
    // The server's clock is two minutes ahead: its exp is two minutes earlier on ours.
    expect(Math.abs((tokens.expiresAt ?? 0) - (exp * 1000 - 120_000))).toBeLessThan(1_500);
  });

  it('authenticates a public client with client_id in the form, a confidential one with Basic', async () => {
    const open = answering(200, { access_token: 'a-token-1' });
    await requestTokens(open.config, grant('password'));
    expect(open.seen[0]?.body).toContain('client_id=app+id');
    expect(open.seen[0]?.headers.get('authorization')).toBeNull();
    const closed = answering(200, { access_token: 'a-token-1' });
    await requestTokens(
      { ...closed.config, clientSecret: 's e:cret' },
      grant('client_credentials'),
    );
    expect(closed.seen[0]?.body).not.toContain('client_id');
    expect(closed.seen[0]?.headers.get('authorization')).toBe(`Basic ${btoa('app+id:s+e%3Acret')}`);
    expect(closed.seen[0]?.headers.get('content-type')).toBe('application/x-www-form-urlencoded');
  });
});

describe('refusals', () => {
  it.each([
    [
      400,
      { error: 'invalid_grant' },
      'password',
      { name: 'AuthError', code: 'invalid_credentials', status: 400 },
    ],
    [
      400,
      { error: 'invalid_grant', error_description: 'revoked' },
      'refresh_token',
      { code: 'session_expired', message: expect.stringContaining('invalid_grant: revoked') },
    ],
    [
      401,
      { error: 'invalid_client' },
      'client_credentials',
      { code: 'invalid_client', status: 401, oauthError: 'invalid_client' },
    ],
    [400, { error: 'unauthorized_client' }, 'password', { code: 'invalid_client' }],
    [
      400,
      { error: 'invalid_scope' },
      'password',
      { code: 'token_request_rejected', message: expect.stringContaining('invalid_scope') },
    ],
    [
      401,
      'nope',
      'password',
      { code: 'token_request_rejected', message: expect.stringContaining('HTTP 401') },
    ],
    [403, { error: 'forbidden' }, 'password', { name: 'HttpError', status: 403 }],
    [
      503,
      { error: 'temporarily_unavailable' },
      'refresh_token',
      { name: 'HttpError', status: 503, retryAfter: 7 },
    ],
  ])('HTTP %i %j for %s', async (status, body, type, expected) => {
    const { config } = answering(status, body, { 'retry-after': '7' });
    await expect(requestTokens(config, grant(type))).rejects.toMatchObject(expected);
  });
});
