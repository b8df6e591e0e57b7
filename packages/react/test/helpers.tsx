import { type Client, createClient, defineEndpoint, oauth2 } from '@org/client';
import type { MockApiOptions } from '@org/mock-api';
import { setupMockApiServer } from '@org/mock-api/node';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterAll, afterEach, beforeAll, vi } from 'vitest';
import { z } from 'zod';
import { AuthedQueryProvider } from '../src/index.js';

export const BASE = 'https://api.example.com';

export const currentWeather = defineEndpoint({
  method: 'GET',
  path: '/v1/weather/current/:city',
  query: z.object({ units: z.enum(['metric', 'imperial']).optional() }),
  response: z.object({ city: z.string(), temperature: z.number(), observedAt: z.string() }),
});

export const favorites = defineEndpoint({
  method: 'GET',
  path: '/v1/favorites',
  response: z
    .object({ favorites: z.array(z.object({ city: z.string() })) })
    .transform((f) => f.favorites.map((x) => x.city)),
});

export const addFavorite = defineEndpoint({
  method: 'PUT',
  path: '/v1/favorites/:city',
  response: z.object({ city: z.string() }),
});

export const me = defineEndpoint({
  method: 'GET',
  path: '/v1/me',
  response: z.object({ sub: z.string() }),
});

/** The mock API for one test file, reset after every test. */
export function withMockApi(options: MockApiOptions = {}) {
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

export function makeClient(): Client {
  return createClient({
    baseUrl: BASE,
    auth: oauth2({ tokenUrl: '/oauth/token', revokeUrl: '/oauth/revoke', clientId: 'weather-web' }),
  });
}

/** A fresh QueryClient per test, as TanStack recommends: no retries unless a test asks, no cache left over. */
export function makeQueryClient(retry: number | false = false) {
  return new QueryClient({
    defaultOptions: { queries: { retry, gcTime: Number.POSITIVE_INFINITY } },
  });
}

/** Renders `ui` inside a QueryClientProvider and an AuthedQueryProvider. */
export function renderWithClient(
  ui: ReactNode,
  client = makeClient(),
  queryClient = makeQueryClient(),
) {
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={queryClient}>
      <AuthedQueryProvider client={client}>{children}</AuthedQueryProvider>
    </QueryClientProvider>
  );
  return { ...render(ui, { wrapper }), client, queryClient };
}
