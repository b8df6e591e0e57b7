/**
 * Soak test: 20,000 calls at concurrency 100 over about a minute, through one client (one session),
 * against the mock API's real HTTP server on 127.0.0.1 with 2-second access tokens and refresh-token
 * rotation with reuse detection. Bounded in count and time; exits non-zero if any check fails.
 *
 *   npm run soak                      (SOAK_CALLS, SOAK_SECONDS, SOAK_CONCURRENCY, SOAK_TTL override)
 */
import { createClient, defineEndpoint, oauth2 } from '@org/client';
import { startMockHttpServer } from '@org/mock-api/node';
import { z } from 'zod';

const CALLS = Number(process.env.SOAK_CALLS ?? 20_000);
const SECONDS = Number(process.env.SOAK_SECONDS ?? 60);
const CONCURRENCY = Number(process.env.SOAK_CONCURRENCY ?? 100);
const TTL = Number(process.env.SOAK_TTL ?? 2);
const gc = (globalThis as { gc?: () => void }).gc;

const server = await startMockHttpServer({ port: 0, accessTokenTtl: TTL });
const me = defineEndpoint({
  method: 'GET',
  path: '/v1/me',
  response: z.object({ sub: z.string() }),
});
const client = createClient({
  baseUrl: server.url,
  retry: 0,
  auth: oauth2({ tokenUrl: '/oauth/token', clientId: 'weather-web' }),
});
await client.session.login({ username: 'demo', password: 'demo' });

let refreshes = 0;
client.session.subscribe((event) => {
  if (event.type === 'refresh') refreshes++;
});

// The server's request log would grow with every call: tally it and empty it as we go.
const seen = { requests: 0, expired: 0, unauthorized: 0, tokenRequests: 0 };
const tally = () => {
  for (const request of server.controller.requests) {
    seen.requests++;
    if (request.tokenStatus === 'expired') seen.expired++;
    if (request.status === 401) seen.unauthorized++;
    if (request.route === 'POST /oauth/token') seen.tokenRequests++;
  }
  server.controller.clearRequests();
};
const heap = () => {
  gc?.();
  return process.memoryUsage().heapUsed;
};

const heapSamples: Array<{ at: number; mb: number }> = [];
const started = performance.now();
const ticker = setInterval(() => {
  tally();
  const at = Math.round((performance.now() - started) / 1000);
  if (at % 10 === 0) heapSamples.push({ at, mb: Math.round((heap() / 2 ** 20) * 10) / 10 });
}, 1000);

let done = 0;
let failed = 0;
const failures = new Map<string, number>();
const interval = (SECONDS * 1000) / CALLS;
let next = 0;

async function worker() {
  for (;;) {
    const index = next++;
    if (index >= CALLS) return;
    const due = started + index * interval;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    try {
      await client.call(me);
    } catch (error) {
      failed++;
      const name = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      failures.set(name, (failures.get(name) ?? 0) + 1);
    }
    done++;
  }
}

const hardStop = setTimeout(() => {
  console.error(`soak: still running after ${SECONDS * 3} s, giving up`);
  process.exit(1);
}, SECONDS * 3000);
await Promise.all(Array.from({ length: CONCURRENCY }, worker));
clearTimeout(hardStop);
clearInterval(ticker);
tally();
const seconds = (performance.now() - started) / 1000;
heapSamples.push({ at: Math.round(seconds), mb: Math.round((heap() / 2 ** 20) * 10) / 10 });
await server.close();

// A token is refreshed once half its lifetime is left (the leeway is capped at half), so one
// refresh every TTL/2 seconds.
const expectedRefreshes = seconds / (TTL / 2);
const result = {
  calls: done,
  failed,
  seconds: Math.round(seconds * 10) / 10,
  callsPerSecond: Math.round(done / seconds),
  concurrency: CONCURRENCY,
  accessTokenTtl: TTL,
  refreshes,
  expectedRefreshes: Math.round(expectedRefreshes),
  requestsWithExpiredToken: seen.expired,
  unauthorizedResponses: seen.unauthorized,
  reuseDetections: server.controller.reuseDetections,
  heapMb: heapSamples,
};
console.log(JSON.stringify(result, null, 2));
if (failures.size) console.log('failures:', Object.fromEntries(failures));

const firstHeap = heapSamples.find((s) => s.at >= 10) ?? heapSamples[0];
const lastHeap = heapSamples.at(-1);
const problems = [
  failed > 0 && `${failed} calls failed`,
  seen.expired > 0 && `${seen.expired} requests carried an expired token`,
  server.controller.reuseDetections > 0 && 'a refresh token was reused',
  Math.abs(refreshes - expectedRefreshes) > expectedRefreshes * 0.25 + 2 &&
    `refresh count ${refreshes} is far from ${Math.round(expectedRefreshes)}`,
  firstHeap &&
    lastHeap &&
    lastHeap.mb - firstHeap.mb > 10 &&
    `heap grew from ${firstHeap.mb} MB to ${lastHeap.mb} MB`,
].filter(Boolean);
if (problems.length) {
  console.error(`soak: FAILED: ${problems.join('; ')}`);
  process.exit(1);
}
console.log('soak: passed');
