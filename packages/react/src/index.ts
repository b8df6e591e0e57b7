export {
  type AuthedQueryOptions,
  authedQueryOptions,
  type HookArgs,
  type InputThen,
} from './authed-query-options.js';
export { AuthedQueryProvider, type AuthedQueryProviderProps } from './authed-query-provider.js';
export { useClient } from './client-context.js';
export { authedQueryKey, clientQueryKey, principalOf } from './query-keys.js';
export type { RetryDelaySetting, RetrySetting } from './retry-policy.js';
export {
  type AuthedMutationOptions,
  type MutationVariables,
  useAuthedMutation,
} from './use-authed-mutation.js';
export { useAuthedQuery } from './use-authed-query.js';
export { useAuthedSuspenseQuery } from './use-authed-suspense-query.js';
export { type SessionView, useSession } from './use-session.js';
