import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setupMockApiServer } from '@org/mock-api/node';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';

const { server, controller } = setupMockApiServer({ baseUrl: 'http://127.0.0.1:4010' });
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterAll(() => server.close());

it('runs the README quick start as written', async () => {
  const readme = readFileSync(fileURLToPath(new URL('../README.md', import.meta.url)), 'utf8');
  const example = /```ts\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
  expect(example).toContain("from '@org/client'");

  const dir = fileURLToPath(new URL('../test-results/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}readme-example.mjs`, example);
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  await import(/* @vite-ignore */ `${dir}readme-example.mjs`);

  expect(log).toHaveBeenCalledOnce();
  expect(log.mock.calls[0]?.[0]).toMatch(/^oslo: -?\d+(\.\d)? °C at \d{4}-\d\d-\d\dT/);
  expect(controller.requests.map((r) => `${r.route} ${r.status}`)).toEqual([
    'POST /oauth/token 200',
    'GET /v1/weather/current/:city 200',
  ]);
});
