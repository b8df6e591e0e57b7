// Size fixture: the same app with a static bearer token; the OAuth2 session must be tree-shaken away.
import * as z from 'zod/mini';
import { bearer, createClient, defineEndpoint } from '../dist/index.js';

const currentWeather = defineEndpoint({
  method: 'GET',
  path: '/v1/weather/current/:city',
  response: z.object({ city: z.string(), temperature: z.number() }),
});
const client = createClient({ baseUrl: 'https://api.example.com', auth: bearer('token') });
export const run = () => client.call(currentWeather, { params: { city: 'oslo' } });
