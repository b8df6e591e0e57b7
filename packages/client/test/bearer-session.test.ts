/**
 * The session behind `bearer()`: what its state, events and refusals say, which token goes out after
 * `setTokens` and `logout`, and that every token it holds (static, computed or set later) is
 * scrubbed from errors, including errors of calls that never carried it.
 */
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { AuthError, bearer, createClient, defineEndpoint } from '../src/index.js';

const BASE = 'https://api.example.com';
const me = defineEndpoint({
  method: 'GET',
  path: '/v1/me',
  response: z.object({ ok: z.boolean() }),
});
const status = defineEndpoint({
  method: 'GET',
  path: '/v1/status',
  auth: false,
  response: z.object({ ok: z.boolean() }),
});
const printed = (error: unknown) =>
  [String(error), JSON.stringify(error), inspect(error, { depth: 10, showHidden: true })].join(
    '\n',
  );

/** An API that records the Authorization header of each request and answers with `answer`. */
function api(
  answer: (authorization: string | null) => Response = () => Response.json({ ok: true }),
) {
  const seen: Array<string | null> = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    seen.push(request.headers.get('authorization'));
    return answer(request.headers.get('authorization'));
  };
  return { seen, fetch };
}

/** An API that echoes `secret` in a 500's body, whatever it was sent. */
const echoing = (secret: () => string) =>
  api(() => Response.json({ error: `upstream saw ${secret()} and failed` }, { status: 500 }));

describe('bearer() session state and events', () => {
  it('is authenticated from the start, and anonymous after logout, with one event per change', async () => {
    const { fetch } = api();
    const client = createClient({ baseUrl: BASE, fetch, auth: bearer('static-token-0001') });
    const events: Array<[string, string]> = [];
    const unsubscribe = client.session.subscribe((event) =>
      events.push([event.type, event.state.status]),
    );
    expect(client.session.getState()).toEqual({ status: 'authenticated' });
    await client.session.logout();
    expect(client.session.getState()).toEqual({ status: 'anonymous' });
    await client.session.logout();
    expect(events).toEqual([['logout', 'anonymous']]);
    await client.session.setTokens({ accessToken: 'set-token-0002' });
    expect(client.session.getState()).toEqual({ status: 'authenticated' });
    expect(events).toEqual([
      ['logout', 'anonymous'],
      ['login', 'authenticated'],
    ]);
    unsubscribe();
    await client.session.logout();
    expect(events).toHaveLength(2);
  });

  it('refuses login(): a bearer token has no grant to sign in with', async () => {
    const client = createClient({ baseUrl: BASE, auth: bearer('static-token-0001') });
    const error = await client.session.login({ username: 'u', password: 'p' }).catch((e) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect(error).toMatchObject({ code: 'unsupported' });
    expect(error.message).toContain('login() and the like) needs oauth2()');
  });

  it('refuses setTokens() without an access token, keeping the token it has', async () => {
    const { fetch, seen } = api();
    const client = createClient({ baseUrl: BASE, fetch, auth: bearer('static-token-0001') });
    for (const accessToken of ['', undefined, 42]) {
      const error = await client.session
        .setTokens({ accessToken } as { accessToken: string })
        .catch((e) => e);
      expect(error).toBeInstanceOf(TypeError);
      expect(error.message).toContain('setTokens needs an accessToken');
    }
    await client.call(me);
    expect(seen).toEqual(['Bearer static-token-0001']);
  });

  it('refresh() is a no-op that keeps the session', async () => {
    const client = createClient({ baseUrl: BASE, auth: bearer('static-token-0001') });
    await client.session.refresh();
    expect(client.session.getState().status).toBe('authenticated');
  });
});

describe('which token goes out', () => {
  it('sends the token setTokens() gave, in place of the static one', async () => {
    const { fetch, seen } = api();
    const client = createClient({ baseUrl: BASE, fetch, auth: bearer('static-token-0001') });
    await client.session.setTokens({ accessToken: 'set-token-0002' });
    await client.call(me);
    expect(seen).toEqual(['Bearer set-token-0002']);
    await expect(client.session.getAccessToken()).resolves.toBe('set-token-0002');
  });

  it('after logout, endpoint calls fail with no_session and raw requests go out bare', async () => {
    const { fetch, seen } = api();
    const client = createClient({ baseUrl: BASE, fetch, auth: bearer('static-token-0001') });
    await client.session.logout();
    const error = await client.call(me).catch((e) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect(error).toMatchObject({ code: 'no_session' });
    expect(error.message).toContain('cleared by logout()');
    expect(seen).toEqual([]);
    await expect(client.ky.get('v1/me').json()).resolves.toEqual({ ok: true });
    expect(seen).toEqual([null]);
  });

  it.each([
    ['an empty string', () => ''],
    ['a number', () => 42 as unknown as string],
    ['nothing', () => undefined as unknown as string],
    ['a promise of nothing', async () => undefined as unknown as string],
  ])(
    'a token function that returns %s fails the call with no_session, sending nothing',
    async (_, token) => {
      const { fetch, seen } = api();
      const client = createClient({ baseUrl: BASE, fetch, auth: bearer(token) });
      const error = await client.call(me).catch((e) => e);
      expect(error).toBeInstanceOf(AuthError);
      expect(error).toMatchObject({ code: 'no_session' });
      expect(error.message).toContain('returned no token');
      expect(seen).toEqual([]);
    },
  );
});

describe('every token the session holds is scrubbed from errors', () => {
  it('a static token, even in the error of a public call that never carried it', async () => {
    const token = 'static-token-0001';
    const { fetch, seen } = echoing(() => token);
    const client = createClient({ baseUrl: BASE, fetch, auth: bearer(token), retry: 0 });
    const error = await client.call(status).catch((e) => e);
    expect(seen).toEqual([null]);
    expect(printed(error)).toContain('[redacted]');
    expect(printed(error)).not.toContain(token);
  });

  it('a computed token', async () => {
    const { fetch } = echoing(() => 'computed-token-0003');
    const client = createClient({
      baseUrl: BASE,
      fetch,
      auth: bearer(() => 'computed-token-0003'),
      retry: 0,
    });
    const error = await client.call(me).catch((e) => e);
    expect(printed(error)).toContain('[redacted]');
    expect(printed(error)).not.toContain('computed-token-0003');
  });

  it('a token given to setTokens(), before any request sends it', async () => {
    const { fetch } = echoing(() => 'set-token-0002');
    const client = createClient({
      baseUrl: BASE,
      fetch,
      auth: bearer('static-token-0001'),
      retry: 0,
    });
    await client.session.setTokens({ accessToken: 'set-token-0002' });
    const error = await client.call(status).catch((e) => e);
    expect(printed(error)).toContain('[redacted]');
    expect(printed(error)).not.toContain('set-token-0002');
  });
});
