/**
 * Throughput and client CPU per request, side by side, interleaved, in one process run: raw fetch,
 * fetch + zod, ky, ky + zod, @org/client (bearer token, validated endpoint), axios and ofetch, against
 * the mock API's HTTP server on 127.0.0.1 (a separate process), small (~270 B) and large (~200 kB)
 * JSON, one at a time and 50 at a time. Median of interleaved rounds, with min and max.
 */
import { bearer, createClient, defineEndpoint } from '@org/client';
import axios from 'axios';
import ky from 'ky';
import { ofetch } from 'ofetch';
import { largeSchema, smallSchema } from './fixtures.ts';
import { measure, median, startBenchServer, table } from './harness.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SCALE = Number(process.env.BENCH_SCALE ?? 1);

export async function throughput() {
  const server = await startBenchServer();
  const headers = { authorization: `Bearer ${server.token}` };
  const kyClient = ky.create({ headers });
  const axiosClient = axios.create({ headers });
  const payloads = {
    small: { path: '/v1/bench/small', schema: smallSchema },
    large: { path: '/v1/bench/large', schema: largeSchema },
  } as const;

  const clientsFor = (payload: keyof typeof payloads) => {
    const { path, schema } = payloads[payload];
    const url = `${server.url}${path}`;
    const org = createClient({ baseUrl: server.url, auth: bearer(server.token) });
    const endpoint = defineEndpoint({ method: 'GET', path, response: schema });
    return {
      fetch: () => fetch(url, { headers }).then((r) => r.json()),
      'fetch + zod': () => fetch(url, { headers }).then(async (r) => schema.parse(await r.json())),
      ky: () => kyClient.get(url).json(),
      'ky + zod': () => kyClient.get(url).json(schema),
      '@org/client': () => org.call(endpoint),
      axios: () => axiosClient.get(url).then((r) => r.data),
      ofetch: () => ofetch(url, { headers }),
    } as Record<string, () => Promise<unknown>>;
  };

  const scenarios = [
    { payload: 'small', mode: 'sequential', count: 1_000, concurrency: 1 },
    { payload: 'small', mode: 'concurrency 50', count: 3_000, concurrency: 50 },
    { payload: 'large', mode: 'sequential', count: 150, concurrency: 1 },
    { payload: 'large', mode: 'concurrency 50', count: 300, concurrency: 50 },
  ] as const;

  const rows: Array<Array<string | number>> = [];
  const results: Record<string, unknown> = {};
  for (const scenario of scenarios) {
    const clients = clientsFor(scenario.payload);
    const names = Object.keys(clients);
    const count = Math.max(10, Math.round(scenario.count * SCALE));
    for (const name of names)
      await measure(
        clients[name] as () => Promise<unknown>,
        Math.ceil(count / 5),
        scenario.concurrency,
      ); // warm-up
    const perClient = new Map<string, Array<{ rps: number; cpu: number; ratio: number }>>();
    for (let round = 0; round < ROUNDS; round++) {
      const order = names.map((_, i) => names[(i + round) % names.length] as string);
      const byName = new Map<string, { rps: number; cpu: number }>();
      for (const name of order) {
        const { ms, cpuMicros } = await measure(
          clients[name] as () => Promise<unknown>,
          count,
          scenario.concurrency,
        );
        byName.set(name, { rps: (count / ms) * 1000, cpu: cpuMicros / count });
      }
      const base = byName.get('fetch')?.rps ?? 1;
      for (const [name, value] of byName) {
        const list = perClient.get(name) ?? [];
        list.push({ ...value, ratio: value.rps / base });
        perClient.set(name, list);
      }
    }
    for (const name of names) {
      const runs = perClient.get(name) ?? [];
      const rps = runs.map((r) => r.rps);
      const summary = {
        rps: Math.round(median(rps)),
        min: Math.round(Math.min(...rps)),
        max: Math.round(Math.max(...rps)),
        vsFetch: Math.round(median(runs.map((r) => r.ratio)) * 100) / 100,
        cpuMicrosPerRequest: Math.round(median(runs.map((r) => r.cpu))),
      };
      results[`${scenario.payload} / ${scenario.mode} / ${name}`] = summary;
      rows.push([
        scenario.payload,
        scenario.mode,
        name,
        `${summary.rps} (${summary.min}–${summary.max})`,
        summary.vsFetch.toFixed(2),
        summary.cpuMicrosPerRequest,
      ]);
    }
  }
  server.stop();
  return {
    results,
    markdown: table(
      [
        'payload',
        'mode',
        'client',
        'requests/s, median (min–max)',
        '× raw fetch',
        'client CPU µs/request',
      ],
      rows,
    ),
  };
}

if (import.meta.main) {
  const { markdown } = await throughput();
  console.log(markdown);
}
