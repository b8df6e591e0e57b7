import { HttpResponse, http } from 'msw';
import { z } from 'zod';

/** A ~300-byte observation, the small payload of the benchmarks. */
export const small = {
  city: 'oslo',
  name: 'Oslo',
  country: 'NO',
  units: 'metric',
  temperature: 7.4,
  feelsLike: 5.1,
  humidity: 71,
  windSpeed: 4.2,
  windDirection: 215,
  cloudCover: 40,
  precipitation: 0,
  conditions: 'partly-cloudy',
  observedAt: '2026-06-01T12:00:00.000Z',
  source: 'simulated',
};

/** A ~200 kB list of forecasts, the large payload. */
export const large = {
  city: 'oslo',
  hours: Array.from({ length: 1_300 }, (_, i) => ({
    time: new Date(Date.UTC(2026, 5, 1) + i * 3_600_000).toISOString(),
    temperature: Math.round(Math.sin(i / 5) * 100) / 10 + 10,
    feelsLike: Math.round(Math.cos(i / 5) * 100) / 10 + 8,
    humidity: 50 + (i % 40),
    windSpeed: 2 + (i % 9) / 2,
    precipitationProbability: (i * 7) % 100,
    conditions: ['clear', 'cloudy', 'rain'][i % 3],
  })),
};

/** The schemas an app would declare for them, in zod classic. */
export const smallSchema = z.object({
  city: z.string(),
  name: z.string(),
  country: z.string(),
  units: z.enum(['metric', 'imperial']),
  temperature: z.number(),
  feelsLike: z.number(),
  humidity: z.number(),
  windSpeed: z.number(),
  windDirection: z.number(),
  cloudCover: z.number(),
  precipitation: z.number(),
  conditions: z.string(),
  observedAt: z.string(),
  source: z.string(),
});
export const largeSchema = z.object({
  city: z.string(),
  hours: z.array(
    z.object({
      time: z.string(),
      temperature: z.number(),
      feelsLike: z.number(),
      humidity: z.number(),
      windSpeed: z.number(),
      precipitationProbability: z.number(),
      conditions: z.string(),
    }),
  ),
});

const smallBody = JSON.stringify(small);
const largeBody = JSON.stringify(large);

/** Fixture routes on the mock API's HTTP server: fixed JSON, so the server costs the same for every client. */
export const benchHandlers = [
  http.get(
    '*/v1/bench/small',
    () => new HttpResponse(smallBody, { headers: { 'content-type': 'application/json' } }),
  ),
  http.get(
    '*/v1/bench/large',
    () => new HttpResponse(largeBody, { headers: { 'content-type': 'application/json' } }),
  ),
];
