import type { TokenSet } from './token-endpoint.js';

/**
 * Where a session's tokens come from: one grant of the token endpoint (RFC 6749 §4–6). The session
 * decides when to ask (sign-in, before expiry, after a 401) and what to do with the answer; a source
 * only knows how to ask. A new grant is a new source, not a new branch in the session.
 */
export interface TokenSource {
  /** Whether this source can get tokens now, given the session's current ones (`undefined`: none). */
  canObtain(current: TokenSet | undefined): boolean;
  /**
   * Tokens from the token endpoint. Rejects with its typed errors: `AuthError` for a refusal or a
   * malformed answer, `HttpError`, `NetworkError`, `TimeoutError`, or the signal's reason.
   */
  obtain(current: TokenSet | undefined, signal: AbortSignal): Promise<TokenSet>;
}
