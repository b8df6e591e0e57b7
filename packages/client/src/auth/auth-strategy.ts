import type { ServerClock } from './server-clock.js';
import type { Session } from './session.js';

/**
 * What `createClient` gives an auth strategy when it creates one client's authenticator.
 */
export interface AuthContext {
  /** The client's `baseUrl`, without a trailing slash: resolve relative endpoint URLs against it. */
  baseUrl: string;
  /** The client's `fetch`: use it for token requests, so tests and interceptors see them. */
  fetch: typeof fetch;
  /** Per-request timeout in ms for the strategy's own requests. */
  timeout: number;
  /** The server's clock as the client has learned it from `Date` headers. */
  clock: ServerClock;
}

/**
 * Hands out credentials to a client's transport. The transport asks for a token before each request
 * to an allowed origin, writes it into `header` with `format`, and after a 401 asks
 * `handleUnauthorized` once for a better token to replay with.
 */
export interface TokenProvider {
  /** Whether a token can be had now without user action (a session, a static token, client credentials). */
  canAuthenticate(): boolean;
  /** A token valid now; rejects with `AuthError` when there is none. The signal cancels this caller's wait only. */
  getAccessToken(signal?: AbortSignal): Promise<string>;
  /**
   * A 401 came back for `sentToken`: the token to replay with (a refresh happens only when
   * `sentToken` is still the current one), or `undefined` when no better token can be had.
   */
  handleUnauthorized(sentToken: string, signal?: AbortSignal): Promise<string | undefined>;
}

/** What an auth strategy gives one client: its session, its tokens, and how they go on the wire. */
export interface Authenticator {
  /** What `client.session` is. */
  readonly session: Session;
  readonly tokens: TokenProvider;
  /** The header that carries the credential (`Authorization`, `X-API-Key`, …). */
  readonly header: string;
  /** The header's value for a token (`Bearer <token>`). */
  format(token: string): string;
  /** URLs that must never receive the credential as a bearer (token and revocation endpoints). */
  readonly credentialUrls: readonly string[];
}

/**
 * How a client authenticates, for `createClient({ auth })`: `bearer()` and `oauth2()` make one,
 * and so can you. `create` is called once per client.
 *
 * @example
 * ```ts
 * // Wraps another strategy to count the tokens it hands out.
 * const counted = (inner: AuthStrategy, count: () => void): AuthStrategy => ({
 *   create: (context) => {
 *     const auth = inner.create(context);
 *     const tokens: TokenProvider = {
 *       canAuthenticate: () => auth.tokens.canAuthenticate(),
 *       getAccessToken: (signal) => (count(), auth.tokens.getAccessToken(signal)),
 *       handleUnauthorized: (sent, signal) => auth.tokens.handleUnauthorized(sent, signal),
 *     };
 *     return { ...auth, tokens };
 *   },
 * });
 * createClient({ baseUrl, auth: counted(oauth2({ tokenUrl, clientId }), () => metrics.tokens++) });
 * ```
 */
export interface AuthStrategy {
  create(context: AuthContext): Authenticator;
}
