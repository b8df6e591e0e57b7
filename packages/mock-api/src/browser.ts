import { type SetupWorker, setupWorker } from 'msw/browser';
import { type MockApiOptions, MockApiState } from './controller.js';
import { type MockApi, mockApiOf } from './create-mock-api.js';

/** A mock API wired to msw's Service Worker. */
export interface MockApiWorker extends MockApi {
  /** msw's worker: `await worker.start()` before the app renders. Needs `mockServiceWorker.js` served (`npx msw init public`). */
  worker: SetupWorker;
}

/**
 * Creates the mock API and an msw `setupWorker` for it, so an app runs on the mock inside the browser.
 *
 * @example
 * ```ts
 * const { worker, controller } = setupMockApiWorker({ baseUrl: location.origin, accessTokenTtl: 30 });
 * await worker.start({ quiet: true, onUnhandledFrame: 'bypass' });
 * ```
 */
export function setupMockApiWorker(options: MockApiOptions = {}): MockApiWorker {
  const state = new MockApiState(options);
  state.pageHosted = true;
  const api = mockApiOf(state);
  return { ...api, worker: setupWorker(...api.handlers) };
}

export type { MockApiController, MockApiOptions } from './controller.js';
export { createMockApi, type MockApi } from './create-mock-api.js';
