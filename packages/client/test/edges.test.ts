/**
 * The smaller promises: status kinds, problem details, challenges, base URLs, endpoint definitions
 * and token lifetimes, each with the input that used to break it.
 */
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { createClient, defineEndpoint, HttpError } from '../src/index.js';
import { parseChallenges } from '../src/internal/headers.js';
import { BASE, oauthClient, useMockApi } from './helpers.js';
import { me } from './weather-api.js';

const { server } = useMockApi();

describe('HTTP error kinds', () => {
  it('a 304 is not_modified and other 3xx are redirect, not client_error', () => {
    expect(new HttpError({ status: 304 }).kind).toBe('not_modified');
    expect(new HttpError({ status: 300 }).kind).toBe('redirect');
    expect(new HttpError({ status: 418 }).kind).toBe('client_error');
  });
});

describe('RFC 9457 problem details', () => {
  it('use title and detail in the message and the problem type as the code', async () => {
    server.use(
      http.get(`${BASE}/v1/me`, () =>
        HttpResponse.json(
          {
            type: 'https://api.example.com/problems/out-of-credit',
            title: 'You do not have enough credit',
            detail: 'Your balance is 30, but that costs 50',
            status: 409,
          },
          { status: 409, headers: { 'content-type': 'application/problem+json' } },
        ),
      ),
    );
    const client = oauthClient();
    await client.session.login({ username: 'demo', password: 'demo' });
    const error = await client.call(me).catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: 'HttpError',
      kind: 'conflict',
      code: 'https://api.example.com/problems/out-of-credit',
    });
    expect((error as Error).message).toContain(
      'You do not have enough credit: Your balance is 30, but that costs 50',
    );
  });
});

describe('WWW-Authenticate challenges', () => {
  it('finds the Bearer challenge among several, with quoted commas and escapes', () => {
    expect(
      parseChallenges(
        'Basic realm="a, b", Bearer error="insufficient_scope", scope="weather:write x", error_description="say \\"no\\", please", DPoP algs="ES256"',
      ),
    ).toEqual([
      { scheme: 'Basic', params: { realm: 'a, b' } },
      {
        scheme: 'Bearer',
        params: {
          error: 'insufficient_scope',
          scope: 'weather:write x',
          error_description: 'say "no", please',
        },
      },
      { scheme: 'DPoP', params: { algs: 'ES256' } },
    ]);
    expect(parseChallenges('Negotiate abc==, Bearer realm=api')).toEqual([
      { scheme: 'Negotiate', params: {}, token68: 'abc==' },
      { scheme: 'Bearer', params: { realm: 'api' } },
    ]);
  });

  it('does not take a parameter of another scheme for the Bearer one', async () => {
    server.use(
      http.get(`${BASE}/v1/me`, () =>
        HttpResponse.json(
          {},
          {
            status: 403,
            headers: {
              'www-authenticate':
                'Bearer realm="api", error="insufficient_scope", scope="weather:admin", Basic error="other", scope="nope"',
            },
          },
        ),
      ),
    );
    const client = oauthClient();
    await client.session.login({ username: 'demo', password: 'demo' });
    await expect(client.call(me)).rejects.toMatchObject({
      name: 'AuthError',
      code: 'insufficient_scope',
      requiredScope: 'weather:admin',
    });
  });
});

describe('configuration that would build wrong URLs', () => {
  it.each([
    'https://api.example.com/v1?key=1',
    'https://api.example.com/v1#top',
    'https://api.example.com/?',
  ])('rejects a baseUrl with a query or fragment: %s', (baseUrl) => {
    expect(() => createClient({ baseUrl })).toThrow(/must not have a query or fragment/);
  });

  it.each(['GET', 'HEAD'] as const)(
    'rejects a %s endpoint with a body schema when it is defined',
    (method) => {
      expect(() =>
        defineEndpoint({
          method,
          path: '/x',
          body: z.object({ a: z.string() }),
          response: z.unknown(),
        }),
      ).toThrow(new RegExp(`a ${method} request has no body`));
    },
  );
});

describe('token lifetimes', () => {
  it.each([2_147_483_647, 1e12, 1e300])(
    'accepts expires_in %s, and the token works',
    async (expiresIn) => {
      server.use(
        http.post(`${BASE}/oauth/token`, () =>
          HttpResponse.json({
            access_token: 'a-long-lived-token',
            token_type: 'Bearer',
            expires_in: expiresIn,
          }),
        ),
        http.get(`${BASE}/v1/me`, ({ request }) =>
          request.headers.get('authorization') === 'Bearer a-long-lived-token'
            ? HttpResponse.json({ sub: 'demo', kind: 'user', scope: [] })
            : HttpResponse.json({}, { status: 401 }),
        ),
      );
      const client = oauthClient();
      await client.session.login({ username: 'demo', password: 'demo' });
      const { expiresAt } = client.session.getState();
      expect(Number.isFinite(expiresAt)).toBe(true);
      expect(expiresAt).toBeGreaterThan(Date.now() + 2_000_000_000);
      expect(new Date(expiresAt as number).getTime()).toBe(expiresAt);
      await expect(client.call(me)).resolves.toMatchObject({ sub: 'demo' });
    },
  );
});
