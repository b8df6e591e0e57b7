/**
 * How `oauth2()` options become requests: where the token endpoint is, which scope is asked for,
 * which URLs never get the bearer, and when tabs share a session (`crossTab: true`, pages only).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createClient, type OAuth2Options, oauth2, webStorage } from '../src/index.js';
import { eventually, fakeWebStorage } from './helpers.js';

afterEach(() => vi.unstubAllGlobals());

/** A token server and API on any origin: records each request's URL, form and Authorization. */
function network() {
  const seen: Array<{ url: string; form: Record<string, string>; authorization: string | null }> =
    [];
  let issued = 0;
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const text = await request.text();
    seen.push({
      url: request.url,
      form: Object.fromEntries(new URLSearchParams(text)),
      authorization: request.headers.get('authorization'),
    });
    return request.method === 'POST' && text.includes('grant_type')
      ? Response.json({ access_token: `access-token-${++issued}`, expires_in: 3600 })
      : Response.json({ ok: true });
  };
  return { fetch, seen };
}

const clientOf = (
  fetch: typeof globalThis.fetch,
  auth: Partial<OAuth2Options>,
  baseUrl = 'https://api.example.com',
) =>
  createClient({
    baseUrl,
    fetch,
    auth: oauth2({ tokenUrl: '/oauth/token', clientId: 'app', ...auth } as OAuth2Options),
  });

describe('where the token endpoint is', () => {
  it.each([
    [
      'an absolute URL on another origin',
      'https://id.example.net/token',
      'https://id.example.net/token',
    ],
    ['a path', '/oauth/token', 'https://example.com/api/oauth/token'],
    ['a relative path', 'oauth/token', 'https://example.com/api/oauth/token'],
    [
      'a path whose query holds a URL',
      '/oauth/token?next=https://x.example',
      'https://example.com/api/oauth/token?next=https://x.example',
    ],
  ])('%s', async (_, tokenUrl, expected) => {
    const { fetch, seen } = network();
    const client = clientOf(fetch, { tokenUrl }, 'https://example.com/api');
    await client.session.login({ username: 'u', password: 'p' });
    expect(seen[0]?.url).toBe(expected);
  });
});

describe('the scope asked for', () => {
  it.each([
    ['a list, joined with spaces', ['read', 'write'], 'read write'],
    ['a string, as it is', 'read write', 'read write'],
    ['none', undefined, undefined],
  ])('%s, by the password and client_credentials grants', async (_, scope, sent) => {
    const { fetch, seen } = network();
    const asked = scope === undefined ? {} : { scope };
    await clientOf(fetch, asked).session.login({ username: 'u', password: 'p' });
    const service = clientOf(fetch, { ...asked, grant: 'client_credentials', clientSecret: 's' });
    await service.session.getAccessToken();
    expect(seen.map((r) => r.form.scope)).toEqual([sent, sent]);
  });
});

describe('URLs that never get the bearer', () => {
  it('the token endpoint, when there is no revocation endpoint', async () => {
    const { fetch, seen } = network();
    const client = clientOf(fetch, {});
    await client.session.login({ username: 'u', password: 'p' });
    await client.ky.get('oauth/token');
    await client.ky.get('v1/me');
    expect(seen.slice(1).map((r) => [r.url, r.authorization])).toEqual([
      ['https://api.example.com/oauth/token', null],
      ['https://api.example.com/v1/me', 'Bearer access-token-1'],
    ]);
  });
});

describe('storage', () => {
  it.each<[string, Partial<OAuth2Options['storage']>]>([
    ['without set', { get: () => null, remove: () => {} }],
    ['without get', { set: () => {}, remove: () => {} }],
    ['without remove', { get: () => null, set: () => {} }],
  ])('a storage %s is refused with a TypeError', (_, storage) => {
    expect(() => oauth2({ tokenUrl: '/t', clientId: 'app', storage } as OAuth2Options)).toThrow(
      '@org/client: oauth2: storage must have get, set and remove',
    );
  });
});

describe('crossTab: true', () => {
  const tabs = (fetch: typeof globalThis.fetch) => {
    const storage = webStorage(fakeWebStorage(), `key-${Math.random()}`);
    return [0, 1].map(() => clientOf(fetch, { storage, crossTab: true }));
  };

  it('in a page, tabs with one storage share the session, on a channel named by default', async () => {
    vi.stubGlobal('document', Object.assign(new EventTarget(), { visibilityState: 'visible' }));
    vi.stubGlobal('window', new EventTarget());
    const [first, second] = tabs(network().fetch);
    await first?.session.login({ username: 'u', password: 'p' });
    await eventually(() => expect(second?.session.getState().status).toBe('authenticated'));
  });

  it('with a window but no document (not a page), every client keeps its own session', async () => {
    vi.stubGlobal('window', new EventTarget());
    const [first, second] = tabs(network().fetch);
    await first?.session.login({ username: 'u', password: 'p' });
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(second?.session.getState().status).toBe('anonymous');
  });
});
