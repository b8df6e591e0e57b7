import { cannotRenew } from '../session-state.js';
import { requestTokenResponse, type TokenEndpoint, type TokenSet } from '../token-endpoint.js';
import type { TokenSource } from '../token-source.js';

/**
 * Checks the ID token a refresh brought for the user signed in (OpenID Connect Core §12.2) and
 * gives the ID token and user to keep: the new ones, or the current ones when the check could not
 * run. Rejects with `AuthError` `invalid_id_token` when the token fails it.
 */
export type RefreshedIdTokenCheck = (
  idToken: string,
  current: TokenSet,
  signal: AbortSignal,
) => Promise<Pick<TokenSet, 'idToken' | 'user'>>;

/**
 * The refresh token grant (RFC 6749 §6): renews a user's session while it has a refresh token.
 * With `checkIdToken` (OpenID sign-ins), an ID token in the answer replaces the user's only once
 * it passed; without, the user signed in stays as it was.
 */
export function refreshTokenGrant(
  config: TokenEndpoint,
  checkIdToken?: RefreshedIdTokenCheck,
): TokenSource {
  return {
    canObtain: (current) => current?.refreshToken !== undefined,
    async obtain(current, signal) {
      if (!current?.refreshToken) throw cannotRenew();
      const { tokens: fresh, idToken } = await requestTokenResponse(
        config,
        { grant_type: 'refresh_token', refresh_token: current.refreshToken },
        signal,
      );
      const identity =
        idToken && checkIdToken && current.user
          ? await checkIdToken(idToken, current, signal)
          : { idToken: current.idToken, user: current.user };
      return {
        ...fresh,
        // A server that does not rotate keeps the old refresh token valid; so do we.
        refreshToken: fresh.refreshToken ?? current.refreshToken,
        scope: fresh.scope ?? current.scope,
        ...identity,
      };
    },
  };
}
