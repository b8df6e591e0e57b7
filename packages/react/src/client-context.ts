import type { Client } from '@org/client';
import { createContext, useContext } from 'react';

/** Holds the client given to `AuthedQueryProvider`. */
export const ClientContext = createContext<Client | undefined>(undefined);

/**
 * The `@org/client` client of the nearest `AuthedQueryProvider`.
 *
 * @throws outside an `AuthedQueryProvider`, with a message saying how to fix it.
 */
export function useClient(): Client {
  const client = useContext(ClientContext);
  if (!client) {
    throw new Error(
      '@org/react: useClient() and the authed hooks need an <AuthedQueryProvider client={client}> above them (inside your <QueryClientProvider>).',
    );
  }
  return client;
}
