import type { AnyEndpoint, CallOutput } from '@org/client';
import { type UseSuspenseQueryResult, useSuspenseQuery } from '@tanstack/react-query';
import type { AuthedQueryOptions, HookArgs } from './authed-query-options.js';
import { useAuthedQueryOptions } from './use-authed-query-options.js';

/**
 * The Suspense form of `useAuthedQuery`: suspends until the data is there, so `data` is never
 * undefined. It needs a session: while anonymous it throws the `AuthError` to the nearest error boundary.
 */
export function useAuthedSuspenseQuery<E extends AnyEndpoint, TData = CallOutput<E>>(
  endpoint: E,
  ...[input, options, explicitClient]: HookArgs<
    E,
    Omit<AuthedQueryOptions<E, TData>, 'enabled' | 'placeholderData'>
  >
): UseSuspenseQueryResult<TData, Error> {
  const { queryClient, queryOptions } = useAuthedQueryOptions(
    endpoint,
    input,
    options,
    explicitClient,
  );
  const { enabled: _enabled, ...suspenseOptions } = queryOptions;
  return useSuspenseQuery(
    suspenseOptions as Parameters<typeof useSuspenseQuery<CallOutput<E>, Error, TData>>[0],
    queryClient,
  );
}
