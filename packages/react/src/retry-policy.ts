import { isRetryable, retryAfterMs } from '@org/client';

/** TanStack Query's `retry` option, as an app may set it. */
export type RetrySetting =
  | boolean
  | number
  | ((failureCount: number, error: Error) => boolean)
  | undefined;

/**
 * Wraps the app's retry setting with the client's rule (`isRetryable`): what a retry cannot fix
 * (auth, validation, other 4xx, programming errors) is never retried; the rest (5xx, 408, 429,
 * network, timeouts) follows the app's setting, or TanStack's default of three retries.
 */
export function authedRetry(
  setting: RetrySetting,
): (failureCount: number, error: Error) => boolean {
  return (failureCount, error) => {
    if (!isRetryable(error)) return false;
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
    const serverAsked = retryAfterMs(error);
    if (serverAsked !== undefined) return serverAsked;
    if (typeof setting === 'function') return setting(failureCount, error);
    if (typeof setting === 'number') return setting;
    return Math.min(1000 * 2 ** failureCount, 30_000);
  };
}
