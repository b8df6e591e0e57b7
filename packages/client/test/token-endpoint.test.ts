/**
 * The token endpoint as RFC 6749 §5 describes it: which answers are tokens, which are refusals of
 * which kind, and what each costs the session. Driven with a fetch that answers as a server would.
 */
import { describe, expect, it } from 'vitest';
import { ServerClock } from '../src/auth/server-clock.js';
import {
  postCredentialForm,
  requestTokens,
  revokeTokens,
  type TokenClientConfig,
} from '../src/auth/token-endpoint.js';

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

/** A token server played by `respond`, which sees each request's form. */
const serving = (
  respond: (form: URLSearchParams, request: Request) => Response | Promise<Response>,
) => {
  const seen: Request[] = [];
  const config: TokenClientConfig = {
    tokenUrl: 'https://id.example/token',
    clientId: 'app',
    fetch: async (input, init) => {
      const request = new Request(input, init);
      seen.push(request.clone());
      return respond(new URLSearchParams(await request.text()), request);
    },
    timeout: 1_000,
    clock: new ServerClock(),
  };
  return { config, seen };
};
const TOKEN_REQUEST = { method: 'POST', url: 'https://id.example/token' };

describe('token responses that are not tokens', () => {
  it.each([
    ['a token_type other than Bearer', { token_type: 'mac' }, 'token_type is "mac", not "Bearer"'],
    ['a numeric token_type', { token_type: 42 }, 'token_type is "42", not "Bearer"'],
    [
      'a long token_type, cut to 20 characters',
      { token_type: 'x'.repeat(50) },
      `token_type is "${'x'.repeat(20)}", not`,
    ],
    [
      'an expires_in in words',
      { expires_in: 'soon' },
      'expires_in is "soon", not a positive number',
    ],
    ['a zero expires_in', { expires_in: 0 }, 'expires_in is 0, not'],
    ['a negative expires_in', { expires_in: -5 }, 'expires_in is -5, not'],
    ['a boolean expires_in', { expires_in: true }, 'expires_in is true, not'],
    ['an expires_in in an array', { expires_in: [3600] }, 'expires_in is [3600], not'],
    ['an expires_in in exponent notation', { expires_in: '1e3' }, 'expires_in is "1e3", not'],
    ['an expires_in with a leading space', { expires_in: ' 5' }, 'expires_in is " 5", not'],
    ['an expires_in with a trailing space', { expires_in: '5 ' }, 'expires_in is "5 ", not'],
    [
      'a long expires_in, cut to 30 characters',
      { expires_in: 'y'.repeat(80) },
      `expires_in is "${'y'.repeat(29)}, not`,
    ],
  ])('refuses %s, naming it', async (_, fields, message) => {
    const { config } = serving(() => Response.json({ access_token: 'a-token-1', ...fields }));
    const error = await requestTokens(config, grant('password')).catch((e) => e);
    expect(error).toMatchObject({
      name: 'AuthError',
      code: 'invalid_token_response',
      request: TOKEN_REQUEST,
    });
    expect(error.message).toContain(
      `The token endpoint sent an invalid token response: ${message}`,
    );
  });

  it('refuses an expires_in too large for a number (JSON 1e400 is Infinity)', async () => {
    const { config } = serving(
      () => new Response('{"access_token":"a-token-1","expires_in":1e400}'),
    );
    await expect(requestTokens(config, grant('password'))).rejects.toMatchObject({
      code: 'invalid_token_response',
      message: expect.stringContaining('expires_in is null, not a positive number'),
    });
  });

  it.each([
    ['HTML', 'text/html', '<html>oops</html>', 'the body is not JSON (text/html)'],
    ['text without a content type', null, 'oops', 'the body is not JSON (no content type)'],
  ])('refuses %s, naming the content type', async (_, type, body, message) => {
    const { config } = serving(() => {
      const response = new Response(body);
      if (type) response.headers.set('content-type', type);
      else response.headers.delete('content-type');
      return response;
    });
    await expect(requestTokens(config, grant('password'))).rejects.toMatchObject({
      code: 'invalid_token_response',
      message: expect.stringContaining(message),
    });
  });

  it.each([
    ['digits with a fraction', '1.25', 1_250],
    ['digits with one decimal', '1.5', 1_500],
  ])('accepts expires_in as %s', async (_, expires_in, lifetime) => {
    const { config } = serving(() => Response.json({ access_token: 'a-token-1', expires_in }));
    await expect(requestTokens(config, grant('password'))).resolves.toMatchObject({ lifetime });
  });
});

