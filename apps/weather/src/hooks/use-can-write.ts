import { useSession } from '@org/react';

/** The scope that lets an account change its favorites. */
export const WRITE_SCOPE = 'weather:write';

/** Whether the signed-in account may change its favorites: the session knows its granted scopes. */
export function useCanWrite(): boolean {
  return useSession((state) => state.scope?.includes(WRITE_SCOPE) ?? false);
}

/** Why a write control is disabled, for its description. */
export const READ_ONLY_REASON = `Read-only account: changing favorites needs the ${WRITE_SCOPE} permission.`;
