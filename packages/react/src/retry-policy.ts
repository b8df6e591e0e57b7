import { isAuthError, isHttpError, isValidationError } from '@org/client';

/** TanStack Query's `retry` option, as an app may set it. */
export type RetrySetting =
  | boolean
  | number
  | ((failureCount: number, error: Error) => boolean)
  | undefined;

/** Errors no retry can fix: auth (401/403), validation, and 4xx other than 408 and 429. */
export function isPermanent(error: unknown): boolean {
  if (isAuthError(error) || isValidationError(error)) return true;
  return isHttpError(error) && error.status < 500 && error.status !== 408 && error.status !== 429;
}

/**
 * Wraps the app's retry setting: permanent errors are never retried; the rest (5xx, 408, 429,
 * network, timeouts) follow the app's setting, or TanStack's default of three retries.
 */
export function authedRetry(
  setting: RetrySetting,
): (failureCount: number, error: Error) => boolean {
  return (failureCount, error) => {
    if (isPermanent(error)) return false;
    if (typeof setting === 'function') return setting(failureCount, error);
    if (typeof setting === 'number') return failureCount < setting;
    if (typeof setting === 'boolean') return setting;
    return failureCount < 3;
  };
}

/** TanStack Query's `retryDelay` option, as an app may set it. */
export type RetryDelaySetting =
  | number
  | ((failureCount: number, error: Error) => number)
  | undefined;

/** Waits what the server asked for (`Retry-After`), else the app's `retryDelay`, else TanStack's default backoff. */
export function authedRetryDelay(
  setting: RetryDelaySetting,
): (failureCount: number, error: Error) => number {
  return (failureCount, error) => {
    if (isHttpError(error) && error.retryAfter !== undefined)
      return Math.min(error.retryAfter * 1000, 60_000);
    if (typeof setting === 'function') return setting(failureCount, error);
    if (typeof setting === 'number') return setting;
    return Math.min(1000 * 2 ** failureCount, 30_000);
  };
}
