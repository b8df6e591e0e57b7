import type { TokenStorage } from './storage.js';
import {
  decodeSession,
  encodeSession,
  type SignInTransaction,
  type StoredSession,
} from './stored-tokens.js';
import type { TokenSet } from './token-endpoint.js';

/**
 * A session's view of its storage: tokens and the sign-ins under way in and out, encoded, and
 * storage that fails never failing the session (it is read as empty, a failed write is reported by
 * name only). Every write reads first, so tokens and sign-ins written by another tab are kept.
 */
export class SessionStorage {
  readonly #storage: TokenStorage;

  constructor(storage: TokenStorage) {
    this.#storage = storage;
  }

  /** The stored tokens, or `undefined`; synchronous when the storage is. Unreadable values are removed. */
  load(): TokenSet | undefined | Promise<TokenSet | undefined> {
    let value: ReturnType<TokenStorage['get']>;
    try {
      value = this.#storage.get();
    } catch {
      return undefined;
    }
    return value instanceof Promise
      ? value.then(
          (v) => this.#decode(v),
          () => undefined,
        )
      : this.#decode(value);
  }

  /** The stored tokens now (another tab may have written newer ones). */
  async read(): Promise<TokenSet | undefined> {
    return (await this.#read()).tokens;
  }

  async save(tokens: TokenSet): Promise<void> {
    await this.#update((stored) => ({ ...stored, tokens }));
  }

  /** Removes the tokens; sign-ins under way stay. */
  async clear(): Promise<void> {
    await this.#update((stored) => ({ ...stored, tokens: undefined }));
  }

  /** Keeps a sign-in under way until its callback comes. */
  async addPending(transaction: SignInTransaction): Promise<void> {
    await this.#update((stored) => ({ ...stored, pending: [...stored.pending, transaction] }));
  }

  /** The sign-in waiting for `state`, removed so it can be used once; `undefined` when none is (any more). */
  async takePending(state: string): Promise<SignInTransaction | undefined> {
    let taken: SignInTransaction | undefined;
    await this.#update((stored) => {
      taken = stored.pending.find((t) => t.state === state);
      return { ...stored, pending: stored.pending.filter((t) => t !== taken) };
    });
    return taken;
  }

  async #read(): Promise<StoredSession> {
    const value = await Promise.resolve()
      .then(() => this.#storage.get())
      .catch(() => undefined);
    return decodeSession(value) ?? { pending: [] };
  }

  async #update(change: (stored: StoredSession) => StoredSession): Promise<void> {
    const next = encodeSession(change(await this.#read()));
    try {
      await (next === undefined ? this.#storage.remove() : this.#storage.set(next));
    } catch (error) {
      // Storage that cannot be written must not keep the user signed in here, nor fail the session.
      if (next !== undefined)
        console.error('@org/client: could not persist the session', (error as Error)?.name);
    }
  }

  #decode(value: string | null | undefined): TokenSet | undefined {
    const stored = decodeSession(value);
    if (!stored) {
      try {
        Promise.resolve(this.#storage.remove()).catch(() => undefined);
      } catch {
        // Unreadable and unremovable: read as empty all the same.
      }
    }
    return stored?.tokens;
  }
}
