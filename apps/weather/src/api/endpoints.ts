import { defineEndpoint } from '@org/client';
import { z } from 'zod';

const conditions = z.enum([
  'clear',
  'partly-cloudy',
  'cloudy',
  'fog',
  'drizzle',
  'rain',
  'snow',
  'thunderstorm',
]);
const source = z.enum(['simulated', 'open-meteo']).optional();

/** Who is signed in. */
export const me = defineEndpoint({
  method: 'GET',
  path: '/v1/me',
  response: z.object({ sub: z.string(), name: z.string(), scope: z.array(z.string()) }),
});

/** Every city the API knows. */
export const cities = defineEndpoint({
  method: 'GET',
  path: '/v1/cities',
  response: z.object({
    cities: z.array(z.object({ id: z.string(), name: z.string(), country: z.string() })),
  }),
});

/** The latest observation in a city. */
export const currentWeather = defineEndpoint({
  method: 'GET',
  path: '/v1/weather/current/:city',
  query: z.object({ units: z.enum(['metric', 'imperial']).optional() }),
  response: z.object({
    city: z.string(),
    name: z.string(),
    country: z.string(),
    temperature: z.number(),
    feelsLike: z.number(),
    humidity: z.number(),
    windSpeed: z.number(),
    windDirection: z.number(),
    conditions,
    isDay: z.boolean().optional(),
    observedAt: z.string(),
    source,
  }),
});

/** An hourly forecast. */
export const forecast = defineEndpoint({
  method: 'GET',
  path: '/v1/weather/forecast/:city',
  query: z.object({ hours: z.number().int().min(1).max(48) }),
  response: z.object({
    city: z.string(),
    name: z.string(),
    /** The city's IANA time zone; the hours are shown in it. */
    timezone: z.string().optional(),
    hours: z.array(
      z.object({
        time: z.string(),
        temperature: z.number(),
        precipitationProbability: z.number(),
        conditions,
      }),
    ),
  }),
});

/** The signed-in user's favorite cities, oldest first. */
export const favorites = defineEndpoint({
  method: 'GET',
  path: '/v1/favorites',
  response: z
    .object({ favorites: z.array(z.object({ city: z.string() })) })
    .transform((body) => body.favorites.map((f) => f.city)),
});

/** Adds a favorite (needs weather:write). */
export const addFavorite = defineEndpoint({
  method: 'PUT',
  path: '/v1/favorites/:city',
  response: z.object({ city: z.string() }),
});

/** Removes a favorite (needs weather:write). */
export const removeFavorite = defineEndpoint({
  method: 'DELETE',
  path: '/v1/favorites/:city',
  response: z.undefined(),
});

export type Conditions = z.infer<typeof conditions>;
