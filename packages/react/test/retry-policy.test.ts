import { AuthError, HttpError, NetworkError, TimeoutError, ValidationError } from '@org/client';
import { describe, expect, it } from 'vitest';
import { authedRetry, authedRetryDelay } from '../src/retry-policy.js';

const validation = new ValidationError({ direction: 'response', endpoint: 'GET /x', issues: [] });

describe('retry policy', () => {
  it('never retries auth, validation or 4xx errors, whatever the app says', () => {
    const always = authedRetry(() => true);
    for (const error of [
      new AuthError('unauthorized', 'x', { status: 401 }),
      new AuthError('insufficient_scope', 'x', { status: 403 }),
      validation,
      new HttpError({ status: 404 }),
      new HttpError({ status: 409 }),
    ]) {
      expect(always(0, error)).toBe(false);
    }
  });

  it('retries 5xx, 408, 429, network errors and timeouts as the app says, TanStack’s 3 by default', () => {
    const transient = [
      new HttpError({ status: 503 }),
      new HttpError({ status: 408 }),
      new HttpError({ status: 429 }),
      new NetworkError(),
      new TimeoutError(),
    ];
    for (const error of transient) {
      expect(authedRetry(undefined)(2, error)).toBe(true);
      expect(authedRetry(undefined)(3, error)).toBe(false);
      expect(authedRetry(1)(1, error)).toBe(false);
      expect(authedRetry(false)(0, error)).toBe(false);
      expect(authedRetry(true)(10, error)).toBe(true);
    }
  });

  it("waits the server's Retry-After over the app's delay", () => {
    expect(authedRetryDelay(100)(1, new HttpError({ status: 429, retryAfter: 7 }))).toBe(7_000);
    expect(authedRetryDelay(100)(1, new HttpError({ status: 503 }))).toBe(100);
    expect(authedRetryDelay(undefined)(2, new NetworkError())).toBe(4_000);
    expect(authedRetryDelay(undefined)(1, new HttpError({ status: 429, retryAfter: 3_600 }))).toBe(
      60_000,
    );
  });
});
