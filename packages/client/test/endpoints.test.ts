import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createClient, defineEndpoint, ValidationError } from '../src/index.js';
import { BASE, oauthClient, useMockApi } from './helpers.js';
import { currentWeather, forecast, removeFavorite } from './weather-api.js';

const { server, controller } = useMockApi();

async function signedIn() {
  const client = oauthClient();
  await client.session.login({ username: 'demo', password: 'demo' });
  return client;
}

describe('defineEndpoint', () => {
  it('names the endpoint and marks it authenticated unless auth is false', () => {
    expect(currentWeather.name).toBe('GET /v1/weather/current/:city');
    expect(currentWeather.auth).toBe(true);
    const open = defineEndpoint({
      method: 'GET',
      path: '/health',
      response: z.object({}),
      auth: false,
    });
    expect(open.auth).toBe(false);
  });

  it('refuses definitions that cannot work, with a message naming the problem', () => {
    // @ts-expect-error: not a method
    expect(() => defineEndpoint({ method: 'FETCH', path: '/x', response: z.string() })).toThrow(
      /unknown method "FETCH"/,
    );
    expect(() => defineEndpoint({ method: 'GET', path: 'x', response: z.string() })).toThrow(
      /must start with "\/"/,
    );
    // @ts-expect-error: not a schema
    expect(() => defineEndpoint({ method: 'GET', path: '/x', response: { parse() {} } })).toThrow(
      /"response" must be a Standard Schema/,
    );
  });
});

describe('client.call', () => {
  it('fills path params, serializes the query and validates the response', async () => {
    const client = await signedIn();
    const result = await client.call(forecast, { params: { city: 'oslo' }, query: { hours: 6 } });
    expect(result.hours).toHaveLength(6);
    expect(controller.requests.at(-1)?.path).toBe('/v1/weather/forecast/oslo?hours=6');
  });

  it('returns the output of the response schema, transforms included', async () => {
    const client = await signedIn();
    const rounded = defineEndpoint({
      method: 'GET',
      path: '/v1/weather/current/:city',
      response: z.object({ temperature: z.number() }).transform((w) => Math.round(w.temperature)),
    });
    expect(Number.isInteger(await client.call(rounded, { params: { city: 'oslo' } }))).toBe(true);
  });

  it('reads an empty 204 body as undefined', async () => {
    const client = await signedIn();
    await expect(
      client.call(removeFavorite, { params: { city: 'oslo' } }),
    ).resolves.toBeUndefined();
  });

  it('sends a JSON body validated by the body schema', async () => {
    let received: unknown;
    server.use(
      http.post(`${BASE}/v1/notes`, async ({ request }) => {
        received = await request.json();
        return HttpResponse.json({ id: 1 }, { status: 201 });
      }),
    );
    const client = await signedIn();
    const addNote = defineEndpoint({
      method: 'POST',
      path: '/v1/notes',
      body: z.object({
        text: z.string().min(1),
        at: z.coerce.date().transform((d) => d.toISOString()),
      }),
      response: z.object({ id: z.number() }),
    });
    await expect(client.call(addNote, { body: { text: 'hi', at: 0 } })).resolves.toEqual({ id: 1 });
    expect(received).toEqual({ text: 'hi', at: '1970-01-01T00:00:00.000Z' });
  });

  it('rejects bad input before sending, naming the endpoint, the direction and every failing path', async () => {
    const client = await signedIn();
    controller.clearRequests();
    const badQuery = { hours: 'many' } as unknown as { hours: number };
    const error = await client
      .call(forecast, { params: { city: 'oslo' }, query: badQuery })
      .catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({
      direction: 'request',
      endpoint: 'GET /v1/weather/forecast/:city',
    });
    expect(error.issues).toEqual([{ path: ['query', 'hours'], message: expect.any(String) }]);
    expect(error.message).toMatch(
      /^Invalid request for GET \/v1\/weather\/forecast\/:city: query\.hours: /,
    );

    const several = await client
      .call(forecast, { params: { city: '' }, query: { hours: 99 } })
      .catch((e) => e);
    expect(several.issues.map((i: { path: string[] }) => i.path.join('.')).sort()).toEqual([
      'params.city',
      'query.hours',
    ]);
    expect(controller.requests).toHaveLength(0);
  });

  it('encodes path params that are safe but unusual', async () => {
    let path = '';
    server.use(
      http.get(`${BASE}/v1/weather/current/:city`, ({ request }) => {
        path = new URL(request.url).pathname;
        return HttpResponse.json({ city: 'x', temperature: 1, observedAt: 'now' });
      }),
    );
    const client = await signedIn();
    await client.call(currentWeather, { params: { city: 'São Paulo & co' } });
    expect(path).toBe('/v1/weather/current/S%C3%A3o%20Paulo%20%26%20co');
  });

  it('rejects a response that does not match its schema with a response ValidationError', async () => {
    server.use(
      http.get(`${BASE}/v1/weather/current/:city`, () =>
        HttpResponse.json({ city: 'oslo', temperature: 'warm' }),
      ),
    );
    const client = await signedIn();
    const error = await client.call(currentWeather, { params: { city: 'oslo' } }).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.direction).toBe('response');
    expect(error.issues.map((i: { path: unknown[] }) => i.path)).toEqual([
      ['temperature'],
      ['observedAt'],
    ]);
    expect(error.request).toEqual({ method: 'GET', url: `${BASE}/v1/weather/current/oslo` });
  });

  it('rejects a body that is not JSON with a clear response ValidationError', async () => {
    controller.injectFault('GET /v1/weather/current/:city', { kind: 'non-json' });
    const client = await signedIn();
    const error = await client.call(currentWeather, { params: { city: 'oslo' } }).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toContain('the body is not JSON (text/html');
  });

  it('resolves paths under a baseUrl that has a path of its own', async () => {
    let url = '';
    server.use(
      http.get('https://example.com/api/v2/things', ({ request }) => {
        url = request.url;
        return HttpResponse.json([]);
      }),
    );
    const client = createClient({ baseUrl: 'https://example.com/api/v2/' });
    const things = defineEndpoint({
      method: 'GET',
      path: '/things',
      response: z.array(z.unknown()),
      auth: false,
    });
    await client.call(things);
    expect(url).toBe('https://example.com/api/v2/things');
  });
});
