/**
 * Memory: heap after 100,000 calls must be within 5 MB of the heap after 1,000 (no growth per call,
 * no listener or timer left behind). One client, one session, the mock API answering in-process.
 */
import { createClient, defineEndpoint, oauth2 } from '@org/client';
import { createMockApi } from '@org/mock-api';
import { z } from 'zod';
import { table } from './harness.ts';

const TOTAL = Number(process.env.MEMORY_CALLS ?? 100_000);
const gc = (globalThis as { gc?: () => void }).gc;

export async function memory() {
  if (!gc) throw new Error('run with node --expose-gc');
  const api = createMockApi({ baseUrl: 'https://api.example.com' });
  const me = defineEndpoint({
    method: 'GET',
    path: '/v1/me',
    response: z.object({ sub: z.string() }),
  });
  const client = createClient({
    baseUrl: 'https://api.example.com',
    fetch: api.fetch,
    auth: oauth2({ tokenUrl: '/oauth/token', clientId: 'weather-web' }),
  });
  await client.session.login({ username: 'demo', password: 'demo' });
  const heapAfter = async (calls: number, done: number) => {
    for (let i = done; i < calls; i += 100) {
      await Promise.all(Array.from({ length: Math.min(100, calls - i) }, () => client.call(me)));
      api.controller.clearRequests(); // the mock's own log is not the client's memory
    }
    // Response bodies are released by finalizers that run after a GC: give them turns to run.
    for (let round = 0; round < 10; round++) {
      gc();
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
    return process.memoryUsage().heapUsed;
  };
  const after1k = await heapAfter(1_000, 0);
  const started = performance.now();
  const after100k = await heapAfter(TOTAL, 1_000);
  const seconds = (performance.now() - started) / 1000;
  const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 100) / 100;
  const growth = mb(after100k - after1k);
  return {
    results: {
      heapAfter1kMb: mb(after1k),
      heapAfterTotalMb: mb(after100k),
      growthMb: growth,
      calls: TOTAL,
      seconds: Math.round(seconds),
    },
    markdown: table(
      [
        'heap after 1,000 calls',
        `heap after ${TOTAL.toLocaleString('en')} calls`,
        'growth',
        'budget',
      ],
      [[`${mb(after1k)} MB`, `${mb(after100k)} MB`, `${growth} MB`, '≤ 5 MB']],
    ),
    ok: growth <= 5,
  };
}

if (import.meta.main) {
  const { markdown, ok } = await memory();
  console.log(markdown);
  if (!ok) process.exit(1);
}
