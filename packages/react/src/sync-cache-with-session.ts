import type { Client } from '@org/client';
import type { QueryClient } from '@tanstack/react-query';
import { clientQueryKey, principalOf, UNKNOWN_PRINCIPAL } from './query-keys.js';

/**
 * Keeps one user's data from being seen by the next: on logout, on an expired session, and when the
 * principal changes, cancels the client's in-flight queries and removes their data. A sign-in whose
 * token says nobody in particular (an opaque, non-JWT token) may be anyone, so it purges too.
 * Returns the function that stops it.
 */
export function syncCacheWithSession(client: Client, queryClient: QueryClient): () => void {
  let principal = principalOf(client.session.getState());
  return client.session.subscribe((event) => {
    const next = principalOf(event.state);
    const changed = next !== principal;
    principal = next;
    const filters = { queryKey: clientQueryKey(client) };
    if (
      event.type === 'logout' ||
      event.type === 'expired' ||
      (event.type === 'login' && changed)
    ) {
      // Removing a query cancels its fetch in flight too (TanStack's Query#destroy), aborting the request.
      queryClient.removeQueries(filters);
    } else if (event.type === 'login' && next === UNKNOWN_PRINCIPAL) {
      // Same key, maybe another user: drop the data and refetch what is on screen with the new token.
      // (resetQueries cancels what is in flight before it refetches.)
      void queryClient.resetQueries(filters);
    }
  });
}
