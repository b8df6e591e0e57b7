import { createClient, defineEndpoint } from '@org/client';
import { QueryClient, useQuery } from '@tanstack/react-query';
import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import {
  authedQueryOptions,
  useAuthedMutation,
  useAuthedQuery,
  useAuthedSuspenseQuery,
  useSession,
} from '../src/index.js';

const currentWeather = defineEndpoint({
  method: 'GET',
  path: '/v1/weather/current/:city',
  response: z.object({ city: z.string(), temperature: z.number() }),
});
const favorites = defineEndpoint({
  method: 'GET',
  path: '/v1/favorites',
  response: z.array(z.string()),
});
const addFavorite = defineEndpoint({
  method: 'PUT',
  path: '/v1/favorites/:city',
  response: z.object({ city: z.string() }),
});
const client = createClient({ baseUrl: 'https://api.example.com' });

describe('@org/react types', () => {
  it('types data from the response schema', () => {
    const { data } = useAuthedQuery(currentWeather, { params: { city: 'oslo' } });
    expectTypeOf(data).toEqualTypeOf<{ city: string; temperature: number } | undefined>();
    const { data: suspended } = useAuthedSuspenseQuery(currentWeather, {
      params: { city: 'oslo' },
    });
    expectTypeOf(suspended).toEqualTypeOf<{ city: string; temperature: number }>();
  });

  it('types select and lets input be left out when nothing is required', () => {
    const { data } = useAuthedQuery(favorites, undefined, { select: (cities) => cities.length });
    expectTypeOf(data).toEqualTypeOf<number | undefined>();
    useAuthedQuery(favorites);
    // @ts-expect-error: params are required
    useAuthedQuery(currentWeather);
    // @ts-expect-error: wrong param name
    useAuthedQuery(currentWeather, { params: { town: 'oslo' } });
  });

  it('types mutation variables and results', () => {
    const save = useAuthedMutation(addFavorite);
    save.mutate({ params: { city: 'oslo' } });
    // @ts-expect-error: variables are required
    save.mutate();
    expectTypeOf(save.data).toEqualTypeOf<{ city: string } | undefined>();
  });

  it('gives queryOptions that type plain useQuery and getQueryData', () => {
    const options = authedQueryOptions(client, currentWeather, { params: { city: 'oslo' } });
    expectTypeOf(useQuery(options).data).toEqualTypeOf<
      { city: string; temperature: number } | undefined
    >();
    expectTypeOf(new QueryClient().getQueryData(options.queryKey)).toEqualTypeOf<
      { city: string; temperature: number } | undefined
    >();
  });

  it('types useSession with and without a selector', () => {
    expectTypeOf(useSession().status).toEqualTypeOf<'anonymous' | 'authenticated' | 'expired'>();
    expectTypeOf(useSession((state) => state.expiresAt)).toEqualTypeOf<number | undefined>();
  });
});
