import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type MockHttpServer, startMockHttpServer } from '@org/mock-api/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
let api: MockHttpServer;
beforeAll(async () => {
  api = await startMockHttpServer({ port: 0 });
});
afterAll(() => api.close());

// The built package as a consumer loads it: through its exports map, in a separate Node process.
describe.each([
  ['a CommonJS file (require)', 'require.cjs'],
  ['an ES module (import)', 'import.mjs'],
])('the published package, loaded from %s', (_, file) => {
  it('makes a real authenticated call against the mock API server', async () => {
    const script = fileURLToPath(new URL(`./consumers/${file}`, import.meta.url));
    const { stdout } = await run(process.execPath, [script, api.url], { timeout: 20_000 });
    expect(JSON.parse(stdout)).toEqual({ sub: 'demo', typedErrors: true });
    expect(api.controller.requests.map((r) => `${r.route} ${r.status}`)).toEqual(
      expect.arrayContaining(['POST /oauth/token 200', 'GET /v1/me 200']),
    );
  });
});
