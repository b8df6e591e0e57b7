/**
 * What validation costs per call, so users can choose: zod classic (with its compiled fast path),
 * zod classic in jitless mode (as under a strict CSP, which forbids `new Function`), zod/mini, and
 * none, on the small and large payloads. JSON parsing is measured alone for scale.
 */
import * as z from 'zod';
import * as zm from 'zod/mini';
import { large, largeSchema, small, smallSchema } from './fixtures.ts';
import { table } from './harness.ts';

const miniSmall = zm.object({
  city: zm.string(),
  name: zm.string(),
  country: zm.string(),
  units: zm.enum(['metric', 'imperial']),
  temperature: zm.number(),
  feelsLike: zm.number(),
  humidity: zm.number(),
  windSpeed: zm.number(),
  windDirection: zm.number(),
  cloudCover: zm.number(),
  precipitation: zm.number(),
  conditions: zm.string(),
  observedAt: zm.string(),
  source: zm.string(),
});
const miniLarge = zm.object({
  city: zm.string(),
  hours: zm.array(
    zm.object({
      time: zm.string(),
      temperature: zm.number(),
      feelsLike: zm.number(),
      humidity: zm.number(),
      windSpeed: zm.number(),
      precipitationProbability: zm.number(),
      conditions: zm.string(),
    }),
  ),
});

/** Nanoseconds per call of `fn`, from the fastest of several timed batches. */
function time(fn: () => unknown, budgetMs = 300): number {
  let batch = 1;
  for (;;) {
    const started = performance.now();
    for (let i = 0; i < batch; i++) fn();
    if (performance.now() - started > 20) break;
    batch *= 2;
  }
  let best = Number.POSITIVE_INFINITY;
  const deadline = performance.now() + budgetMs;
  while (performance.now() < deadline) {
    const started = performance.now();
    for (let i = 0; i < batch; i++) fn();
    best = Math.min(best, ((performance.now() - started) * 1e6) / batch);
  }
  return best;
}

export function validation() {
  const smallText = JSON.stringify(small);
  const largeText = JSON.stringify(large);
  const rows: Array<[string, number, number]> = [];
  const measure = (name: string, onSmall: () => unknown, onLarge: () => unknown) => {
    rows.push([name, time(onSmall), time(onLarge)]);
  };
  measure(
    'JSON.parse alone (for scale)',
    () => JSON.parse(smallText),
    () => JSON.parse(largeText),
  );
  measure(
    'none',
    () => small,
    () => large,
  );
  measure(
    'zod classic',
    () => smallSchema.parse(small),
    () => largeSchema.parse(large),
  );
  measure(
    'zod classic, Standard Schema validate()',
    () => smallSchema['~standard'].validate(small),
    () => largeSchema['~standard'].validate(large),
  );
  measure(
    'zod/mini',
    () => miniSmall.parse(small),
    () => miniLarge.parse(large),
  );
  z.config({ jitless: true });
  const jitlessSmall = z.object(smallSchema.shape);
  const jitlessLarge = z.object(largeSchema.shape);
  measure(
    'zod classic, jitless (strict CSP)',
    () => jitlessSmall.parse(small),
    () => jitlessLarge.parse(large),
  );
  z.config({ jitless: false });

  const format = (ns: number) =>
    ns >= 1e6
      ? `${(ns / 1e6).toFixed(2)} ms`
      : ns >= 1e3
        ? `${(ns / 1e3).toFixed(1)} µs`
        : `${Math.round(ns)} ns`;
  return {
    results: Object.fromEntries(
      rows.map(([name, s, l]) => [name, { smallNs: Math.round(s), largeNs: Math.round(l) }]),
    ),
    markdown: table(
      ['validation per call', 'small (~270 B)', 'large (~200 kB)'],
      rows.map(([name, s, l]) => [name, format(s), format(l)]),
    ),
  };
}

if (import.meta.main) console.log(validation().markdown);
