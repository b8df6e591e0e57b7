import type { ApiError } from '../errors/api-error.js';
import { AuthError } from '../errors/auth-error.js';
import { isApiError, isAuthError, isHttpError } from '../errors/guards.js';
import { abortable, sleep } from '../internal/abortable.js';
import { MAX_RETRY_AFTER_MS } from '../internal/headers.js';
import { rememberSecret, SecretSet } from '../internal/redact.js';
import { CrossTab, type CrossTabMessage } from './cross-tab.js';
import { decodeJwtClaims } from './jwt-claims.js';
import type { ServerClock } from './server-clock.js';
import type {
  Authenticator,
  PasswordCredentials,
  Session,
  SessionEventType,
  SessionState,
  SessionStatus,
  TokenInput,
} from './session.js';
import { SessionEvents } from './session-events.js';
import type { TokenStorage } from './storage.js';
import {
  expiryOf,
  postCredentialForm,
  requestTokens,
  type TokenClientConfig,
  type TokenSet,
} from './token-endpoint.js';

/** Settings of a `TokenSession`, resolved by `oauth2()` and `createClient`. */
export interface TokenSessionConfig extends TokenClientConfig {
  revokeUrl?: string | undefined;
  scope?: string | undefined;
  grant: 'password' | 'client_credentials';
  storage: TokenStorage;
  /** Refresh this long before expiry, in ms; capped at half the token's lifetime. */
  refreshLeeway: number;
  /** Extra attempts for a refresh that failed transiently (network, timeout, 5xx, 429). */
  refreshRetries: number;
  clock: ServerClock;
  /** Coordinate refreshes and sign-outs with other tabs of this origin. */
  crossTab?: { name: string; lockTimeout: number } | undefined;
}

const STORAGE_VERSION = 1;
/** After a proactive refresh fails for a reason other than a refusal, wait this long before the next try (doubling, capped). */
const REFRESH_BACKOFF_MS = 5_000;
const MAX_REFRESH_BACKOFF_MS = 5 * 60_000;

const scopeList = (scope: string | string[] | undefined) =>
  scope === undefined ? undefined : Array.isArray(scope) ? scope : scope.split(' ').filter(Boolean);

/** Errors that a later attempt may not repeat: the network, a timeout, 408, 429 and 5xx. */
function isTransient(error: unknown): boolean {
  if (!isApiError(error)) return false;
  if (error.name === 'NetworkError' || error.name === 'TimeoutError') return true;
  return (
    isHttpError(error) && (error.status === 408 || error.status === 429 || error.status >= 500)
  );
}

/**
 * An OAuth2 token session. One refresh at a time, shared by every caller and by the 401 path; a
 * generation number makes a refresh that finishes after logout or a new login count for nothing.
 */
export class TokenSession implements Session, Authenticator {
  readonly header = 'Authorization';
  readonly credentialUrls: readonly string[];
  readonly #config: TokenSessionConfig;
  readonly #events = new SessionEvents();
  /** The secrets this session holds (its tokens, its client secret): never missing from redaction while held. */
  readonly #secrets: SecretSet;
  #tokens: TokenSet | undefined;
  /** Proactive refreshes that failed in a row (not refused), and when the next may run. */
  #refreshFailures = 0;
  #refreshNotBefore = 0;
  #status: SessionStatus = 'anonymous';
  #state: SessionState = { status: 'anonymous' };
  #refreshing: Promise<string> | undefined;
  #generation = 0;
  /** Aborted at logout and login: ends the token request and retry waits of the session that was. */
  #ending = new AbortController();
  #loading: Promise<void> | undefined;
  readonly #crossTab: CrossTab | undefined;

