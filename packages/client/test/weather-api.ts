import { z } from 'zod';
import { defineEndpoint } from '../src/index.js';

/** The mock weather API's endpoints, as an app would declare them. */
export const me = defineEndpoint({
  method: 'GET',
  path: '/v1/me',
  response: z.object({
    sub: z.string(),
    kind: z.enum(['user', 'client']),
    scope: z.array(z.string()),
  }),
});

export const currentWeather = defineEndpoint({
  method: 'GET',
  path: '/v1/weather/current/:city',
  query: z.object({ units: z.enum(['metric', 'imperial']).optional() }),
  response: z.object({ city: z.string(), temperature: z.number(), observedAt: z.string() }),
});

export const forecast = defineEndpoint({
  method: 'GET',
  path: '/v1/weather/forecast/:city',
  query: z.object({ hours: z.number().int().min(1).max(48) }),
  response: z.object({
    city: z.string(),
    hours: z.array(z.object({ time: z.string(), temperature: z.number() })),
  }),
});

export const favorites = defineEndpoint({
  method: 'GET',
  path: '/v1/favorites',
  response: z.object({ favorites: z.array(z.object({ city: z.string(), addedAt: z.string() })) }),
});

export const addFavorite = defineEndpoint({
  method: 'PUT',
  path: '/v1/favorites/:city',
  response: z.object({ city: z.string(), addedAt: z.string() }),
});

export const removeFavorite = defineEndpoint({
  method: 'DELETE',
  path: '/v1/favorites/:city',
  response: z.undefined(),
});

export const cities = defineEndpoint({
  method: 'GET',
  path: '/v1/cities',
  response: z.object({ cities: z.array(z.object({ id: z.string(), name: z.string() })) }),
});
