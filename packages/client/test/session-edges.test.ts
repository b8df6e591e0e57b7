/**
 * Edges of the session that mutation testing found unguarded: each test fails when the one line
 * it names is broken.
 */
import { HttpResponse, http } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { bearer, createClient, oauth2, webStorage } from '../src/index.js';
import { BASE, eventually, fakeWebStorage, oauthClient, useMockApi } from './helpers.js';
import { me } from './weather-api.js';

const { server, controller } = useMockApi();
const tokenRequests = () => controller.requests.filter((r) => r.route === 'POST /oauth/token');

describe('expiry', () => {
  it('fires expired once per session: a tab already signed out ignores another tab’s expiry', async () => {
    vi.stubGlobal('document', Object.assign(new EventTarget(), { visibilityState: 'visible' }));
    vi.stubGlobal('window', new EventTarget());
    try {
      const storage = fakeWebStorage();
      const tab = (name: string) =>
        oauthClient({ crossTab: { name }, storage: webStorage(storage), refreshRetries: 0 });
      const [a, b, c] = [tab('expiry'), tab('expiry'), tab('expiry')];
      await a.session.login({ username: 'demo', password: 'demo' });
      await eventually(() => expect(c.session.getState().status).toBe('authenticated'));
      await b.session.logout(); // every tab signs out…
      await eventually(() => expect(c.session.getState().status).toBe('anonymous'));
      await c.session.login({ username: 'demo', password: 'demo' }); // …and one signs in again
      await eventually(() => expect(b.session.getState().status).toBe('authenticated'));
      const expiredIn: string[] = [];
      for (const [name, t] of [
        ['a', a],
        ['b', b],
        ['c', c],
      ] as const)
        t.session.subscribe((e) => e.type === 'expired' && expiredIn.push(name));
      await c.session.logout();
      await eventually(() => expect(a.session.getState().status).toBe('anonymous'));
      // Now an expiry broadcast reaches tabs that are all signed out: none may report an expiry.
      const channel = new BroadcastChannel('expiry');
      channel.postMessage({ type: 'expired' });
      channel.close();
      await eventually(() => expect(a.session.getState().status).toBe('anonymous'));
      await new Promise((resolve) => setImmediate(resolve));
      expect(expiredIn).toEqual([]);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('ends the session when the token endpoint answers 401 to a refresh (invalid_client), not only 400', async () => {
    const client = oauthClient({ refreshRetries: 3 });
    await client.session.login({ username: 'demo', password: 'demo' });
    const events: string[] = [];
    client.session.subscribe((event) => events.push(event.type));
    controller.injectFault('POST /oauth/token', {
      kind: 'json',
      status: 401,
      body: { error: 'invalid_client' },
    });
    await expect(client.session.refresh()).rejects.toMatchObject({
      code: 'invalid_client',
      status: 401,
    });
    expect(client.session.getState().status).toBe('expired');
    expect(events).toEqual(['expired']);
    expect(tokenRequests()).toHaveLength(2); // the sign-in and the one refused refresh: no retries
  });
});

describe('a refresh that answers after logout', () => {
  it('is not adopted, even when the server answered before the abort reached it', async () => {
    let answer: (() => void) | undefined;
    // A token endpoint whose answer is already on its way: the abort at logout cannot stop it.
    const fetch: typeof globalThis.fetch = async (input, init) => {
      const request = new Request(input, init);
      const body = await request.text();
      if (body.includes('grant_type=refresh_token')) {
        await new Promise<void>((resolve) => {
          answer = resolve;
        });
      }
      return Response.json({
        access_token: `token-after-${body.slice(0, 20)}-xxxxxxxx`,
        refresh_token: 'a-refresh-token-xxxxxxxx',
        expires_in: 3600,
      });
    };
    const client = createClient({
      baseUrl: BASE,
      fetch,
      auth: oauth2({ tokenUrl: '/oauth/token', clientId: 'app' }),
    });
    await client.session.login({ username: 'u', password: 'a-long-password' });
    const events: string[] = [];
    client.session.subscribe((event) => events.push(event.type));
    const refreshing = client.session.refresh().catch((error: unknown) => error);
    await eventually(() => expect(answer).toBeDefined());
    await client.session.logout();
    answer?.();
    expect(await refreshing).toMatchObject({ code: 'logged_out' });
    expect(client.session.getState().status).toBe('anonymous');
    expect(events).toEqual(['logout']);
  });
});

describe('bearer() after a 401', () => {
  it('does not replay a static token the API rejected', async () => {
    let seen = 0;
    server.use(
      http.get(`${BASE}/v1/me`, () => {
        seen++;
        return HttpResponse.json({}, { status: 401 });
      }),
    );
    const client = createClient({ baseUrl: BASE, auth: bearer('a-static-token-1') });
    await expect(client.call(me)).rejects.toMatchObject({
      name: 'AuthError',
      code: 'unauthorized',
    });
    expect(seen).toBe(1);
  });

  it('replays once with a computed token that changed', async () => {
    const sent: Array<string | null> = [];
    server.use(
      http.get(`${BASE}/v1/me`, ({ request }) => {
        sent.push(request.headers.get('authorization'));
        return sent.length === 1
          ? HttpResponse.json({}, { status: 401 })
          : HttpResponse.json({ sub: 'demo', kind: 'user', scope: [] });
      }),
    );
    let n = 0;
    const client = createClient({ baseUrl: BASE, auth: bearer(() => `computed-token-${++n}`) });
    await expect(client.call(me)).resolves.toMatchObject({ sub: 'demo' });
    expect(sent).toEqual(['Bearer computed-token-1', 'Bearer computed-token-2']);
  });
});
