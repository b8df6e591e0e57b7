// Size fixture: a browser app that signs users in with the authorization code flow + PKCE and
// OpenID Connect, with one zod/mini endpoint, ky included. The code flow (and oauth4webapi) is a
// chunk of its own, loaded on the first sign-in or callback.
import * as z from 'zod/mini';
import { createClient, defineEndpoint, oauth2, webStorage } from '../dist/index.js';

const currentWeather = defineEndpoint({
  method: 'GET',
  path: '/v1/weather/current/:city',
  response: z.object({ city: z.string(), temperature: z.number() }),
});
const client = createClient({
  baseUrl: 'https://api.example.com',
  auth: oauth2({
    issuer: 'https://id.example.com',
    clientId: 'weather-web',
    redirectUri: 'https://app.example.com/callback',
    scope: 'openid profile offline_access weather:read',
    storage: webStorage(localStorage),
  }),
});
export const signIn = () => client.session.signInWithRedirect();
export const callback = () => client.session.handleRedirectCallback();
export const run = () => client.call(currentWeather, { params: { city: 'oslo' } });
