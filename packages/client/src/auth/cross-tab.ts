import type { TokenSet } from './token-endpoint.js';

/** What one tab tells the others. Same-origin only, like the storage the tokens already live in. */
export type CrossTabMessage =
  | { type: 'tokens'; tokens: TokenSet }
  | { type: 'logout' }
  | { type: 'expired' };

/** Options of cross-tab coordination (`oauth2({ crossTab })`). */
export interface CrossTabOptions {
  /** Name of the Web Lock and BroadcastChannel; default derived from the client id and token URL. */
  name?: string;
  /** How long to wait for another tab's refresh before going ahead alone, in ms. Default 10 000. */
  lockTimeout?: number;
}

interface LockManagerLike {
  request<T>(
    name: string,
    options: { signal?: AbortSignal },
    callback: () => Promise<T>,
  ): Promise<T>;
}

/**
 * Coordinates the tabs of one origin: refreshes run under a Web Lock (with a bounded wait, so a
 * frozen tab cannot block the others for long), results and sign-outs go out on a BroadcastChannel,
 * and a tab that becomes visible or comes back online checks its token again. Where Web Locks or
 * BroadcastChannel are missing, each part falls back to per-tab behaviour.
 */
export class CrossTab {
  readonly #name: string;
  readonly #lockTimeout: number;
  readonly #channel: BroadcastChannel | undefined;
  readonly #locks: LockManagerLike | undefined;

  constructor(
    { name, lockTimeout }: { name: string; lockTimeout: number },
    onMessage: (message: CrossTabMessage) => void,
    onWake: () => void,
  ) {
    this.#name = name;
    this.#lockTimeout = lockTimeout;
    this.#locks = (globalThis.navigator as { locks?: LockManagerLike } | undefined)?.locks;
    if (typeof BroadcastChannel === 'function') {
      const channel = new BroadcastChannel(name);
      channel.onmessage = (event: MessageEvent<CrossTabMessage>) => onMessage(event.data);
      // In Node (tests, servers), an open channel must not keep the process alive.
      (channel as { unref?: () => void }).unref?.();
      this.#channel = channel;
    }
    if (typeof document !== 'undefined' && typeof window !== 'undefined') {
      document.addEventListener('visibilitychange', () => {
        if (document.visibilityState === 'visible') onWake();
      });
      window.addEventListener('online', onWake);
    }
  }

  /**
   * Runs `work` holding the refresh lock. Waits at most `lockTimeout` for another tab; after that it
   * runs anyway, as a tab with no locks at all would.
   */
  async withLock<T>(work: () => Promise<T>): Promise<T> {
    const locks = this.#locks;
    if (!locks) return work();
    const timeout = AbortSignal.timeout(this.#lockTimeout);
    try {
      return await locks.request(`${this.#name}:refresh`, { signal: timeout }, work);
    } catch (error) {
      // The wait ran out (a frozen tab holds the lock): go ahead alone. Errors of `work` pass through.
      if (error === timeout.reason) return work();
      throw error;
    }
  }

  broadcast(message: CrossTabMessage): void {
    try {
      this.#channel?.postMessage(message);
    } catch {
      // A closed or unavailable channel: the other tabs will find out from storage or the server.
    }
  }
}
