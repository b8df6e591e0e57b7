/**
 * Refresh storm: 1,000 concurrent calls through one client, against the mock API's HTTP server on
 * 127.0.0.1 (with rotation and reuse detection). With a token the session knows is expired, with one
 * the server revoked (every call gets a 401), and, for contrast, naive code that refreshes per request.
 */
import { createClient, defineEndpoint, oauth2 } from '@org/client';
import { startMockHttpServer } from '@org/mock-api/node';
import { z } from 'zod';
import { median, passwordGrant, table } from './harness.ts';

const CALLS = 1_000;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const me = defineEndpoint({
  method: 'GET',
  path: '/v1/me',
  response: z.object({ sub: z.string() }),
});

export async function refreshStorm() {
  const server = await startMockHttpServer({ port: 0, accessTokenTtl: 2 });
  const { controller } = server;
  const newClient = () =>
    createClient({
      baseUrl: server.url,
      auth: oauth2({ tokenUrl: '/oauth/token', clientId: 'weather-web' }),
    });

  const storm = async (prepare: (client: ReturnType<typeof newClient>) => Promise<void>) => {
    const client = newClient();
    await client.session.login({ username: 'demo', password: 'demo' });
    await prepare(client);
    controller.clearRequests();
    const started = performance.now();
    const results = await Promise.allSettled(Array.from({ length: CALLS }, () => client.call(me)));
    const ms = performance.now() - started;
    return {
      ms,
      failed: results.filter((r) => r.status === 'rejected').length,
      tokenRequests: controller.requests.filter((r) => r.route === 'POST /oauth/token').length,
      unauthorized: controller.requests.filter((r) => r.status === 401).length,
    };
  };

  const fresh: Array<Awaited<ReturnType<typeof storm>>> = [];
  const expired: typeof fresh = [];
  const revoked: typeof fresh = [];
  await storm(async () => {}); // warm-up: JIT and connections
  for (let round = 0; round < ROUNDS; round++) {
    fresh.push(await storm(async () => {}));
    // Tokens live 2 s; wait them out so the session knows its token is expired.
    expired.push(await storm(() => new Promise((resolve) => setTimeout(resolve, 2_100))));
    revoked.push(
      await storm(async (client) => {
        // A fresh token the server then revokes: every call is answered 401 first.
        controller.setTokenLifetimes({ accessToken: 3600 });
        await client.session.refresh();
        await controller.revokeToken(await client.session.getAccessToken());
        controller.setTokenLifetimes({ accessToken: 2 });
      }),
    );
  }

  // Naive code: every request refreshes first, with the same (rotating) refresh token.
  const { refresh_token: refreshToken } = await passwordGrant(server.url);
  controller.clearRequests();
  const naive = await Promise.all(
    Array.from({ length: CALLS }, async () => {
      const response = await fetch(`${server.url}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'refresh_token',
          client_id: 'weather-web',
          refresh_token: refreshToken,
        }),
      });
      return response.ok;
    }),
  );
  const naiveTokenRequests = controller.requests.filter(
    (r) => r.route === 'POST /oauth/token',
  ).length;
  await server.close();

  const summarize = (name: string, runs: typeof fresh) => {
    const base = median(fresh.map((r) => r.ms));
    return {
      name,
      wallMs: Math.round(median(runs.map((r) => r.ms))),
      vsFresh: Math.round((median(runs.map((r) => r.ms)) / base) * 100) / 100,
      tokenRequests: Math.max(...runs.map((r) => r.tokenRequests)),
      unauthorized: median(runs.map((r) => r.unauthorized)),
      failed: runs.reduce((sum, r) => sum + r.failed, 0),
    };
  };
  const rows = [
    summarize('fresh token', fresh),
    summarize('token known to be expired', expired),
    summarize('token revoked by the server (401s)', revoked),
  ];
  const naiveRow = {
    name: 'naive: refresh before every request',
    tokenRequests: naiveTokenRequests,
    succeeded: naive.filter(Boolean).length,
  };
  return {
    results: { rows, naive: naiveRow },
    markdown: [
      table(
        [
          '1,000 concurrent calls',
          'wall ms (median)',
          '× fresh',
          'token requests',
          '401s served',
          'failed calls',
        ],
        rows.map((r) => [
          r.name,
          r.wallMs,
          r.vsFresh.toFixed(2),
          r.tokenRequests,
          r.unauthorized,
          r.failed,
        ]),
      ),
      '',
      `Naive per-request refresh with a rotating refresh token: ${naiveRow.tokenRequests} token requests, ${naiveRow.succeeded} succeeded; the rest reused a spent refresh token, and reuse detection revoked the session.`,
    ].join('\n'),
  };
}

if (import.meta.main) console.log((await refreshStorm()).markdown);