  constructor(config: TokenSessionConfig) {
    this.#config = config;
    this.#secrets = new SecretSet([config.clientSecret]);
    this.credentialUrls = [config.tokenUrl, ...(config.revokeUrl ? [config.revokeUrl] : [])];
    if (config.crossTab) {
      this.#crossTab = new CrossTab(
        config.crossTab.name,
        config.crossTab.lockTimeout,
        (message) => this.#onMessage(message),
        () => void this.#recheck(),
      );
    }
    let stored: ReturnType<TokenStorage['get']>;
    try {
      stored = config.storage.get();
    } catch {
      stored = undefined;
    }
    if (stored instanceof Promise) {
      // Storage that cannot be read starts the session signed out, never stuck loading.
      this.#loading = stored.then(
        (value) => this.#restore(value),
        () => this.#restore(undefined),
      );
    } else {
      this.#restore(stored);
    }
  }

  get session(): Session {
    return this;
  }

  format(token: string): string {
    return `Bearer ${token}`;
  }

  canAuthenticate(): boolean {
    return (
      this.#tokens !== undefined ||
      this.#config.grant === 'client_credentials' ||
      this.#loading !== undefined
    );
  }

  getState(): SessionState {
    return this.#state;
  }

  subscribe(listener: Parameters<Session['subscribe']>[0]): () => void {
    return this.#events.subscribe(listener);
  }

  async login({ username, password, scope }: PasswordCredentials): Promise<void> {
    if (typeof username !== 'string' || typeof password !== 'string') {
      throw new TypeError('@org/client: login needs a username and a password');
    }
    if (this.#config.grant === 'client_credentials') {
      throw new AuthError(
        'unsupported',
        'login() signs a user in with the password grant; this client uses client_credentials and gets its tokens on demand',
      );
    }
    this.#secrets.hold(password);
    try {
      await this.#loading;
      const generation = this.#endGeneration();
      const requested = scopeList(scope)?.join(' ') ?? this.#config.scope;
      let tokens: TokenSet;
      try {
        tokens = await requestTokens(
          this.#config,
          { grant_type: 'password', username, password, ...(requested && { scope: requested }) },
          this.#ending.signal,
        );
      } catch (error) {
        // Superseded by logout() or another sign-in: say so, not "aborted".
        if (generation !== this.#generation) throw this.#loggedOut();
        throw error;
      }
      if (generation !== this.#generation) throw this.#loggedOut();
      await this.#adopt(tokens, 'login');
    } finally {
      this.#secrets.release(password);
    }
  }

  async setTokens(input: TokenInput): Promise<void> {
    if (!input || typeof input.accessToken !== 'string' || input.accessToken.length === 0) {
      throw new TypeError('@org/client: setTokens needs a non-empty accessToken');
    }
    if (
      input.expiresIn !== undefined &&
      !(Number.isFinite(input.expiresIn) && input.expiresIn > 0)
    ) {
      throw new TypeError('@org/client: setTokens: expiresIn must be a positive number of seconds');
    }
    rememberSecret(input.accessToken);
    rememberSecret(input.refreshToken);
    await this.#loading;
    this.#endGeneration();
    const expiresAt =
      input.expiresAt === undefined ? undefined : new Date(input.expiresAt).getTime();
    if (expiresAt !== undefined && Number.isNaN(expiresAt))
      throw new TypeError('@org/client: setTokens: invalid expiresAt');
    const expiry =
      expiresAt === undefined
        ? expiryOf(input.accessToken, input.expiresIn, Date.now(), this.#config.clock)
        : { expiresAt: this.#config.clock.toLocal(expiresAt) };
    await this.#adopt(
      {
        accessToken: input.accessToken,
        refreshToken: input.refreshToken,
        scope: scopeList(input.scope),
        ...expiry,
      },
      'login',
    );
  }

  async getAccessToken(options: { signal?: AbortSignal } | AbortSignal = {}): Promise<string> {
    const signal = options instanceof AbortSignal ? options : options.signal;
    const tokens = await this.#current(signal);
    if (typeof tokens === 'string') return tokens;
    if (!this.#needsRefresh(tokens)) return tokens.accessToken;
    if (!this.#canRenew(tokens)) {
      if (tokens.expiresAt !== undefined && Date.now() >= tokens.expiresAt) {
        this.#expire();
        throw this.#noSession();
      }
      return tokens.accessToken;
    }
    try {
      return await abortable(this.#startRefresh(), signal);
    } catch (error) {
      // Only a refused grant ends a session, and then these tokens are gone. Any other failure of an
      // early refresh (an outage, HTML, a 404) leaves a token that is still valid: use it, and wait
      // a while before asking the token server again.
      const stillValid =
        this.#tokens === tokens && tokens.expiresAt !== undefined && Date.now() < tokens.expiresAt;
      if (stillValid && isApiError(error) && !signal?.aborted) {
        // Every caller that shared the failed refresh lands here: count the failure once.
        if (Date.now() < this.#refreshNotBefore) return tokens.accessToken;
        this.#refreshFailures++;
        this.#refreshNotBefore =
          Date.now() +
          Math.min(REFRESH_BACKOFF_MS * 2 ** (this.#refreshFailures - 1), MAX_REFRESH_BACKOFF_MS);
        return tokens.accessToken;
      }
      throw error;
    }
  }

  async refresh(): Promise<void> {
    if (this.#loading) await this.#loading;
    const tokens = this.#tokens;
    if (!tokens && this.#config.grant !== 'client_credentials') throw this.#noSession();
    if (tokens && !this.#canRenew(tokens)) {
      throw new AuthError(
        'unsupported',
        'This session has no refresh token, so it cannot be renewed: sign in again',
      );
    }
    await this.#startRefresh();
  }

  async handleUnauthorized(sentToken: string, signal?: AbortSignal): Promise<string | undefined> {
    const tokens = await this.#current(signal);
    if (typeof tokens === 'string') return tokens;
    // A token that is no longer current was rejected: replay with the current one, refresh nothing.
    if (tokens.accessToken !== sentToken) return tokens.accessToken;
    if (!this.#canRenew(tokens)) return undefined;
    return abortable(this.#startRefresh(), signal);
  }

  /**
   * The tokens to work with, once storage is read: or, when a refresh is in flight or there are no
   * tokens but client credentials, the access token that work yields. Throws without a session.
   */
  async #current(signal: AbortSignal | undefined): Promise<TokenSet | string> {
    if (this.#loading) await abortable(this.#loading, signal);
    if (this.#refreshing) return abortable(this.#refreshing, signal);
    if (this.#tokens) return this.#tokens;
    if (this.#config.grant === 'client_credentials') return abortable(this.#startRefresh(), signal);
    throw this.#noSession();
  }

  async logout(): Promise<void> {
    if (this.#loading) await this.#loading;
    const tokens = this.#tokens;
    // Whatever is in flight (a sign-in, a refresh) ends, signed in or not.
    this.#endGeneration();
    if (!tokens && this.#status === 'anonymous') return;
    this.#replaceTokens(undefined, 'anonymous');
    try {
      await this.#config.storage.remove();
    } catch {
      // Storage that cannot be cleared must not keep the user signed in here.
    }
    this.#crossTab?.broadcast({ type: 'logout' });
    this.#events.emit('logout', this.#state);
    if (tokens && this.#config.revokeUrl) await this.#revoke(tokens);
  }

  #needsRefresh(tokens: TokenSet): boolean {
    if (tokens.expiresAt === undefined) return false;
    const now = Date.now();
    if (now >= tokens.expiresAt) return true;
    // An early refresh failed a moment ago: keep using the valid token until the back-off is over.
    if (now < this.#refreshNotBefore) return false;
    const leeway = Math.min(
      this.#config.refreshLeeway,
      (tokens.lifetime ?? Number.POSITIVE_INFINITY) / 2,
    );
    return now >= tokens.expiresAt - leeway;
  }

  #canRenew(tokens: TokenSet): boolean {
    return tokens.refreshToken !== undefined || this.#config.grant === 'client_credentials';
  }

  #startRefresh(): Promise<string> {
    if (this.#refreshing) return this.#refreshing;
    const generation = this.#generation;
    const run = this.#crossTab
      ? this.#crossTab.withLock(() => this.#refreshUnderLock(generation))
      : this.#runRefresh(generation);
    const refreshing = run.finally(() => {
      if (this.#refreshing === refreshing) this.#refreshing = undefined;
    });
    this.#refreshing = refreshing;
    return refreshing;
  }

  /**
   * Holding the cross-tab lock: if another tab refreshed while we waited, take its tokens instead
   * of spending (and so invalidating) the refresh token a second time.
   */
  async #refreshUnderLock(generation: number): Promise<string> {
    const stored = await this.#readStorage();
    const ours = this.#tokens;
    if (stored && ours && stored.accessToken !== ours.accessToken) {
      this.#onMessage({ type: 'tokens', tokens: stored });
      if (!this.#needsRefresh(stored)) return stored.accessToken;
    }
    return this.#runRefresh(generation);
  }

  async #runRefresh(generation: number): Promise<string> {
    const signal = this.#ending.signal;
    for (let attempt = 0; ; attempt++) {
      const current = this.#tokens;
      // The grant comes from the configuration, never from what happens to be missing: a user's
      // session without a refresh token must not quietly become the service account.
      let fields: Record<string, string>;
      if (this.#config.grant === 'client_credentials') {
        fields = {
          grant_type: 'client_credentials',
          ...(this.#config.scope && { scope: this.#config.scope }),
        };
      } else if (current?.refreshToken) {
        fields = { grant_type: 'refresh_token', refresh_token: current.refreshToken };
      } else {
        throw current
          ? new AuthError(
              'unsupported',
              'This session has no refresh token, so it cannot be renewed: sign in again',
            )
          : this.#noSession();
      }
      try {
        const fresh = await requestTokens(this.#config, fields, signal);
        if (generation !== this.#generation) throw this.#loggedOut();
        await this.#adopt(
          {
            ...fresh,
            // A server that does not rotate keeps the old refresh token valid; so do we.
            refreshToken: fresh.refreshToken ?? current?.refreshToken,
            scope: fresh.scope ?? current?.scope,
          },
          current ? 'refresh' : 'login',
        );
        return fresh.accessToken;
      } catch (error) {
        if (generation !== this.#generation || signal.aborted) throw this.#loggedOut();
        // The token server refused (invalid_grant, or any 400/401): no retry can fix that.
        if (isAuthError(error) && (error.status === 400 || error.status === 401)) {
          this.#expire(error);
          throw error;
        }
        if (isApiError(error)) this.#events.emit('refresh-error', this.#state, error);
        if (!isTransient(error) || attempt >= this.#config.refreshRetries) throw error;
        await sleep(this.#retryDelay(error, attempt), signal).catch(() => {
          throw this.#loggedOut();
        });
      }
    }
  }

  #retryDelay(error: unknown, attempt: number): number {
    const retryAfter = isHttpError(error) ? error.retryAfter : undefined;
    if (retryAfter !== undefined) return Math.min(retryAfter * 1000, MAX_RETRY_AFTER_MS);
    return Math.min(500 * 2 ** attempt, 8_000);
  }

  /** Makes `tokens` the session's, persisted first so a rotated refresh token is never lost. */
  async #adopt(
    tokens: TokenSet,
    event: Extract<SessionEventType, 'login' | 'refresh'>,
  ): Promise<void> {
    try {
      await this.#config.storage.set(JSON.stringify({ v: STORAGE_VERSION, ...tokens }));
    } catch (error) {
      console.error(
        '@org/client: could not persist the session tokens',
        error instanceof Error ? error.name : '',
      );
    }
    this.#refreshFailures = 0;
    this.#refreshNotBefore = 0;
    this.#replaceTokens(tokens, 'authenticated');
    this.#crossTab?.broadcast({ type: 'tokens', tokens });
    this.#events.emit(event, this.#state);
  }

  /** The refresh token was rejected for good: drop the tokens, tell listeners once. */
  #expire(error?: ApiError, tellOtherTabs = true): void {
    const wasLive = this.#status === 'authenticated';
    this.#endGeneration();
    this.#replaceTokens(undefined, wasLive ? 'expired' : this.#status);
    if (tellOtherTabs) {
      void Promise.resolve(this.#config.storage.remove()).catch(() => undefined);
      this.#crossTab?.broadcast({ type: 'expired' });
    }
    if (wasLive) this.#events.emit('expired', this.#state, error);
  }

  #restore(value: string | null | undefined): void {
    this.#loading = undefined;
    if (!value) return;
    const tokens = parseStored(value);
    if (!tokens) {
      void Promise.resolve(this.#config.storage.remove()).catch(() => undefined);
      return;
    }
    this.#replaceTokens(tokens, 'authenticated');
  }

  /** The tokens in storage now: another tab may have put newer ones there. */
  async #readStorage(): Promise<TokenSet | undefined> {
    try {
      const value = await this.#config.storage.get();
      return value ? parseStored(value) : undefined;
    } catch {
      return undefined;
    }
  }

  /** Another tab's news: its fresh tokens, its sign-out, or the end of the session. */
  #onMessage(message: CrossTabMessage): void {
    if (message.type === 'tokens') {
      if (message.tokens.accessToken === this.#tokens?.accessToken) return;
      const had = this.#tokens !== undefined;
      this.#replaceTokens(message.tokens, 'authenticated');
      this.#events.emit(had ? 'refresh' : 'login', this.#state);
    } else if (message.type === 'logout') {
      if (!this.#tokens && this.#status === 'anonymous') return;
      this.#endGeneration();
      this.#replaceTokens(undefined, 'anonymous');
      this.#events.emit('logout', this.#state);
    } else if (message.type === 'expired') {
      this.#expire(undefined, false);
    }
  }

  /** Back in view or back online: pick up another tab's tokens, and refresh if ours are due. */
  async #recheck(): Promise<void> {
    if (this.#loading) return;
    const stored = await this.#readStorage();
    if (stored && stored.accessToken !== this.#tokens?.accessToken)
      this.#onMessage({ type: 'tokens', tokens: stored });
    const tokens = this.#tokens;
    if (tokens && !this.#refreshing && this.#needsRefresh(tokens) && this.#canRenew(tokens)) {
      await this.#startRefresh().catch(() => undefined);
    }
  }

  /** The one place the tokens change: the secrets held for redaction and the state follow them. */
  #replaceTokens(tokens: TokenSet | undefined, status: SessionStatus): void {
    this.#tokens = tokens;
    this.#secrets.replace([tokens?.accessToken, tokens?.refreshToken]);
    this.#setStatus(status);
  }

  #setStatus(status: SessionStatus): void {
    this.#status = status;
    const tokens = this.#tokens;
    const claims = tokens && decodeJwtClaims(tokens.accessToken);
    const scope =
      tokens?.scope ??
      (typeof claims?.scope === 'string' ? claims.scope.split(' ').filter(Boolean) : undefined);
    this.#state = {
      status,
      ...(tokens?.expiresAt !== undefined && { expiresAt: tokens.expiresAt }),
      ...(scope && { scope }),
      ...(claims && { claims }),
    };
  }

  /** Starts a new generation: whatever the old one had in flight ends and counts for nothing. */
  #endGeneration(): number {
    this.#generation++;
    this.#ending.abort();
    this.#ending = new AbortController();
    this.#refreshing = undefined;
    return this.#generation;
  }

  async #revoke(tokens: TokenSet): Promise<void> {
    const url = this.#config.revokeUrl;
    if (!url) return;
    const revoke = async (token: string, hint: string) => {
      try {
        await postCredentialForm(this.#config, url, { token, token_type_hint: hint });
      } catch {
        // Revocation is best effort: the local session is already gone.
      }
    };
    // The refresh token first: revoking it ends the grant, access tokens included, on most servers.
    if (tokens.refreshToken) await revoke(tokens.refreshToken, 'refresh_token');
    await revoke(tokens.accessToken, 'access_token');
  }

  #noSession(): AuthError {
    return this.#status === 'expired'
      ? new AuthError('session_expired', 'The session expired; sign in again')
      : new AuthError(
          'no_session',
          'Not signed in: call session.login() or session.setTokens() first',
        );
  }

  #loggedOut(): AuthError {
    return new AuthError(
      'logged_out',
      'The session was signed out or replaced while this request waited for a token',
    );
  }
}

/** Reads what `#adopt` stored; `undefined` for anything unreadable. */
function parseStored(value: string): TokenSet | undefined {
  try {
    const stored = JSON.parse(value) as Partial<TokenSet> & { v?: number };
    if (stored.v !== STORAGE_VERSION || typeof stored.accessToken !== 'string') return undefined;
    const tokens: TokenSet = {
      accessToken: stored.accessToken,
      refreshToken: typeof stored.refreshToken === 'string' ? stored.refreshToken : undefined,
      expiresAt: typeof stored.expiresAt === 'number' ? stored.expiresAt : undefined,
      lifetime: typeof stored.lifetime === 'number' ? stored.lifetime : undefined,
      scope: Array.isArray(stored.scope)
        ? stored.scope.filter((s) => typeof s === 'string')
        : undefined,
    };
    rememberSecret(tokens.accessToken);
    rememberSecret(tokens.refreshToken);
    return tokens;
  } catch {
    return undefined;
  }
}
