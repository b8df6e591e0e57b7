/**
 * The mock API's clock. Token lifetimes, `Date` headers, rate-limit windows and weather values
 * all read it, so tests can move time instead of waiting. It follows the real clock (and so
 * vitest's fake timers) until it is set; after `set()` it stands still until advanced.
 */
export class MockClock {
  #frozenAt: number | undefined;
  #offset = 0;

  /** The mock's current time, in milliseconds since the epoch. */
  now(): number {
    return this.#frozenAt ?? Date.now() + this.#offset;
  }

  /** Stops the clock at `time`. */
  set(time: Date | number | string): void {
    this.#frozenAt = new Date(time).getTime();
    if (Number.isNaN(this.#frozenAt))
      throw new TypeError(`@org/mock-api: invalid clock time ${String(time)}`);
  }

  /** Moves the clock forward (or back, with a negative amount) by `ms`, stopped or running. */
  advance(ms: number): void {
    if (this.#frozenAt === undefined) this.#offset += ms;
    else this.#frozenAt += ms;
  }

  /** Returns to the real clock with no offset. */
  useRealTime(): void {
    this.#frozenAt = undefined;
    this.#offset = 0;
  }
}
