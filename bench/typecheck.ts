/**
 * Type-checking cost: `tsc --noEmit` on a generated API of 200 endpoints (each declared and called,
 * so inference runs), against the same program without them. Reports seconds and instantiations
 * from `--extendedDiagnostics`.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { table } from './harness.ts';

const ENDPOINTS = Number(process.env.TYPECHECK_ENDPOINTS ?? 200);
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

function program(endpoints: number): string {
  const lines = [
    "import { z } from 'zod';",
    "import { createClient, defineEndpoint } from '@org/client';",
    "const client = createClient({ baseUrl: 'https://api.example.com' });",
    'export async function main() {',
    '  const results: unknown[] = [];',
  ];
  const declarations: string[] = [];
  for (let i = 0; i < endpoints; i++) {
    const method = ['GET', 'POST', 'PUT', 'DELETE'][i % 4];
    const body =
      method === 'POST' || method === 'PUT'
        ? `body: z.object({ name${i}: z.string(), count: z.number().optional() }),`
        : '';
    declarations.push(
      `const endpoint${i} = defineEndpoint({ method: '${method}', path: '/v1/resource${i}/:id/items/:item', query: z.object({ page: z.number().optional(), tag${i}: z.string().optional() }), ${body} response: z.object({ id: z.string(), value${i}: z.number(), items: z.array(z.object({ name: z.string() })) }) });`,
    );
    const input = `{ params: { id: 'a', item: ${i} }, query: { page: 1 }${body ? `, body: { name${i}: 'x' }` : ''} }`;
    lines.push(
      `  { const r = await client.call(endpoint${i}, ${input}); results.push(r.value${i}); }`,
    );
  }
  lines.push('  return results;', '}');
  return [...declarations, ...lines].join('\n');
}

/** The same API without @org/client: the same zod schemas, called with fetch and parsed by hand. */
function zodOnlyProgram(endpoints: number): string {
  const lines = [
    "import { z } from 'zod';",
    'export async function main() {',
    '  const results: unknown[] = [];',
  ];
  const declarations: string[] = [];
  for (let i = 0; i < endpoints; i++) {
    const method = ['GET', 'POST', 'PUT', 'DELETE'][i % 4];
    const hasBody = method === 'POST' || method === 'PUT';
    declarations.push(
      `const query${i} = z.object({ page: z.number().optional(), tag${i}: z.string().optional() });`,
      hasBody
        ? `const body${i} = z.object({ name${i}: z.string(), count: z.number().optional() });`
        : '',
      `const response${i} = z.object({ id: z.string(), value${i}: z.number(), items: z.array(z.object({ name: z.string() })) });`,
    );
    const body = hasBody ? `, body: JSON.stringify(body${i}.parse({ name${i}: 'x' }))` : '';
    lines.push(
      `  { const q = query${i}.parse({ page: 1 }); const r = response${i}.parse(await (await fetch(\`https://api.example.com/v1/resource${i}/a/items/${i}?page=\${q.page}\`, { method: '${method}'${body} })).json()); results.push(r.value${i}); }`,
    );
  }
  lines.push('  return results;', '}');
  return [...declarations, ...lines].join('\n');
}

function check(dir: string, source: string) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'api.ts'), source);
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        target: 'ES2023',
        module: 'preserve',
        moduleResolution: 'bundler',
        noEmit: true,
        skipLibCheck: true,
        types: [],
      },
      files: ['api.ts'],
    }),
  );
  const output = execFileSync(process.execPath, [tsc, '-p', dir, '--extendedDiagnostics'], {
    encoding: 'utf8',
  });
  const read = (label: string) =>
    Number(new RegExp(`${label}:\\s+([\\d.]+)`).exec(output)?.[1] ?? Number.NaN);
  return {
    checkSeconds: read('Check time'),
    totalSeconds: read('Total time'),
    instantiations: read('Instantiations'),
    types: read('Types'),
  };
}

export function typecheck() {
  const root = join(import.meta.dirname, '.typecheck');
  const without = check(join(root, 'without'), program(0));
  const zodOnly = check(join(root, 'zod-only'), zodOnlyProgram(ENDPOINTS));
  const withEndpoints = check(join(root, 'with'), program(ENDPOINTS));
  rmSync(root, { recursive: true, force: true });
  const round = (value: number) => Math.round(value * 100) / 100;
  const vsZodOnly = round(withEndpoints.totalSeconds / zodOnly.totalSeconds);
  const vsNothing = round(withEndpoints.totalSeconds / without.totalSeconds);
  const row = (name: string, r: typeof without) => [
    name,
    r.totalSeconds,
    r.checkSeconds,
    r.instantiations,
    r.types,
  ];
  return {
    results: { without, zodOnly, with: withEndpoints, endpoints: ENDPOINTS, vsZodOnly, vsNothing },
    markdown: table(
      ['program', 'total s', 'check s', 'instantiations', 'types'],
      [
        row('no endpoints (client and zod imported, nothing declared)', without),
        row(
          `the same ${ENDPOINTS} endpoints without @org/client (zod schemas, fetch, parse)`,
          zodOnly,
        ),
        row(
          `${ENDPOINTS} endpoints declared with defineEndpoint and called with client.call`,
          withEndpoints,
        ),
        [`ratio: × zod-only ${vsZodOnly}, × no endpoints ${vsNothing}`, '', '', '', ''],
      ],
    ),
    ok: vsZodOnly <= 2,
  };
}

if (import.meta.main) {
  const { markdown, ok } = typecheck();
  console.log(markdown);
  if (!ok) process.exit(1);
}
