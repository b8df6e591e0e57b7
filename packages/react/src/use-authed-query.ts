import type { AnyEndpoint, CallOutput } from '@org/client';
import { type UseQueryResult, useQuery } from '@tanstack/react-query';
import type { AuthedQueryOptions, HookArgs } from './authed-query-options.js';
import { useAuthedQueryOptions } from './use-authed-query-options.js';

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
  ...[input, options, explicitClient]: HookArgs<E, AuthedQueryOptions<E, TData>>
): UseQueryResult<TData, Error> {
  const { queryClient, queryOptions } = useAuthedQueryOptions(
    endpoint,
    input,
    options,
    explicitClient,
  );
  return useQuery(queryOptions, queryClient);
}