describe('expiry from the JWT when expires_in is absent', () => {
  const jwt = (claims: object) =>
    `h.${btoa(JSON.stringify(claims)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')}.s`;
  const now = () => Math.floor(Date.now() / 1000);

  it.each([
    ['an exp and an earlier iat', () => ({ exp: now() + 600, iat: now() }), true, 600_000],
    ['an exp and no iat', () => ({ exp: now() + 600 }), true, undefined],
    ['an iat equal to exp', () => ({ exp: now() + 600, iat: now() + 600 }), true, undefined],
    ['an iat after exp', () => ({ exp: now() + 600, iat: now() + 900 }), true, undefined],
    ['an exp as a string', () => ({ exp: String(now() + 600) }), false, undefined],
  ])('%s', async (_, claims, hasExpiry, lifetime) => {
    const { config } = serving(() => Response.json({ access_token: jwt(claims()) }));
    const tokens = await requestTokens(config, grant('client_credentials'));
    expect(tokens.expiresAt !== undefined).toBe(hasExpiry);
    expect(tokens.lifetime).toBe(lifetime);
  });

  it('an exp too large for a number gives no expiry', async () => {
    const payload = btoa('{"exp":1e400}').replace(/=+$/, '');
    const { config } = serving(() => Response.json({ access_token: `h.${payload}.s` }));
    const tokens = await requestTokens(config, grant('client_credentials'));
    expect(tokens.expiresAt).toBeUndefined();
  });
});

describe('refusal messages', () => {
  it.each([
    [
      { error: 'invalid_grant', error_description: 'bad password' },
      'password',
      'Sign-in failed: invalid_grant: bad password',
    ],
    [
      { error: 42, error_description: 'odd' },
      'password',
      'The token request was rejected: HTTP 400: odd',
    ],
    [
      { error: 'invalid_request', error_description: 7 },
      'password',
      'The token request was rejected: invalid_request',
    ],
    [
      { error: 'invalid_client' },
      'client_credentials',
      'The token server rejected the client: invalid_client',
    ],
  ])('%j for %s: %s', async (body, type, message) => {
    const { config } = serving(() => Response.json(body, { status: 400 }));
    const error = await requestTokens(config, grant(type)).catch((e) => e);
    expect(error.message).toBe(`${message} (POST https://id.example/token)`);
    expect(error.request).toEqual(TOKEN_REQUEST);
    expect(error.oauthError).toBe(typeof body.error === 'string' ? body.error : undefined);
  });
});

