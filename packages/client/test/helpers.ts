import type { MockApiOptions } from '@org/mock-api';
import { setupMockApiServer } from '@org/mock-api/node';
import { afterAll, afterEach, beforeAll, vi } from 'vitest';
import { type ClientOptions, createClient, type OAuth2Options, oauth2 } from '../src/index.js';

export const BASE = 'https://api.example.com';

/** The mock API on msw's Node interceptor for one test file; reset, and real timers back, after every test. */
export function useMockApi(options: MockApiOptions = {}) {
  const api = setupMockApiServer({ baseUrl: BASE, ...options });
  beforeAll(() => api.server.listen({ onUnhandledFrame: 'error' }));
  afterEach(() => {
    api.controller.reset();
    api.server.resetHandlers();
    vi.useRealTimers();
  });
  afterAll(() => api.server.close());
  return api;
}

/** A client for the mock API with an OAuth2 session for the public demo client. */
export function oauthClient(
  auth: Partial<OAuth2Options> = {},
  options: Partial<ClientOptions> = {},
) {
  return createClient({
    baseUrl: BASE,
    auth: oauth2({
      tokenUrl: '/oauth/token',
      revokeUrl: '/oauth/revoke',
      clientId: 'weather-web',
      ...auth,
    }),
    ...options,
  });
}

/** Fakes `Date` only: the mock API's clock follows it, and the session measures expiry with it. */
export function useFakeDate(now = '2026-06-01T12:00:00Z') {
  vi.useFakeTimers({ now: new Date(now), toFake: ['Date'] });
}

/** Settles every promise in `promises`, returning how many resolved and the rejections. */
export async function settle<T>(promises: Promise<T>[]) {
  const results = await Promise.allSettled(promises);
  return {
    fulfilled: results
      .filter((r): r is PromiseFulfilledResult<Awaited<T>> => r.status === 'fulfilled')
      .map((r) => r.value),
    rejected: results
      .filter((r): r is PromiseRejectedResult => r.status === 'rejected')
      .map((r) => r.reason as unknown),
  };
}

/** A Web Storage stand-in that behaves as `localStorage` does; share one between "tabs". */
export function fakeWebStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (index) => [...items.keys()][index] ?? null,
    removeItem: (key) => items.delete(key),
    setItem: (key, value) => items.set(key, String(value)),
  };
}

/** A client of the confidential demo service client, with the client_credentials grant. */
export function serviceClient(auth: Partial<OAuth2Options> = {}) {
  return createClient({
    baseUrl: BASE,
    auth: oauth2({
      tokenUrl: '/oauth/token',
      clientId: 'weather-service',
      clientSecret: 'weather-service-secret',
      grant: 'client_credentials',
      ...auth,
    }),
  });
}

/**
 * Waits until `check` passes, as `vi.waitFor` does, with room for a loaded machine: messages between
 * "tabs" (BroadcastChannel, Web Locks) arrive asynchronously, later under load.
 */
export function eventually<T>(check: () => T | Promise<T>) {
  return vi.waitFor(check, { timeout: 5_000, interval: 10 });
}
