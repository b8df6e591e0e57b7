/**
 * `npm run bench`: every benchmark in one process run, printed as the markdown tables the README
 * quotes, and saved to results.json. BENCH_ROUNDS and BENCH_SCALE shorten a run.
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { memory } from './memory.ts';
import { refreshStorm } from './refresh-storm.ts';
import { throughput } from './throughput.ts';
import { typecheck } from './typecheck.ts';
import { validation } from './validation.ts';

const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`;
console.log(`# Benchmarks\n\n${machine}\n`);
const sections: Array<
  [
    string,
    () => Promise<{ markdown: string; results: unknown }> | { markdown: string; results: unknown },
  ]
> = [
  ['Throughput and client CPU', throughput],
  ['Refresh storm', refreshStorm],
  ['Validation cost', validation],
  ['Memory', memory],
  ['Type-checking cost', typecheck],
];
const results: Record<string, unknown> = { machine };
for (const [title, run] of sections) {
  const { markdown, results: figures } = await run();
  results[title] = figures;
  console.log(`## ${title}\n\n${markdown}\n`);
}
writeFileSync(new URL('./results.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
