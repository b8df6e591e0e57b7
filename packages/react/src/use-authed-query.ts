import type { AnyEndpoint, CallOutput } from '@org/client';
import { type UseQueryResult, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  type AuthedQueryOptions,
  authedQueryOptions,
  type InputThen,
} from './authed-query-options.js';
import { useClient } from './client-context.js';
import { principalOf } from './query-keys.js';
import { useSessionSnapshot } from './use-session-snapshot.js';

/** The part of the session a query depends on: its status and who it is. A refresh changes neither. */
export const sessionKey = (state: Parameters<typeof principalOf>[0]) =>
  `${state.status}|${principalOf(state)}`;

/**
 * Queries an endpoint through the provider's client: `data` is typed from the response schema.
 * Waits while the session is anonymous and starts by itself after login; a silent token refresh
 * re-renders nothing.
 *
 * @example
 * ```tsx
 * const { data, error } = useAuthedQuery(currentWeather, { params: { city } }, { refetchInterval: 10_000 });
 * ```
 */
export function useAuthedQuery<E extends AnyEndpoint, TData = CallOutput<E>>(
  endpoint: E,
  ...[input, options]: InputThen<E, AuthedQueryOptions<E, TData>>
): UseQueryResult<TData, Error> {
  const client = useClient();
  const queryClient = useQueryClient();
  useSessionSnapshot(client, sessionKey);
  const defaults = queryClient.getDefaultOptions().queries;
  const retry = options?.retry ?? defaults?.retry;
  const retryDelay = options?.retryDelay ?? defaults?.retryDelay;
  const built = (
    authedQueryOptions as (...args: unknown[]) => ReturnType<typeof authedQueryOptions<E, TData>>
  )(client, endpoint, input, {
    ...options,
    ...(retry !== undefined && { retry }),
    ...(retryDelay !== undefined && { retryDelay }),
  });
  return useQuery(built, queryClient);
}
