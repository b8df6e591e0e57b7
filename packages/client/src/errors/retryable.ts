import { MAX_RETRY_AFTER_MS } from '../internal/headers.js';
import { isApiError, isHttpError } from './guards.js';

/**
 * Whether trying again may succeed where `error` failed: a network failure, a timeout, 408, 429 or
 * a 5xx. Auth and validation errors, other 4xx, aborts and programming errors: no retry can fix
 * them. The session retries token requests by this rule, and `@org/react` retries queries by it.
 */
export function isRetryable(error: unknown): boolean {
  if (!isApiError(error)) return false;
  if (error.name === 'NetworkError' || error.name === 'TimeoutError') return true;
  return (
    isHttpError(error) && (error.status === 408 || error.status === 429 || error.status >= 500)
  );
}

/**
 * How long the server asked to wait before a retry (`Retry-After`), in ms, capped at 60 s, the
 * longest the client waits by itself; `undefined` when it did not say.
 */
export function retryAfterMs(error: unknown): number | undefined {
  if (!isHttpError(error) || error.retryAfter === undefined) return undefined;
  return Math.min(error.retryAfter * 1000, MAX_RETRY_AFTER_MS);
}
