import { AuthError } from '../errors/auth-error.js';
import { isAuthError } from '../errors/guards.js';
import { decodeJwtClaims } from './jwt-claims.js';
import type { SessionState, SessionStatus } from './session.js';
import type { TokenSet } from './token-endpoint.js';

/** A snapshot of a session: status, expiry, scopes and the (unverified) JWT claims, for display. */
export function sessionState(status: SessionStatus, tokens: TokenSet | undefined): SessionState {
  const claims = tokens && decodeJwtClaims(tokens.accessToken);
  const scope =
    tokens?.scope ??
    (typeof claims?.scope === 'string' ? claims.scope.split(' ').filter(Boolean) : undefined);
  return {
    status,
    ...(tokens?.expiresAt !== undefined && { expiresAt: tokens.expiresAt }),
    ...(scope && { scope }),
    ...(claims && { claims }),
    ...(tokens?.user && { user: tokens.user }),
  };
}

/** Why there is no token: never signed in, or a session that ended. */
export const noSession = (status: SessionStatus) =>
  status === 'expired'
    ? new AuthError('session_expired', 'The session expired; sign in again')
    : new AuthError(
        'no_session',
        'Not signed in: call session.login() or session.setTokens() first',
      );

/** A request's wait for a token ended by a sign-out or a new sign-in. */
export const loggedOut = () =>
  new AuthError(
    'logged_out',
    'The session was signed out or replaced while this request waited for a token',
  );

/** A renewal this session cannot do: it has no refresh token. */
export const cannotRenew = () =>
  new AuthError(
    'unsupported',
    'This session has no refresh token, so it cannot be renewed: sign in again',
  );

/** `login()` on a client with no password grant: one that signs in through the provider, or none that signs in. */
export const noSignIn = (throughProvider: boolean) =>
  new AuthError(
    'unsupported',
    throughProvider
      ? 'login() signs a user in with the password grant; this client signs users in through the provider: use signInWithRedirect() or signInWithPopup()'
      : 'login() signs a user in with the password grant; this client uses client_credentials and gets its tokens on demand',
  );

/** A sign-in through the provider on a client without `oauth2({ redirectUri })`. */
export const noCodeFlow = () =>
  new AuthError(
    'unsupported',
    'Sign-in through the provider needs oauth2({ issuer, redirectUri }); this client has no redirect URI',
  );

/**
 * When an early renewal that failed (for a reason other than a refusal) may be tried again: 5 s
 * after the first failure, doubling up to 5 min, until a renewal succeeds.
 */
export class RenewalBackoff {
  #failures = 0;
  #notBefore = 0;

  /** Whether a renewal may run at `now`. */
  allows(now: number): boolean {
    return now >= this.#notBefore;
  }

  /** An early renewal failed at `now`: every caller that shared it reports it, so it counts once. */
  failed(now: number): void {
    if (now < this.#notBefore) return;
    this.#notBefore = now + Math.min(5_000 * 2 ** this.#failures++, 5 * 60_000);
  }

  reset(): void {
    this.#failures = 0;
    this.#notBefore = 0;
  }
}

/**
 * Whether a failed renewal ends the session, since no retry can fix it: the token server refused
 * the grant (400/401), or the ID token it sent failed its checks (another user, a bad signature):
 * tokens that may not be this user's are never adopted.
 */
export const endsSession = (error: unknown): error is AuthError =>
  isAuthError(error) &&
  (error.status === 400 || error.status === 401 || error.code === 'invalid_id_token');
