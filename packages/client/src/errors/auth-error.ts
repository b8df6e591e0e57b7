import { ApiError, type ApiErrorOptions, describeRequest } from './api-error.js';

/** Why an authentication failed. */
export type AuthErrorCode =
  /** No session: sign in (or set tokens) first. */
  | 'no_session'
  /** The session ended: the refresh token was rejected (`invalid_grant`); sign in again. */
  | 'session_expired'
  /** Username or password rejected at sign-in. */
  | 'invalid_credentials'
  /** The token server rejected the client (`invalid_client`, `unauthorized_client`). */
  | 'invalid_client'
  /** Other token-endpoint rejections (`invalid_scope`, `unsupported_grant_type`, …). */
  | 'token_request_rejected'
  /** The token endpoint answered something that is not a valid token response. */
  | 'invalid_token_response'
  /** The API rejected the token (401) even after a refresh. */
  | 'unauthorized'
  /** The token lacks a scope the request needs (403 `insufficient_scope`). */
  | 'insufficient_scope'
  /** The session was signed out while the request waited for a token. */
  | 'logged_out'
  /** The strategy cannot do that (e.g. `login()` with a static bearer token). */
  | 'unsupported'
  /** The user cancelled or refused the sign-in at the provider (`error=access_denied`). */
  | 'access_denied'
  /** A sign-in without interaction (`prompt: 'none'`) needs the user: `login_required`, `consent_required`, … */
  | 'login_required'
  /** The provider refused the sign-in (`invalid_scope`, `server_error`, …) or its code (`invalid_grant`). */
  | 'sign_in_rejected'
  /** A callback URL that belongs to no sign-in of this app: unknown, reused or expired `state`, wrong `iss`, no `code`. */
  | 'invalid_callback'
  /** The ID token failed validation: signature, `iss`, `aud`, `azp`, `exp`, `iat` or `nonce`. */
  | 'invalid_id_token'
  /** The provider's metadata (OpenID Connect discovery, RFC 8414) could not be read or is not valid. */
  | 'discovery_failed'
  /** The browser blocked the sign-in popup: call `signInWithPopup()` from a click. */
  | 'popup_blocked'
  /** The user closed the sign-in popup before finishing. */
  | 'popup_closed';

/** Options of `AuthError`. */
export interface AuthErrorOptions extends ApiErrorOptions {
  /** HTTP status involved, when there was a response. */
  status?: number | undefined;
  /** The scope the API asked for (`insufficient_scope`). */
  requiredScope?: string | undefined;
  /** The OAuth error code the server sent (`invalid_grant`, `invalid_token`, …). */
  oauthError?: string | undefined;
}

/** Authentication or authorization failed: no session, a session that ended, a rejected token or a missing scope. */
export class AuthError extends ApiError {
  override name = 'AuthError';
  readonly code: AuthErrorCode;
  readonly status: number | undefined;
  readonly requiredScope: string | undefined;
  readonly oauthError: string | undefined;

  constructor(code: AuthErrorCode, message: string, options: AuthErrorOptions = {}) {
    super(`${message}${describeRequest(options.request)}`, options);
    this.code = code;
    this.status = options.status;
    this.requiredScope = options.requiredScope;
    this.oauthError = options.oauthError;
  }
}