describe('the request itself', () => {
  it('asks for JSON', async () => {
    const { config, seen } = serving(() => Response.json({ access_token: 'a-token-1' }));
    await requestTokens(config, grant('password'));
    expect(seen[0]?.headers.get('accept')).toBe('application/json');
  });

  it('a network failure is a NetworkError naming the request', async () => {
    const cause = new TypeError('fetch failed');
    const { config } = serving(() => Promise.reject(cause));
    const error = await requestTokens(config, grant('password')).catch((e) => e);
    expect(error).toMatchObject({ name: 'NetworkError', request: TOKEN_REQUEST, cause });
  });

  it('a server that never answers is a TimeoutError naming the request', async () => {
    const { config } = serving(
      (_, request) =>
        new Promise((_resolve, reject) => {
          if (request.signal.aborted) reject(request.signal.reason);
          request.signal.addEventListener('abort', () => reject(request.signal.reason));
        }),
    );
    const error = await requestTokens({ ...config, timeout: 20 }, grant('password')).catch(
      (e) => e,
    );
    expect(error).toMatchObject({ name: 'TimeoutError', request: TOKEN_REQUEST });
  });

  it("a cancelled request rejects with the caller's reason, not a timeout or network error", async () => {
    const { config } = serving(
      (_, request) =>
        new Promise((_resolve, reject) => {
          if (request.signal.aborted) reject(request.signal.reason);
          request.signal.addEventListener('abort', () => reject(request.signal.reason));
        }),
    );
    const controller = new AbortController();
    const pending = requestTokens(config, grant('password'), controller.signal).catch((e) => e);
    const reason = new Error('the user left');
    controller.abort(reason);
    expect(await pending).toBe(reason);
  });

  it.each([
    [300, 'HTTP 300'],
    [302, 'HTTP 302'],
    [308, 'HTTP 308'],
  ])('a %i is a refusal to follow, named for the endpoint', async (status, what) => {
    const { config } = serving(() => new Response(null, { status, headers: { location: '/x' } }));
    const token = await requestTokens(config, grant('password')).catch((e) => e);
    expect(token).toMatchObject({ code: 'invalid_token_response', status, request: TOKEN_REQUEST });
    expect(token.message).toContain(`The token endpoint answered with a redirect (${what})`);
    const revocation = await postCredentialForm(config, 'https://id.example/revoke', {}).catch(
      (e) => e,
    );
    expect(revocation.message).toContain(
      `The revocation endpoint answered with a redirect (${what})`,
    );
    expect(revocation.request).toEqual({ method: 'POST', url: 'https://id.example/revoke' });
  });

  it('a 299 and a 400 are not redirects', async () => {
    for (const status of [299, 400]) {
      const { config } = serving(() => new Response('{}', { status }));
      const error = await requestTokens(config, grant('password')).catch((e) => e);
      expect(error.message).not.toContain('redirect');
    }
  });

  it('an opaque redirect (browsers) says so', async () => {
    const { config } = serving(() => {
      const response = new Response(null, { status: 200 });
      Object.defineProperties(response, {
        type: { value: 'opaqueredirect' },
        status: { value: 0 },
      });
      return response;
    });
    await expect(requestTokens(config, grant('password'))).rejects.toMatchObject({
      code: 'invalid_token_response',
      message: expect.stringContaining('redirect (HTTP opaque)'),
    });
  });
});

describe('tokens the endpoint issued are scrubbed from later errors', () => {
  it('the access and refresh tokens of a response, echoed by a failure after it', async () => {
    let call = 0;
    const { config } = serving(() =>
      call++ === 0
        ? Response.json({
            access_token: 'issued-access-7f3a91',
            refresh_token: 'issued-refresh-2c8e44',
          })
        : Response.json(
            {
              error: 'server_error',
              error_description: 'saw issued-access-7f3a91 and issued-refresh-2c8e44',
            },
            { status: 500 },
          ),
    );
    await requestTokens(config, grant('password'));
    const error = await requestTokens(config, grant('refresh_token')).catch((e) => e);
    const printed = `${error.message} ${JSON.stringify(error)}`;
    expect(printed).toContain('[redacted]');
    expect(printed).not.toContain('issued-access-7f3a91');
    expect(printed).not.toContain('issued-refresh-2c8e44');
  });
});

describe('revocation', () => {
  it('revokes the refresh token first, then the access token, each with its hint', async () => {
    const { config, seen } = serving(() => new Response(null, { status: 200 }));
    await revokeTokens(config, 'https://id.example/revoke', {
      accessToken: 'at-1',
      refreshToken: 'rt-1',
    });
    const forms = await Promise.all(
      seen.map(async (r) => Object.fromEntries(new URLSearchParams(await r.text()))),
    );
    expect(forms).toEqual([
      { token: 'rt-1', token_type_hint: 'refresh_token', client_id: 'app' },
      { token: 'at-1', token_type_hint: 'access_token', client_id: 'app' },
    ]);
    expect(seen.map((r) => r.url)).toEqual([
      'https://id.example/revoke',
      'https://id.example/revoke',
    ]);
  });

  it('revokes only the access token when there is no refresh token, and ignores failures', async () => {
    const { config, seen } = serving(() => Promise.reject(new TypeError('down')));
    await expect(
      revokeTokens(config, 'https://id.example/revoke', { accessToken: 'at-1' }),
    ).resolves.toBeUndefined();
    expect(seen).toHaveLength(1);
  });
});
