import type { AnyEndpoint, CallOutput } from '@org/client';
import {
  type UseSuspenseQueryResult,
  useQueryClient,
  useSuspenseQuery,
} from '@tanstack/react-query';
import {
  type AuthedQueryOptions,
  authedQueryOptions,
  type InputThen,
} from './authed-query-options.js';
import { useClient } from './client-context.js';
import { sessionKey } from './use-authed-query.js';
import { useSessionSnapshot } from './use-session-snapshot.js';

/**
 * The Suspense form of `useAuthedQuery`: suspends until the data is there, so `data` is never
 * undefined. It needs a session: while anonymous it throws the `AuthError` to the nearest error boundary.
 */
export function useAuthedSuspenseQuery<E extends AnyEndpoint, TData = CallOutput<E>>(
  endpoint: E,
  ...[input, options]: InputThen<
    E,
    Omit<AuthedQueryOptions<E, TData>, 'enabled' | 'placeholderData'>
  >
): UseSuspenseQueryResult<TData, Error> {
  const client = useClient();
  const queryClient = useQueryClient();
  useSessionSnapshot(client, sessionKey);
  const defaults = queryClient.getDefaultOptions().queries;
  const retry = options?.retry ?? defaults?.retry;
  const retryDelay = options?.retryDelay ?? defaults?.retryDelay;
  const { enabled: _enabled, ...built } = (
    authedQueryOptions as (...args: unknown[]) => ReturnType<typeof authedQueryOptions<E, TData>>
  )(client, endpoint, input, {
    ...options,
    ...(retry !== undefined && { retry }),
    ...(retryDelay !== undefined && { retryDelay }),
  });
  return useSuspenseQuery(
    built as Parameters<typeof useSuspenseQuery<CallOutput<E>, Error, TData>>[0],
    queryClient,
  );
}
