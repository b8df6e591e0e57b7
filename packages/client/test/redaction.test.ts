/**
 * Secrets stay out of errors however a server echoes them: the client secret, live tokens after any
 * number of refreshes, and credentials the client never saw (found by their shape or field name).
 */
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ApiError, bearer, createClient, HttpError, oauth2 } from '../src/index.js';

const BASE = 'https://api.example.com';
const printed = (error: unknown) =>
  [
    String(error),
    (error as Error).stack,
    JSON.stringify(error),
    inspect(error, { depth: 10, showHidden: true }),
  ].join('\n');

/** A fetch that plays a token server and an API; `answer` decides each response. */
function network(answer: (request: Request, body: string) => Response) {
  return async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    return answer(request, await request.clone().text());
  };
}

describe('the client secret', () => {
  it('is scrubbed when a token server echoes it, in AuthError and HttpError alike', async () => {
    const secret = 'cs_live_a9f3e2d1c0b';
    let status = 401;
    const fetch = network(() =>
      Response.json(
        {
          error: status === 401 ? 'invalid_client' : 'server_error',
          error_description: `client secret ${secret} is not valid here`,
        },
        { status },
      ),
    );
    const client = createClient({
      baseUrl: BASE,
      fetch,
      auth: oauth2({
        tokenUrl: '/oauth/token',
        clientId: 'svc',
        clientSecret: secret,
        grant: 'client_credentials',
        refreshRetries: 0,
      }),
    });
    const rejected = await client.session.getAccessToken().catch((e: unknown) => e);
    expect(rejected).toMatchObject({ name: 'AuthError', code: 'invalid_client' });
    status = 500;
    const failed = await client.session.getAccessToken().catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(HttpError);
    for (const error of [rejected, failed]) {
      expect(printed(error)).toContain('[redacted]');
      expect(printed(error)).not.toContain(secret);
    }
  });
});

describe('live secrets are never forgotten', () => {
  it('still scrubs a refresh token that the server never rotates, after 300 refreshes', async () => {
    const refreshToken = 'rt_never_rotated_0123456789';
    let n = 0;
    let echo = false;
    const fetch = network((request, body) => {
      if (request.url.endsWith('/oauth/token')) {
        n++;
        // The first response issues the refresh token; later ones send only a new access token.
        return Response.json({
          access_token: `at_${n}_${'x'.repeat(12)}`,
          expires_in: 3600,
          ...(body.includes('grant_type=password') && { refresh_token: refreshToken }),
        });
      }
      return echo
        ? Response.json(
            { message: `debug: your refresh token is ${refreshToken}` },
            { status: 500 },
          )
        : Response.json({ ok: true });
    });
    const client = createClient({
      baseUrl: BASE,
      fetch,
      retry: 0,
      auth: oauth2({ tokenUrl: '/oauth/token', clientId: 'app' }),
    });
    await client.session.login({ username: 'u', password: 'a-long-password' });
    for (let i = 0; i < 300; i++) await client.session.refresh();
    // Other sessions of the process come and go meanwhile.
    for (let i = 0; i < 300; i++) bearer(`other-token-${i}-abcdef`).create?.({} as never);
    echo = true;
    const error = await client.ky.get('v1/anything').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(printed(error)).not.toContain(refreshToken);
    expect(printed(error)).toContain('[redacted]');
  });
});

describe('structural redaction: credentials the client never saw', () => {
  it('replaces user info in URLs', () => {
    const error = new ApiError('failed', {
      request: { method: 'GET', url: 'https://someone:pa55w0rd-unknown@api.example.com/x' },
    });
    expect(error.request?.url).toBe('https://%5Bredacted%5D:%5Bredacted%5D@api.example.com/x');
    expect(printed(error)).not.toContain('pa55w0rd-unknown');
  });

  it('replaces credential-named query parameters', () => {
    const error = new ApiError('failed', {
      request: { method: 'GET', url: 'https://api.example.com/x?api_key=k-unknown-1&city=oslo' },
    });
    expect(error.request?.url).toBe('https://api.example.com/x?api_key=%5Bredacted%5D&city=oslo');
  });

  it('replaces secret-named fields of a body, at any depth, and keeps the rest', () => {
    const error = new HttpError({
      status: 400,
      body: {
        error: 'bad',
        nested: { password: 'hunter2-unknown', refresh_token: 'rt-unknown-value', city: 'oslo' },
        list: [{ client_secret: 'cs-unknown-value' }],
      },
    });
    expect(error.body).toEqual({
      error: 'bad',
      nested: { password: '[redacted]', refresh_token: '[redacted]', city: 'oslo' },
      list: [{ client_secret: '[redacted]' }],
    });
  });

  it('replaces whatever follows an auth scheme in messages and bodies', () => {
    const error = new HttpError({
      status: 400,
      body: { message: 'got header Bearer eyJunknown.token-value and Basic dXNlcjpwYXNz' },
    });
    expect(error.message).toContain('Bearer [redacted]');
    expect(error.message).toContain('Basic [redacted]');
    expect(printed(error)).not.toContain('eyJunknown.token-value');
    expect(printed(error)).not.toContain('dXNlcjpwYXNz');
  });

  it('does not search bodies deeper than it can read: a deeply nested secret is dropped, not kept', () => {
    let body: Record<string, unknown> = { leaked: 'unknown-deep-secret' };
    for (let i = 0; i < 20; i++) body = { inner: body };
    const error = new HttpError({ status: 500, body });
    expect(JSON.stringify(error.body)).not.toContain('unknown-deep-secret');
  });
});
