import { type SetupServer, setupServer } from 'msw/node';
import type { MockApiOptions } from './controller.js';
import { createMockApi, type MockApi } from './create-mock-api.js';

/** A mock API wired to msw's Node interceptor. */
export interface MockApiServer extends MockApi {
  /** msw's server: `listen()` before the tests, `close()` after. */
  server: SetupServer;
}

/**
 * Creates the mock API and an msw `setupServer` for it, for tests in Node, jsdom or happy-dom.
 *
 * @example
 * ```ts
 * const { server, controller } = setupMockApiServer({ baseUrl: 'https://api.example.com' });
 * beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
 * afterEach(() => controller.reset());
 * afterAll(() => server.close());
 * ```
 */
export function setupMockApiServer(options: MockApiOptions = {}): MockApiServer {
  const api = createMockApi(options);
  return { ...api, server: setupServer(...api.handlers) };
}

export type { MockApiController, MockApiOptions } from './controller.js';
export { createMockApi, type MockApi } from './create-mock-api.js';
export {
  type MockHttpServer,
  type MockHttpServerOptions,
  startMockHttpServer,
} from './http-server.js';
