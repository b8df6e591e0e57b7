import type { AnyEndpoint } from '@org/client';
import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import { type AuthedQueryOptions, authedQueryOptions } from './authed-query-options.js';
import { useClient } from './client-context.js';
import { principalOf } from './query-keys.js';
import { useSessionSnapshot } from './use-session-snapshot.js';

/** The part of the session a query depends on: its status and who it is. A refresh changes neither. */
export const sessionKey = (state: Parameters<typeof principalOf>[0]) =>
  `${state.status}|${principalOf(state)}`;

/**
 * What the authed query hooks share: the provider's client and QueryClient, a re-render when the
 * session's status or user changes (and only then), and the endpoint's query options with the
 * app's own retry settings folded in.
 */
export function useAuthedQueryOptions<E extends AnyEndpoint, TData>(
  endpoint: E,
  input: unknown,
  options: AuthedQueryOptions<E, TData> | undefined,
  explicitClient?: QueryClient,
): { queryClient: QueryClient; queryOptions: ReturnType<typeof authedQueryOptions<E, TData>> } {
  const client = useClient();
  const queryClient = useQueryClient(explicitClient);
  useSessionSnapshot(client, sessionKey);
  const defaults = queryClient.getDefaultOptions().queries;
  const retry = options?.retry ?? defaults?.retry;
  const retryDelay = options?.retryDelay ?? defaults?.retryDelay;
  const queryOptions = (
    authedQueryOptions as (...args: unknown[]) => ReturnType<typeof authedQueryOptions<E, TData>>
  )(client, endpoint, input, {
    ...options,
    ...(retry !== undefined && { retry }),
    ...(retryDelay !== undefined && { retryDelay }),
  });
  return { queryClient, queryOptions };
}
