import type { Client } from '@org/client';
import type { QueryClient } from '@tanstack/react-query';
import { clientQueryKey, principalOf } from './query-keys.js';

/**
 * Keeps one user's data from being seen by the next: on logout, on an expired session, and when the
 * principal changes, cancels the client's in-flight queries and removes their data. Returns the
 * function that stops it.
 */
export function syncCacheWithSession(client: Client, queryClient: QueryClient): () => void {
  let principal = principalOf(client.session.getState());
  return client.session.subscribe((event) => {
    const next = principalOf(event.state);
    const changed = next !== principal;
    principal = next;
    if (
      event.type === 'logout' ||
      event.type === 'expired' ||
      (event.type === 'login' && changed)
    ) {
      const filters = { queryKey: clientQueryKey(client) };
      void queryClient.cancelQueries(filters);
      queryClient.removeQueries(filters);
    }
  });
}
