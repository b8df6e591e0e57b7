// The benchmark server, in a process of its own so the client's CPU time can be measured alone:
// the mock API's HTTP server on 127.0.0.1 plus two fixture routes. Prints its URL on stdout.
import { startMockHttpServer } from '@org/mock-api/node';
import { benchHandlers } from './fixtures.ts';

const server = await startMockHttpServer({
  port: 0,
  extraHandlers: benchHandlers,
  accessTokenTtl: 3600,
});
process.stdout.write(`${server.url}\n`);
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
