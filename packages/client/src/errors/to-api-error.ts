import {
  HTTPError,
  isHTTPError,
  isNetworkError as isKyNetworkError,
  isTimeoutError as isKyTimeoutError,
} from 'ky';
import { parseBearerChallenge, parseRetryAfter } from '../internal/headers.js';
import { wasAuthenticated } from '../internal/response-marks.js';
import { AuthError } from './auth-error.js';
import { isApiError } from './guards.js';
import { HttpError } from './http-error.js';
import { NetworkError } from './network-error.js';
import { TimeoutError } from './timeout-error.js';

const summarize = (request: Request | undefined) =>
  request && { method: request.method, url: request.url };

/** The typed error for a failed HTTP response: 401 and `insufficient_scope` 403 are `AuthError`s, the rest `HttpError`s. */
export function errorForResponse(
  response: Response,
  body: unknown,
  request: { method: string; url: string } | undefined,
): HttpError | AuthError {
  const challenge = parseBearerChallenge(response.headers.get('www-authenticate'));
  if (response.status === 401) {
    const reason = challenge.error
      ? ` (${challenge.error}${challenge.error_description ? `: ${challenge.error_description}` : ''})`
      : '';
    const what = wasAuthenticated(response)
      ? 'The API rejected the access token'
      : 'The API requires authentication, and this request carried no credentials';
    return new AuthError('unauthorized', `${what}${reason}`, {
      status: 401,
      request,
      oauthError: challenge.error,
    });
  }
  if (response.status === 403 && challenge.error === 'insufficient_scope') {
    return new AuthError(
      'insufficient_scope',
      challenge.scope
        ? `This request needs the "${challenge.scope}" scope`
        : 'The access token lacks a scope this request needs',
      { status: 403, request, requiredScope: challenge.scope, oauthError: challenge.error },
    );
  }
  return new HttpError({
    status: response.status,
    statusText: response.statusText,
    body,
    request,
    retryAfter: parseRetryAfter(response.headers.get('retry-after')),
  });
}

/**
 * Turns whatever a request threw into the package's typed errors. Aborts keep the caller's abort
 * reason, and programming errors (a `TypeError` in a user's hook) pass through as they are, so
 * neither is mistaken for a server failure. ky already tells real network failures apart.
 */
export function toApiError(error: unknown): unknown {
  if (isApiError(error)) return error;
  if (isHTTPError(error) || error instanceof HTTPError) {
    return errorForResponse(error.response, error.data, summarize(error.request));
  }
  if (isKyTimeoutError(error)) return new TimeoutError({ request: summarize(error.request) });
  if (isKyNetworkError(error))
    return new NetworkError({ request: summarize(error.request), cause: error.cause });
  return error;
}
