import * as oauth from 'oauth4webapi';
import { ApiError, type RequestSummary } from '../../errors/api-error.js';
import { AuthError, type AuthErrorCode } from '../../errors/auth-error.js';
import { HttpError } from '../../errors/http-error.js';
import { NetworkError } from '../../errors/network-error.js';
import { TimeoutError } from '../../errors/timeout-error.js';

/** Which step of a sign-in failed: it decides the code of a failure that names no OAuth error. */
export type ProtocolStep = 'discovery' | 'callback' | 'code_exchange' | 'id_token';

const STEP_CODE: Record<ProtocolStep, AuthErrorCode> = {
  discovery: 'discovery_failed',
  callback: 'invalid_callback',
  code_exchange: 'invalid_token_response',
  id_token: 'invalid_id_token',
};

const STEP_TEXT: Record<ProtocolStep, string> = {
  discovery: 'The provider’s metadata could not be read',
  callback: 'The sign-in callback is not valid',
  code_exchange: 'The token endpoint sent an invalid answer to the code exchange',
  id_token: 'The ID token is not valid',
};

/** The provider asked the user to sign in (prompt=none could not be honoured). */
const INTERACTION = new Set([
  'login_required',
  'interaction_required',
  'consent_required',
  'account_selection_required',
]);

/** The checks oauth4webapi makes of a JWT: a failure is a bad ID token. */
const JWT_CHECKS = new Set<string | undefined>([
  oauth.JWT_TIMESTAMP_CHECK,
  oauth.JWT_CLAIM_COMPARISON,
  oauth.KEY_SELECTION,
]);

/**
 * One of our typed errors for whatever oauth4webapi (or the fetch under it) threw at `step`: the
 * provider's refusals keep their OAuth error code in `oauthError`, a JWT that fails a check is
 * `invalid_id_token`, an unexpected status is an `HttpError`, a network failure a `NetworkError`, a
 * timeout a `TimeoutError`. The library's error is not kept as the cause: it can hold the callback's
 * parameters or the response body.
 */
export function fromProtocolError(
  error: unknown,
  { step, request }: { step: ProtocolStep; request: RequestSummary },
): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof DOMException && error.name === 'TimeoutError')
    return new TimeoutError({ request });
  if (error instanceof oauth.AuthorizationResponseError) {
    const code: AuthErrorCode =
      error.error === 'access_denied'
        ? 'access_denied'
        : INTERACTION.has(error.error)
          ? 'login_required'
          : 'sign_in_rejected';
    const description = error.error_description ? `: ${error.error_description}` : '';
    return new AuthError(code, `The provider ended the sign-in with ${error.error}${description}`, {
      oauthError: error.error,
    });
  }
  if (
    error instanceof oauth.ResponseBodyError ||
    error instanceof oauth.WWWAuthenticateChallengeError
  ) {
    const status = error.status;
    const oauthError =
      error instanceof oauth.ResponseBodyError ? error.error : error.cause[0]?.parameters.error;
    if (status !== 400 && status !== 401) {
      return new HttpError({
        status,
        body: error instanceof oauth.ResponseBodyError ? error.cause : undefined,
        request,
      });
    }
    const description =
      error instanceof oauth.ResponseBodyError && error.error_description
        ? `: ${error.error_description}`
        : '';
    const client = oauthError === 'invalid_client' || oauthError === 'unauthorized_client';
    return new AuthError(
      client ? 'invalid_client' : 'sign_in_rejected',
      `The token server refused the code exchange: ${oauthError ?? `HTTP ${status}`}${description}`,
      { status, request, oauthError },
    );
  }
  if (error instanceof oauth.OperationProcessingError) {
    const cause = error.cause;
    if (cause instanceof Response && (cause.status >= 500 || cause.status === 429)) {
      return new HttpError({ status: cause.status, statusText: cause.statusText, request });
    }
    const code = JWT_CHECKS.has(error.code) ? 'invalid_id_token' : STEP_CODE[step];
    return new AuthError(code, `${STEP_TEXT[step]}: ${error.message}`, { request });
  }
  if (error instanceof TypeError && !('code' in error)) {
    return new NetworkError({ request, cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new AuthError(STEP_CODE[step], `${STEP_TEXT[step]}: ${message}`, { request });
}
