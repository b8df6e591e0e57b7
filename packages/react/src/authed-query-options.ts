import type { AnyEndpoint, CallInput, CallOutput, Client, InputIsOptional } from '@org/client';
import {
  type QueryClient,
  type QueryKey,
  queryOptions,
  type UndefinedInitialDataOptions,
  type UseQueryOptions,
} from '@tanstack/react-query';
import { authedQueryKey } from './query-keys.js';
import {
  authedRetry,
  authedRetryDelay,
  type RetryDelaySetting,
  type RetrySetting,
} from './retry-policy.js';

/** TanStack options an authed query takes: everything but the key and the function, which it makes. */
export type AuthedQueryOptions<E extends AnyEndpoint, TData = CallOutput<E>> = Omit<
  UseQueryOptions<CallOutput<E>, Error, TData, QueryKey>,
  'queryKey' | 'queryFn' | 'retry' | 'retryDelay' | 'enabled'
> & {
  /** `false` keeps the query from running. (While the session is anonymous it waits anyway.) */
  enabled?: boolean;
  /** The app's retry setting for this query; permanent errors (auth, validation, 4xx) are never retried. */
  retry?: RetrySetting;
  /** The app's retry delay; a server's `Retry-After` takes precedence. */
  retryDelay?: RetryDelaySetting;
};

/** An endpoint's input, then options: the input may be left out when nothing in it is required. */
export type InputThen<E extends AnyEndpoint, Options> =
  InputIsOptional<E> extends true
    ? [input?: CallInput<E>, options?: Options]
    : [input: CallInput<E>, options?: Options];

/** A hook's arguments after the endpoint: its input, options, and a QueryClient to use instead of the provider's (as TanStack's hooks take one). */
export type HookArgs<E extends AnyEndpoint, Options> =
  InputIsOptional<E> extends true
    ? [input?: CallInput<E>, options?: Options, queryClient?: QueryClient]
    : [input: CallInput<E>, options?: Options, queryClient?: QueryClient];

/**
 * TanStack `queryOptions` for an endpoint: use them with `useQuery`, `useSuspenseQuery`,
 * `prefetchQuery`, `ensureQueryData` or a router loader.
 *
 * - The key carries the endpoint, the input and the session's principal.
 * - While the session is anonymous an authenticated endpoint's query is disabled (it waits, it does
 *   not fail); `refetchInterval` pauses unless the session is authenticated.
 * - The request gets TanStack's `signal` and `retry: 0`: TanStack does the retrying, so retries do
 *   not multiply. Auth, validation and 4xx errors are never retried.
 *
 * @example
 * ```ts
 * await queryClient.prefetchQuery(authedQueryOptions(client, currentWeather, { params: { city: 'oslo' } }));
 * ```
 */
export function authedQueryOptions<E extends AnyEndpoint, TData = CallOutput<E>>(
  client: Client,
  endpoint: E,
  ...[input, options = {}]: InputThen<E, AuthedQueryOptions<E, TData>>
) {
  const state = client.session.getState();
  const waiting = endpoint.auth && state.status === 'anonymous';
  const live = !endpoint.auth || state.status === 'authenticated';
  const { enabled = true, retry, retryDelay, refetchInterval, ...rest } = options;
  return queryOptions({
    ...rest,
    queryKey: authedQueryKey(client, endpoint, input) as unknown as QueryKey,
    queryFn: ({ signal }) =>
      (client.call as (e: AnyEndpoint, i: unknown, o: object) => Promise<CallOutput<E>>)(
        endpoint,
        input,
        {
          signal,
          retry: 0,
        },
      ),
    enabled: enabled && !waiting,
    refetchInterval: live ? refetchInterval : false,
    retry: authedRetry(retry),
    retryDelay: authedRetryDelay(retryDelay),
  } as UndefinedInitialDataOptions<CallOutput<E>, Error, TData, QueryKey>);
}
