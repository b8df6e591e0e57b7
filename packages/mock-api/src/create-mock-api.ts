import { getResponse, type HttpHandler } from 'msw';
import { type MockApiController, type MockApiOptions, MockApiState } from './controller.js';
import { noRoute } from './internal/responses.js';
import { route } from './internal/route.js';
import { type RouteName, routeTable } from './routes.js';

/** The handlers of one mock API and the controller that drives them. */
export interface MockApi {
  /** msw request handlers: pass them to `setupServer`, `setupWorker` or the HTTP server. */
  handlers: HttpHandler[];
  controller: MockApiController;
  /**
   * A `fetch` answered by these handlers in-process, with no interception and no sockets: hand it to
   * a client (`createClient({ fetch })`) for fast, deterministic tests, fake timers included.
   * Unmatched requests answer 404; an injected network error rejects with a `TypeError`.
   */
  fetch: typeof fetch;
}

/**
 * Creates a token-protected weather API and its OAuth2 token server as msw handlers.
 *
 * @example
 * ```ts
 * import { setupServer } from 'msw/node';
 * import { createMockApi } from '@org/mock-api';
 *
 * const { handlers, controller } = createMockApi({ baseUrl: 'https://api.example.com' });
 * const server = setupServer(...handlers);
 * server.listen({ onUnhandledFrame: 'error' });
 * controller.clock.set('2026-06-01T12:00:00Z');
 * ```
 */
export function createMockApi(options: MockApiOptions = {}): MockApi {
  return mockApiOf(new MockApiState(options));
}

/** The handlers, controller and in-process fetch of `state` (the adapters' common part). */
export function mockApiOf(state: MockApiState): MockApi {
  const base = state.baseUrl;
  const handlers = Object.entries(routeTable).map(([name, resolve]) =>
    route(state, base, name as RouteName, resolve),
  );
  const fetchFromHandlers: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    const response = await getResponse(handlers, request);
    if (!response) return noRoute(request);
    if (response.type === 'error') throw new TypeError('fetch failed');
    return response;
  };
  return { handlers, controller: state, fetch: fetchFromHandlers };
}
