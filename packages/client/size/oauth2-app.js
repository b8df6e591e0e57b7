// Size fixture: what a browser app ships for an OAuth2 client with one zod/mini endpoint, ky included.
import * as z from 'zod/mini';
import { createClient, defineEndpoint, oauth2 } from '../dist/index.js';

const currentWeather = defineEndpoint({
  method: 'GET',
  path: '/v1/weather/current/:city',
  response: z.object({ city: z.string(), temperature: z.number() }),
});
const client = createClient({
  baseUrl: 'https://api.example.com',
  auth: oauth2({ tokenUrl: '/oauth/token', clientId: 'weather-web' }),
});
export const run = () => client.call(currentWeather, { params: { city: 'oslo' } });
