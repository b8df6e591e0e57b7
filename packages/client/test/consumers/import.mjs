// An ES module consumer: import of the package, then a real authenticated call.
// Usage: node import.mjs <mock API base URL>
import { createClient, defineEndpoint, isAuthError, oauth2 } from '@org/client';
import * as z from 'zod';

const me = defineEndpoint({
  method: 'GET',
  path: '/v1/me',
  response: z.object({ sub: z.string() }),
});

const client = createClient({
  baseUrl: process.argv[2],
  auth: oauth2({ tokenUrl: '/oauth/token', clientId: 'weather-web' }),
});
await client.session.login({ username: 'demo', password: 'demo' });
const user = await client.call(me);
console.log(JSON.stringify({ sub: user.sub, typedErrors: typeof isAuthError === 'function' }));
