import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setupMockApiServer } from '@org/mock-api/node';
import { http, passthrough } from 'msw';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';

const PROVIDER = 'http://127.0.0.1:4010';
const { server, controller } = setupMockApiServer({ baseUrl: PROVIDER });
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterAll(() => server.close());

it('runs the README quick start as written, a person signing in on the provider’s page', async () => {
  const readme = readFileSync(fileURLToPath(new URL('../README.md', import.meta.url)), 'utf8');
  const example = /```ts\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
  expect(example).toContain("from '@org/client'");
  // The example's own loopback server, where the provider sends the browser back: a real one.
  server.use(http.get('http://127.0.0.1:8976/*', () => passthrough()));

  const dir = fileURLToPath(new URL('../test-results/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}readme-example.mjs`, example);
  let prompted: (url: string) => void = () => {};
  const signInPage = new Promise<string>((resolve) => {
    prompted = resolve;
  });
  const log = vi.spyOn(console, 'log').mockImplementation((line: unknown) => {
    const url = /^Open this page to sign in: (\S+)$/.exec(String(line))?.[1];
    if (url) prompted(url);
  });
  const run = import(/* @vite-ignore */ `${dir}readme-example.mjs`);

  // The person, in a browser: the provider's page, the credentials, the way back to the example.
  const page = await (await fetch(await signInPage)).text();
  const transaction = /name="transaction" value="([^"]+)"/.exec(page)?.[1] ?? '';
  const answer = await fetch(`${PROVIDER}/oauth/authorize`, {
    method: 'POST',
    body: new URLSearchParams({
      transaction,
      username: 'demo',
      password: 'demo',
      action: 'sign-in',
    }),
    redirect: 'manual',
  });
  const back = answer.headers.get('location') ?? '';
  expect(back).toMatch(/^http:\/\/127\.0\.0\.1:8976\/callback\?code=/);
  expect(await (await fetch(back)).text()).toBe('Signed in: you can close this tab.');
  await run;

  expect(log).toHaveBeenCalledTimes(2);
  expect(log.mock.calls[1]?.[0]).toMatch(
    /^Demo User, in oslo it is -?\d+(\.\d)? °C \(\d{4}-\d\d-\d\dT/,
  );
  expect(controller.requests.map((r) => `${r.route} ${r.status}`)).toEqual([
    'GET /.well-known/openid-configuration 200',
    'GET /oauth/authorize 200',
    'POST /oauth/authorize 303',
    'POST /oauth/token 200',
    'GET /oauth/jwks 200',
    'GET /v1/weather/current/:city 200',
  ]);
});
