import { isRetryable, retryAfterMs } from '../errors/retryable.js';
import { sleep } from './abortable.js';

/**
 * Runs `work`, and again after a failure a retry may fix (`isRetryable`), up to `retries` more
 * times: waiting what the server asked (`Retry-After`, capped at 60 s), else 0.5 s doubling to 8 s.
 * `onError` sees every failure first and may throw to stop. The signal ends the waits.
 */
export async function withRetries<T>(
  work: () => Promise<T>,
  retries: number,
  signal: AbortSignal,
  onError: (error: unknown) => void,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      onError(error);
      if (!isRetryable(error) || attempt >= retries) throw error;
      await sleep(retryAfterMs(error) ?? Math.min(500 * 2 ** attempt, 8_000), signal);
    }
  }
}
