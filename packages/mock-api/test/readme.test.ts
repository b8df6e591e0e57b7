import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it, vi } from 'vitest';

it('runs the README quick start as written', async () => {
  const readme = readFileSync(fileURLToPath(new URL('../README.md', import.meta.url)), 'utf8');
  const example = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(example).toContain("from '@org/mock-api/node'");

  const file = fileURLToPath(new URL('../test-results/readme-example.mjs', import.meta.url));
  mkdirSync(fileURLToPath(new URL('../test-results/', import.meta.url)), { recursive: true });
  writeFileSync(file, example ?? '');
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  await import(/* @vite-ignore */ file);

  expect(log).toHaveBeenCalledTimes(2);
  expect(log.mock.calls[0]?.[0]).toMatchObject({ city: 'oslo', temperature: expect.any(Number) });
  expect(log.mock.calls[1]?.[0]).toBe(401);
  expect(log.mock.calls[1]?.[1]).toContain('error="invalid_token"');
});
