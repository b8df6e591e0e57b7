import { cannotRenew } from '../session-state.js';
import { requestTokens, type TokenEndpoint } from '../token-endpoint.js';
import type { TokenSource } from '../token-source.js';

/** The refresh token grant (RFC 6749 §6): renews a user's session while it has a refresh token. */
export function refreshTokenGrant(config: TokenEndpoint): TokenSource {
  return {
    canObtain: (current) => current?.refreshToken !== undefined,
    async obtain(current, signal) {
      if (!current?.refreshToken) throw cannotRenew();
      const fresh = await requestTokens(
        config,
        { grant_type: 'refresh_token', refresh_token: current.refreshToken },
        signal,
      );
      return {
        ...fresh,
        // A server that does not rotate keeps the old refresh token valid; so do we.
        refreshToken: fresh.refreshToken ?? current.refreshToken,
        scope: fresh.scope ?? current.scope,
        // The user signed in stays the user: a refresh does not sign anybody in.
        idToken: current.idToken,
        user: current.user,
      };
    },
  };
}
