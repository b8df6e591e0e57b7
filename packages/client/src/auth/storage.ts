/**
 * Where a session keeps its tokens between page loads: any object with `get`, `set` and `remove`,
 * synchronous or returning promises. Values are strings.
 */
export interface TokenStorage {
  get(): string | null | undefined | Promise<string | null | undefined>;
  set(value: string): void | Promise<void>;
  remove(): void | Promise<void>;
  /** Which place this is (e.g. a Web Storage key), when sessions kept in other places must stay apart: cross-tab channels are named after it. */
  readonly name?: string;
}

/** Keeps tokens in memory only: gone on reload, out of reach of other scripts' storage reads. The default. */
export function memoryStorage(): TokenStorage {
  let value: string | undefined;
  return {
    get: () => value,
    set: (next) => {
      value = next;
    },
    remove: () => {
      value = undefined;
    },
  };
}

/**
 * Keeps tokens in `localStorage` (survives reloads, shared by tabs) or `sessionStorage` (one tab).
 * Any script on the page can read them: see the README's storage advice before choosing it.
 */
export function webStorage(storage: Storage, key = 'org-client.session'): TokenStorage {
  if (!storage || typeof storage.getItem !== 'function') {
    throw new TypeError(
      '@org/client: webStorage needs localStorage, sessionStorage or another Web Storage object',
    );
  }
  return {
    name: key,
    get: () => storage.getItem(key),
    set: (value) => storage.setItem(key, value),
    remove: () => storage.removeItem(key),
  };
}
