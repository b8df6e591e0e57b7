import type { AnyEndpoint, CallInput, CallOutput, InputIsOptional } from '@org/client';
import {
  type QueryClient,
  type UseMutationOptions,
  type UseMutationResult,
  useMutation,
  useQueryClient,
} from '@tanstack/react-query';
import { useClient } from './client-context.js';
import { authedQueryKey } from './query-keys.js';

/** What `mutate()` takes for an endpoint: its input, which may be left out when nothing in it is required. */
export type MutationVariables<E extends AnyEndpoint> =
  InputIsOptional<E> extends true
    ? // biome-ignore lint/suspicious/noConfusingVoidType: `void` is how TanStack lets mutate() be called with no variables
      CallInput<E> | void
    : CallInput<E>;

/** Options of `useAuthedMutation`: TanStack's, plus the endpoints whose queries to invalidate on success. */
export type AuthedMutationOptions<E extends AnyEndpoint, TContext = unknown> = Omit<
  UseMutationOptions<CallOutput<E>, Error, MutationVariables<E>, TContext>,
  'mutationFn'
> & {
  /** After a success, invalidate every query of these endpoints (all inputs), and wait for it before `onSuccess`. */
  invalidates?: readonly AnyEndpoint[];
};

/**
 * A mutation that calls an endpoint through the provider's client, with typed variables.
 *
 * @example
 * ```tsx
 * const save = useAuthedMutation(addFavorite, { invalidates: [favorites] });
 * save.mutate({ params: { city: 'oslo' } });
 * ```
 */
export function useAuthedMutation<E extends AnyEndpoint, TContext = unknown>(
  endpoint: E,
  { invalidates = [], onSuccess, ...options }: AuthedMutationOptions<E, TContext> = {},
  explicitClient?: QueryClient,
): UseMutationResult<CallOutput<E>, Error, MutationVariables<E>, TContext> {
  const client = useClient();
  const queryClient = useQueryClient(explicitClient);
  return useMutation(
    {
      ...options,
      mutationFn: (variables) =>
        (client.call as (e: AnyEndpoint, i: unknown) => Promise<CallOutput<E>>)(
          endpoint,
          variables ?? undefined,
        ),
      onSuccess: async (...args) => {
        await Promise.all(
          invalidates.map((related) =>
            queryClient.invalidateQueries({ queryKey: authedQueryKey(client, related) }),
          ),
        );
        await onSuccess?.(...args);
      },
    },
    queryClient,
  );
}
