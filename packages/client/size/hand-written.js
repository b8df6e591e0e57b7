// Size baseline: the bearer app written by hand with ky + zod/mini, no @org/client. The bearer-app
// scenario is measured beside it: what our guarantees cost over the smallest thing that works.
import ky from 'ky';
import * as z from 'zod/mini';

const currentWeather = z.object({ city: z.string(), temperature: z.number() });
const api = ky.create({
  baseUrl: 'https://api.example.com/',
  hooks: {
    beforeRequest: [({ request }) => request.headers.set('Authorization', 'Bearer token')],
  },
});
export const run = (city = 'oslo') =>
  api.get(`v1/weather/current/${encodeURIComponent(city)}`).json(currentWeather);
