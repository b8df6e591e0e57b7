import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import type { ClientEvent } from '../src/index.js';
import { BASE, oauthClient, useMockApi } from './helpers.js';
import { me } from './weather-api.js';

const { server, controller } = useMockApi();

describe('createClient options', () => {
  it('reports requests, responses and retries to onEvent, with redacted URLs and no tokens', async () => {
    const events: ClientEvent[] = [];
    const client = oauthClient(
      {},
      { onEvent: (event) => events.push(event), retry: { limit: 1, delay: () => 0 } },
    );
    await client.session.login({ username: 'demo', password: 'demo' });
    const token = await client.session.getAccessToken();
    controller.injectFault('GET /v1/me', { kind: 'status', status: 503 });
    await client.ky.get(`v1/me?access_token=${token}`).json();
    expect(events.map((e) => e.type)).toEqual(['request', 'response', 'retry', 'response']);
    expect(events[0]).toEqual({
      type: 'request',
      method: 'GET',
      url: `${BASE}/v1/me?access_token=%5Bredacted%5D`,
    });
    expect(events[2]).toMatchObject({ type: 'retry', attempt: 1, reason: 'HTTPError' });
    expect(JSON.stringify(events)).not.toContain(token);
  });

  it('keeps requests going when an onEvent listener throws', async () => {
    const client = oauthClient(
      {},
      {
        onEvent: () => {
          throw new Error('listener bug');
        },
      },
    );
    await client.session.login({ username: 'demo', password: 'demo' });
    await expect(client.call(me)).resolves.toMatchObject({ sub: 'demo' });
  });

  it('sends default headers and per-call headers, and runs user hooks without showing them the token', async () => {
    const seen: Record<string, string | null>[] = [];
    server.use(
      http.get(`${BASE}/v1/me`, ({ request }) => {
        seen.push({
          app: request.headers.get('x-app'),
          trace: request.headers.get('x-trace'),
          authorization: request.headers.get('authorization'),
          hook: request.headers.get('x-hook-saw-token'),
        });
        return HttpResponse.json({ sub: 'demo', kind: 'user', scope: [] });
      }),
    );
    const client = oauthClient(
      {},
      {
        headers: { 'x-app': 'weather' },
        hooks: {
          beforeRequest: [
            ({ request }) => {
              request.headers.set('x-hook-saw-token', String(request.headers.has('authorization')));
            },
          ],
        },
      },
    );
    await client.session.login({ username: 'demo', password: 'demo' });
    await client.call(me, undefined, { headers: { 'x-trace': 'abc' } });
    // The token is attached in the transport, after every hook: a logging hook cannot leak it.
    expect(seen).toEqual([
      {
        app: 'weather',
        trace: 'abc',
        authorization: expect.stringMatching(/^Bearer /),
        hook: 'false',
      },
    ]);
  });

  it('uses a custom fetch for API and token requests alike', async () => {
    const urls: string[] = [];
    const client = oauthClient(
      {},
      {
        fetch: (input, init) => {
          urls.push(input instanceof Request ? input.url : String(input));
          return fetch(input, init);
        },
      },
    );
    await client.session.login({ username: 'demo', password: 'demo' });
    await client.call(me);
    expect(urls).toEqual([`${BASE}/oauth/token`, `${BASE}/v1/me`]);
  });
});
