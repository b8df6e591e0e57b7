import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setupMockApiServer } from '@org/mock-api/node';
import { act, fireEvent, screen } from '@testing-library/react';
import { afterAll, beforeAll, expect, it } from 'vitest';

const { server, controller } = setupMockApiServer({ baseUrl: 'http://127.0.0.1:4010' });
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterAll(() => server.close());

it('runs the README quick start as written', async () => {
  const readme = readFileSync(join(import.meta.dirname, '../README.md'), 'utf8');
  const example = /```tsx\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
  expect(example).toContain("from '@org/react'");

  const dir = join(import.meta.dirname, '../test-results/');
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}readme-example.tsx`, example);
  document.body.innerHTML = '<div id="root"></div>';
  await act(() => import(/* @vite-ignore */ `${dir}readme-example.tsx`));

  await act(() => fireEvent.click(screen.getByText('Sign in')));
  expect(await screen.findByText(/^oslo: -?\d+(\.\d)? °C$/)).toBeTruthy();
  await act(() => fireEvent.click(screen.getByText('Sign out')));
  expect(await screen.findByText('Sign in')).toBeTruthy();
  expect(controller.requests.map((r) => r.route)).toEqual([
    'POST /oauth/token',
    'GET /v1/weather/current/:city',
  ]);
});
