import type { MockApiState } from '../controller.js';
import type { Grant } from './token-store.js';

/**
 * An ID token (OpenID Connect Core §2) for a user's grant, signed ES256 with the current key: `iss`,
 * `sub`, `aud` and `azp` (the client), `iat`, `exp` (the access token's lifetime), `auth_time`,
 * the authorization request's `nonce` (not on refreshes), and the name claims with `profile`.
 */
export function idToken(
  state: MockApiState,
  issuer: string,
  grant: Grant,
  nonce: string | undefined,
): Promise<string> {
  const iat = Math.floor(state.clock.now() / 1000);
  const user = state.users.get(grant.sub);
  return state.signingKeys.sign({
    iss: issuer,
    sub: grant.sub,
    aud: grant.clientId,
    azp: grant.clientId,
    iat,
    exp: iat + state.tokens.lifetimes.accessToken,
    ...(grant.authTime !== undefined && { auth_time: grant.authTime }),
    ...(nonce !== undefined && { nonce }),
    ...(user &&
      grant.scope.includes('profile') && { name: user.name, preferred_username: user.username }),
  });
}
