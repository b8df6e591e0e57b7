import type { Client } from '@org/client';
import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useEffect } from 'react';
import { ClientContext } from './client-context.js';
import { syncCacheWithSession } from './sync-cache-with-session.js';

/** Props of `AuthedQueryProvider`. */
export interface AuthedQueryProviderProps {
  client: Client;
  /** The QueryClient whose cache to purge on logout, expiry or a change of user; default: the one from `QueryClientProvider`. */
  queryClient?: QueryClient;
  children?: ReactNode;
}

/**
 * Makes an `@org/client` client available to the authed hooks, inside the app's own
 * `QueryClientProvider`, and purges that client's cached data on logout, expiry or a change of user.
 *
 * @example
 * ```tsx
 * <QueryClientProvider client={queryClient}>
 *   <AuthedQueryProvider client={client}>
 *     <App />
 *   </AuthedQueryProvider>
 * </QueryClientProvider>
 * ```
 */
export function AuthedQueryProvider({
  client,
  queryClient: explicitClient,
  children,
}: AuthedQueryProviderProps) {
  const queryClient = useQueryClient(explicitClient);
  useEffect(() => syncCacheWithSession(client, queryClient), [client, queryClient]);
  return <ClientContext.Provider value={client}>{children}</ClientContext.Provider>;
}
