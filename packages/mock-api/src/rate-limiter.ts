/** A per-token request budget: `limit` requests per fixed window of `windowSeconds`. */
export interface RateLimit {
  limit: number;
  windowSeconds: number;
}

/** Counts requests per key in fixed windows of the mock clock. */
export class RateLimiter {
  readonly #windows = new Map<string, { start: number; count: number }>();
  policy: RateLimit | undefined;

  /** Seconds to wait when `key` is over its budget at `now`, else `undefined` (and the request counts). */
  check(key: string, now: number): number | undefined {
    if (!this.policy) return undefined;
    const windowMs = this.policy.windowSeconds * 1000;
    const start = Math.floor(now / windowMs) * windowMs;
    const window = this.#windows.get(key);
    if (!window || window.start !== start) {
      this.#windows.set(key, { start, count: 1 });
      return undefined;
    }
    if (window.count >= this.policy.limit)
      return Math.max(1, Math.ceil((start + windowMs - now) / 1000));
    window.count++;
    return undefined;
  }

  clear(): void {
    this.#windows.clear();
  }
}
