import type { TokenStorage } from './storage.js';
import { decodeTokens, encodeTokens } from './stored-tokens.js';
import type { TokenSet } from './token-endpoint.js';

/**
 * A session's view of its storage: tokens in and out, encoded, and storage that fails never failing
 * the session (it is read as empty, a failed write is reported by name only).
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
    return decodeTokens(await Promise.resolve(this.#storage.get()).catch(() => undefined));
  }

  async save(tokens: TokenSet): Promise<void> {
    try {
      await this.#storage.set(encodeTokens(tokens));
    } catch (error) {
      console.error('@org/client: could not persist the session tokens', (error as Error)?.name);
    }
  }

  async clear(): Promise<void> {
    try {
      await this.#storage.remove();
    } catch {
      // Storage that cannot be cleared must not keep the user signed in here.
    }
  }

  #decode(value: string | null | undefined): TokenSet | undefined {
    const tokens = decodeTokens(value);
    if (!tokens && value) void this.clear();
    return tokens;
  }
}
