import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { type CallInput, createClient, defineEndpoint, type PathParams } from '../src/index.js';

const client = createClient({ baseUrl: 'https://api.example.com' });

const currentWeather = defineEndpoint({
  method: 'GET',
  path: '/v1/weather/current/:city',
  query: z.object({ units: z.enum(['metric', 'imperial']).optional() }),
  response: z.object({ city: z.string(), temperature: z.number(), observedAt: z.string() }),
});

const forecast = defineEndpoint({
  method: 'GET',
  path: '/v1/orgs/:org/cities/:city/forecast',
  query: z.object({ hours: z.number() }),
  response: z.array(z.object({ time: z.string() })).transform((hours) => hours.length),
});

const createNote = defineEndpoint({
  method: 'POST',
  path: '/v1/notes',
  body: z.object({ text: z.string(), pinned: z.boolean().default(false) }),
  response: z.object({ id: z.number() }),
});

const listNotes = defineEndpoint({
  method: 'GET',
  path: '/v1/notes',
  response: z.array(z.string()),
});

describe('path parameters', () => {
  it('are read from the template', () => {
    expectTypeOf<PathParams<'/v1/weather/current/:city'>>().toEqualTypeOf<{
      city: string | number;
    }>();
    expectTypeOf<PathParams<'/v1/orgs/:org/cities/:city/forecast'>>().toEqualTypeOf<{
      org: string | number;
      city: string | number;
    }>();
    expectTypeOf<keyof PathParams<'/v1/notes'>>().toBeNever();
  });

  it('are required by call() exactly when the path has them', () => {
    expectTypeOf<CallInput<typeof currentWeather>>().toMatchTypeOf<{
      params: { city: string | number };
    }>();
    // @ts-expect-error: params missing
    void client.call(currentWeather, { query: { units: 'metric' } });
    // @ts-expect-error: wrong param name
    void client.call(currentWeather, { params: { town: 'oslo' } });
    // @ts-expect-error: input missing entirely
    void client.call(currentWeather);
    void client.call(forecast, { params: { org: 'acme', city: 7 }, query: { hours: 3 } });
  });
});

describe('query and body', () => {
  it('are typed from their schemas (input side)', () => {
    void client.call(currentWeather, { params: { city: 'oslo' } });
    // @ts-expect-error: not a unit
    void client.call(currentWeather, { params: { city: 'oslo' }, query: { units: 'kelvin' } });
    // @ts-expect-error: hours is required by the query schema
    void client.call(forecast, { params: { org: 'a', city: 'b' } });
    void client.call(createNote, { body: { text: 'hi' } }); // pinned has a default: optional on input
    // @ts-expect-error: body missing
    void client.call(createNote, {});
    // @ts-expect-error: wrong body field type
    void client.call(createNote, { body: { text: 1 } });
    // @ts-expect-error: no query schema, so no query
    void client.call(listNotes, { query: { page: 1 } });
  });

  it('may be left out when nothing is required', () => {
    void client.call(listNotes);
    void client.call(listNotes, undefined, { timeout: 1000 });
  });
});

describe('results', () => {
  it('are the output of the response schema', async () => {
    expectTypeOf(await client.call(currentWeather, { params: { city: 'oslo' } })).toEqualTypeOf<{
      city: string;
      temperature: number;
      observedAt: string;
    }>();
    expectTypeOf(
      await client.call(forecast, { params: { org: 'a', city: 'b' }, query: { hours: 1 } }),
    ).toEqualTypeOf<number>();
    expectTypeOf(await client.call(listNotes)).toEqualTypeOf<string[]>();
  });

  it('keep the endpoint name as a literal', () => {
    expectTypeOf(currentWeather.name).toEqualTypeOf<'GET /v1/weather/current/:city'>();
  });
});
