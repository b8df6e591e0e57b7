// A CommonJS consumer: require() of the ESM-only package (Node's require(esm)), then a real
// authenticated call. Usage: node require.cjs <mock API base URL>
const { createClient, defineEndpoint, oauth2, isAuthError } = require('@org/client');
const { z } = require('zod');

const me = defineEndpoint({
  method: 'GET',
  path: '/v1/me',
  response: z.object({ sub: z.string() }),
});

async function main() {
  const client = createClient({
    baseUrl: process.argv[2],
    auth: oauth2({ tokenUrl: '/oauth/token', clientId: 'weather-web' }),
  });
  await client.session.login({ username: 'demo', password: 'demo' });
  const user = await client.call(me);
  console.log(JSON.stringify({ sub: user.sub, typedErrors: typeof isAuthError === 'function' }));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
