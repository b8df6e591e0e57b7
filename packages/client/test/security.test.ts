import { inspect } from 'node:util';
import { HttpResponse, http } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { BASE, oauthClient, serviceClient, useMockApi } from './helpers.js';
import { me } from './weather-api.js';

const { server, controller } = useMockApi();

/** Every request that left the client: URL, headers and body, as seen on the wire (msw). */
function recordWire() {
  const wire: Array<{ url: string; headers: string; body: string }> = [];
  server.events.on('request:start', async ({ request }) => {
    const headers = [...request.headers].map(([k, v]) => `${k}: ${v}`).join('\n');
    wire.push({
      url: request.url,
      headers,
      body: await request
        .clone()
        .text()
        .catch(() => ''),
    });
  });
  return wire;
}

describe('redirects', () => {
  it('never carries the Authorization header across origins', async () => {
    const seen: Record<string, string | null> = {};
    server.use(
      http.get(
        `${BASE}/v1/moved`,
        () =>
          new HttpResponse(null, {
            status: 302,
            headers: { location: 'https://evil.test/collect' },
          }),
      ),
      http.get('https://evil.test/collect', ({ request }) => {
        seen.evil = request.headers.get('authorization');
        return HttpResponse.json({ ok: true });
      }),
      http.get(
        `${BASE}/v1/here`,
        () => new HttpResponse(null, { status: 307, headers: { location: `${BASE}/v1/me` } }),
      ),
    );
    const client = oauthClient();
    await client.session.login({ username: 'demo', password: 'demo' });
    await client.ky.get('v1/moved').json();
    expect(seen.evil).toBeNull();
    // A same-origin redirect keeps it, as the Fetch standard says.
    await expect(client.ky.get('v1/here').json()).resolves.toMatchObject({ sub: 'demo' });
    expect(controller.requests.at(-1)).toMatchObject({ route: 'GET /v1/me', tokenStatus: 'valid' });
  });
});

describe('credentials go only where they belong', () => {
  it('sends the password, refresh token and client secret only to the token and revocation endpoints', async () => {
    const wire = recordWire();
    const user = oauthClient();
    await user.session
      .login({ username: 'demo', password: 'correct-horse-battery-staple' })
      .catch(() => undefined);
    await user.session.login({ username: 'demo', password: 'demo' });
    await user.call(me);
    await user.session.refresh();
    controller.expireAccessTokens();
    await user.call(me);
    await user.session.logout();

    const service = serviceClient();
    await service.call(me);

    const refreshTokens = controller.requests
      .map((r) => r.refreshToken)
      .filter((t): t is string => !!t);
    expect(refreshTokens.length).toBeGreaterThan(0);
    const basicSecret = btoa('weather-service:weather-service-secret');
    const secrets = [
      'correct-horse-battery-staple',
      'weather-service-secret',
      basicSecret,
      ...refreshTokens,
    ];
    const credentialEndpoints = [`${BASE}/oauth/token`, `${BASE}/oauth/revoke`];
    for (const request of wire) {
      const text = `${request.url}\n${request.headers}\n${request.body}`;
      const leaked = secrets.filter((secret) => text.includes(secret));
      if (!credentialEndpoints.includes(request.url))
        expect({ url: request.url, leaked }).toEqual({ url: request.url, leaked: [] });
    }
    expect(wire.some((r) => r.url === `${BASE}/v1/me`)).toBe(true);
  });
});

describe('redaction beyond errors', () => {
  it('keeps tokens out of session events, wire events, console output and util.inspect of the client', async () => {
    const printed: string[] = [];
    for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        printed.push(args.map((a) => inspect(a, { depth: 6 })).join(' '));
      });
    }
    const sessionEvents: unknown[] = [];
    const wireEvents: unknown[] = [];
    const client = oauthClient(
      { refreshRetries: 0 },
      { onEvent: (event) => wireEvents.push(event) },
    );
    client.session.subscribe((event) => {
      sessionEvents.push(event);
      throw new Error('a buggy listener'); // logged by the session: the log must be clean too
    });
    await client.session.login({ username: 'demo', password: 'demo' });
    const token = await client.session.getAccessToken();
    await client.session.refresh();
    const refreshed = await client.session.getAccessToken();
    await client.call(me);
    controller.injectFault('POST /oauth/token', { kind: 'status', status: 503 });
    controller.expireAccessTokens();
    await client.session.refresh().catch(() => undefined);

    const everything = [
      JSON.stringify(sessionEvents),
      inspect(sessionEvents, { depth: 10 }),
      JSON.stringify(wireEvents),
      printed.join('\n'),
      inspect(client, { depth: 10, showHidden: true }),
    ].join('\n');
    expect(printed.length).toBeGreaterThan(0);
    for (const secret of [token, refreshed]) expect(everything).not.toContain(secret);
  });

  it('keeps tokens in memory by default: nothing is written to localStorage', async () => {
    const setItem = vi.fn();
    vi.stubGlobal('localStorage', { setItem, getItem: () => null, removeItem: vi.fn() });
    try {
      const client = oauthClient();
      await client.session.login({ username: 'demo', password: 'demo' });
      expect(setItem).not.toHaveBeenCalled();
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
