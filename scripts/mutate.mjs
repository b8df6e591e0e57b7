#!/usr/bin/env node
// `npm run mutate [-- client|react|mock-api]`: StrykerJS over the client, the React layer and the
// mock API's OAuth server, one package at a time (each with its own vitest config), then the
// mutation scores, the total last. Not part of `npm test`: it takes many minutes on two cores.
// Results are kept under each package's reports/mutation/, so a rerun tests only changed code.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

const targets = ['client', 'react', 'mock-api'];
const chosen = process.argv.slice(2).filter((name) => targets.includes(name));
// The property test runs far fewer schedules per mutant: its full run is npm test's job.
const env = { ...process.env, MUTATION_RUN: '1', PROPERTY_RUNS: process.env.PROPERTY_RUNS ?? '40' };

for (const name of chosen.length > 0 ? chosen : targets) {
  console.log(`\n== mutating @org/${name} ==`);
  const run = spawnSync('npx', ['stryker', 'run', 'stryker.config.mjs'], {
    cwd: `packages/${name}`,
    env,
    stdio: 'inherit',
  });
  if (run.status !== 0) {
    console.error(`stryker failed for @org/${name} (exit ${run.status})`);
    process.exit(run.status ?? 1);
  }
}

/** Detected over all mutants that ran (killed and timed out count as detected; no coverage counts as survived). */
function score(mutants) {
  const detected = mutants.filter((m) => m.status === 'Killed' || m.status === 'Timeout').length;
  const valid = mutants.filter(
    (m) => !['CompileError', 'RuntimeError', 'Ignored'].includes(m.status),
  );
  return {
    detected,
    total: valid.length,
    percent: valid.length ? (100 * detected) / valid.length : 100,
  };
}
const line = (label, { detected, total, percent }) =>
  `${label.padEnd(34)} ${percent.toFixed(1).padStart(5)}%  (${detected} of ${total} mutants killed)`;

const all = [];
const rows = [];
for (const name of targets) {
  const file = `packages/${name}/reports/mutation/mutation.json`;
  if (!existsSync(file)) continue;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const byFolder = new Map();
  for (const [path, { mutants }] of Object.entries(report.files)) {
    all.push(...mutants);
    const folder =
      path
        .replace(/^src\//, '')
        .split('/')
        .slice(0, -1)
        .join('/') || '.';
    byFolder.set(folder, [...(byFolder.get(folder) ?? []), ...mutants]);
  }
  for (const [folder, mutants] of [...byFolder].sort())
    rows.push(line(`@org/${name} ${folder}/`, score(mutants)));
}
console.log(`\nmutation scores (${new Date().toISOString().slice(0, 10)}):`);
for (const row of rows) console.log(row);
console.log(line('mutation score', score(all)));
