import type { ApiError } from '../errors/api-error.js';
import { AuthError } from '../errors/auth-error.js';
import { isApiError, isAuthError } from '../errors/guards.js';
import { isRetryable, retryAfterMs } from '../errors/retryable.js';
import { abortable, sleep } from '../internal/abortable.js';
import { SecretSet } from '../internal/redact.js';
import type { TokenProvider } from './auth-strategy.js';
import { CrossTab, type CrossTabMessage } from './cross-tab.js';
import { decodeJwtClaims } from './jwt-claims.js';
import type { ServerClock } from './server-clock.js';
import type {
  PasswordCredentials,
  Session,
  SessionEventType,
  SessionState,
  SessionStatus,
  TokenInput,
} from './session.js';
import { SessionEvents } from './session-events.js';
import type { TokenStorage } from './storage.js';
import { decodeTokens, encodeTokens } from './stored-tokens.js';
import { expiryOf, type TokenSet } from './token-endpoint.js';
import type { TokenSource } from './token-source.js';

/** What a `TokenSession` is made of, put together by `oauth2()`. */
export interface TokenSessionConfig {
  /** Renews the tokens (refresh token, client credentials); where it needs none, it also gets them on demand. */
  renewal: TokenSource;
  /** The source for a sign-in with these credentials; absent where `login()` cannot work. */
  signIn?: ((credentials: PasswordCredentials) => TokenSource) | undefined;
  /** Revokes tokens at logout, when there is a revocation endpoint. */
  revoke?: ((tokens: TokenSet) => Promise<void>) | undefined;
  /** Held for redaction for the session's whole life. */
  clientSecret?: string | undefined;
  storage: TokenStorage;
  /** Refresh this long before expiry, in ms; capped at half the token's lifetime. */
  refreshLeeway: number;
  /** Extra attempts for a renewal that failed for a passing reason. */
  refreshRetries: number;
  clock: ServerClock;
  /** Coordinate renewals and sign-outs with other tabs of this origin. */
  crossTab?: { name: string; lockTimeout: number } | undefined;
}

/** After an early renewal fails for a reason other than a refusal, wait this long before the next (doubling, capped). */
const BACKOFF_MS = 5_000;
const MAX_BACKOFF_MS = 5 * 60_000;

const scopeList = (scope: string | string[] | undefined) =>
  scope === undefined ? undefined : Array.isArray(scope) ? scope : scope.split(' ').filter(Boolean);

/**
 * An OAuth2 session: one state machine for the tokens, the status derived from them, a single
 * renewal in flight shared by every caller, storage, events and tabs. Token requests are left to
 * token sources. A generation number makes anything that finishes after logout or a new sign-in
 * count for nothing.
 */
export class TokenSession implements Session, TokenProvider {
  readonly #config: TokenSessionConfig;
  readonly #events = new SessionEvents();
  readonly #secrets: SecretSet;
  readonly #crossTab: CrossTab | undefined;
  #tokens: TokenSet | undefined;
  #status: SessionStatus = 'anonymous';
  #state: SessionState = { status: 'anonymous' };
  #renewing: Promise<string> | undefined;
  #generation = 0;
  /** Aborted when a generation ends: ends its token requests and retry waits. */
  #ending = new AbortController();
  #loading: Promise<void> | undefined;
  #failures = 0;
  #notBefore = 0;

  constructor(config: TokenSessionConfig) {
    this.#config = config;
    this.#secrets = new SecretSet([config.clientSecret]);
    if (config.crossTab) {
      const { name, lockTimeout } = config.crossTab;
      this.#crossTab = new CrossTab(
        name,
        lockTimeout,
        (m) => this.#onMessage(m),
        () => void this.#recheck(),
      );
    }
    let stored: ReturnType<TokenStorage['get']>;
    try {
      stored = config.storage.get();
    } catch {
      stored = undefined;
    }
    // Storage that cannot be read starts the session signed out, never stuck loading.
    if (stored instanceof Promise) {
      this.#loading = stored.then(
        (v) => this.#restore(v),
        () => this.#restore(undefined),
      );
    } else this.#restore(stored);
  }

  canAuthenticate(): boolean {
    return this.#tokens !== undefined || this.#onDemand() || this.#loading !== undefined;
  }

  getState(): SessionState {
    return this.#state;
  }

  subscribe(listener: Parameters<Session['subscribe']>[0]): () => void {
    return this.#events.subscribe(listener);
  }

  async login(credentials: PasswordCredentials): Promise<void> {
    const { username, password } = credentials ?? {};
    if (typeof username !== 'string' || typeof password !== 'string')
      throw new TypeError('@org/client: login needs a username and a password');
    const signIn = this.#config.signIn;
    if (!signIn) {
      throw new AuthError(
        'unsupported',
        'login() signs a user in with the password grant; this client uses client_credentials and gets its tokens on demand',
      );
    }
    this.#secrets.hold(password);
    try {
      await this.#loading;
      const generation = this.#endGeneration();
      let tokens: TokenSet;
      try {
        tokens = await signIn(credentials).obtain(undefined, this.#ending.signal);
      } catch (error) {
        throw generation === this.#generation ? error : this.#loggedOut();
      }
      if (generation !== this.#generation) throw this.#loggedOut();
      await this.#adopt(tokens, 'login');
    } finally {
      this.#secrets.release(password);
    }
  }

  async setTokens(input: TokenInput): Promise<void> {
    if (!input || typeof input.accessToken !== 'string' || input.accessToken.length === 0)
      throw new TypeError('@org/client: setTokens needs a non-empty accessToken');
    if (input.expiresIn !== undefined && !(Number.isFinite(input.expiresIn) && input.expiresIn > 0))
      throw new TypeError('@org/client: setTokens: expiresIn must be a positive number of seconds');
    const expiresAt =
      input.expiresAt === undefined ? undefined : new Date(input.expiresAt).getTime();
    if (Number.isNaN(expiresAt)) throw new TypeError('@org/client: setTokens: invalid expiresAt');
    await this.#loading;
    this.#endGeneration();
    const { clock } = this.#config;
    const expiry =
      expiresAt === undefined
        ? expiryOf(input.accessToken, input.expiresIn, Date.now(), clock)
        : { expiresAt: clock.toLocal(expiresAt) };
    const tokens = { accessToken: input.accessToken, refreshToken: input.refreshToken };
    await this.#adopt({ ...tokens, scope: scopeList(input.scope), ...expiry }, 'login');
  }

  async getAccessToken(options: { signal?: AbortSignal } | AbortSignal = {}): Promise<string> {
    const signal = options instanceof AbortSignal ? options : options.signal;
    const tokens = await this.#current(signal);
    if (typeof tokens === 'string' || !this.#due(tokens)) {
      return typeof tokens === 'string' ? tokens : tokens.accessToken;
    }
    const valid = () => tokens.expiresAt !== undefined && Date.now() < tokens.expiresAt;
    if (!this.#config.renewal.canObtain(tokens)) {
      if (valid()) return tokens.accessToken;
      this.#expire();
      throw this.#noSession();
    }
    try {
      return await abortable(this.#renew(), signal);
    } catch (error) {
      // Only a refused grant ends a session, and then these tokens are gone. Any other failure of an
      // early renewal (an outage, HTML, a 404) leaves a token that is still valid: use it, and wait
      // before asking the token server again. Every caller that shared the renewal lands here: the
      // failure counts once.
      if (this.#tokens !== tokens || !valid() || !isApiError(error) || signal?.aborted) throw error;
      if (Date.now() >= this.#notBefore) {
        this.#notBefore = Date.now() + Math.min(BACKOFF_MS * 2 ** this.#failures++, MAX_BACKOFF_MS);
      }
      return tokens.accessToken;
    }
  }

  async refresh(): Promise<void> {
    await this.#loading;
    const tokens = this.#tokens;
    if (!tokens && !this.#onDemand()) throw this.#noSession();
    if (!this.#config.renewal.canObtain(tokens)) {
      throw new AuthError(
        'unsupported',
        'This session has no refresh token, so it cannot be renewed: sign in again',
      );
    }
    await this.#renew();
  }

  async handleUnauthorized(sentToken: string, signal?: AbortSignal): Promise<string | undefined> {
    const tokens = await this.#current(signal);
    if (typeof tokens === 'string') return tokens;
    // A token that is no longer current was rejected: replay with the current one, renew nothing.
    if (tokens.accessToken !== sentToken) return tokens.accessToken;
    if (!this.#config.renewal.canObtain(tokens)) return undefined;
    return abortable(this.#renew(), signal);
  }

  async logout(): Promise<void> {
    await this.#loading;
    const tokens = this.#tokens;
    // Whatever is in flight (a sign-in, a renewal) ends, signed in or not.
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
    if (tokens && this.#config.revoke) await this.#config.revoke(tokens);
  }

  /** The tokens once storage is read; or the token an in-flight or on-demand renewal yields. */
  async #current(signal: AbortSignal | undefined): Promise<TokenSet | string> {
    if (this.#loading) await abortable(this.#loading, signal);
    if (this.#renewing) return abortable(this.#renewing, signal);
    if (this.#tokens) return this.#tokens;
    if (this.#onDemand()) return abortable(this.#renew(), signal);
    throw this.#noSession();
  }

  /** Whether the renewal source gets tokens with none to start from (client credentials). */
  #onDemand(): boolean {
    return this.#config.renewal.canObtain(undefined);
  }

  /** Whether `tokens` should be renewed now: expired, or inside the leeway and not backing off. */
  #due(tokens: TokenSet): boolean {
    if (tokens.expiresAt === undefined) return false;
    const now = Date.now();
    if (now >= tokens.expiresAt) return true;
    if (now < this.#notBefore) return false;
    const leeway = Math.min(this.#config.refreshLeeway, (tokens.lifetime ?? Infinity) / 2);
    return now >= tokens.expiresAt - leeway;
  }

  /** The one renewal in flight, started if there is none; other tabs wait their turn under the lock. */
  #renew(): Promise<string> {
    if (this.#renewing) return this.#renewing;
    const generation = this.#generation;
    const run = this.#crossTab
      ? this.#crossTab.withLock(() => this.#renewUnderLock(generation))
      : this.#runRenewal(generation);
    const renewing = run.finally(() => {
      if (this.#renewing === renewing) this.#renewing = undefined;
    });
    this.#renewing = renewing;
    return renewing;
  }

  /** Holding the lock: if another tab renewed while we waited, take its tokens instead of spending ours again. */
  async #renewUnderLock(generation: number): Promise<string> {
    const stored = await this.#readStorage();
    if (stored && this.#tokens && stored.accessToken !== this.#tokens.accessToken) {
      this.#onMessage({ type: 'tokens', tokens: stored });
      if (!this.#due(stored)) return stored.accessToken;
    }
    return this.#runRenewal(generation);
  }

  async #runRenewal(generation: number): Promise<string> {
    const signal = this.#ending.signal;
    for (let attempt = 0; ; attempt++) {
      const current = this.#tokens;
      try {
        const fresh = await this.#config.renewal.obtain(current, signal);
        if (generation !== this.#generation) throw this.#loggedOut();
        await this.#adopt(fresh, current ? 'refresh' : 'login');
        return fresh.accessToken;
      } catch (error) {
        if (generation !== this.#generation || signal.aborted) throw this.#loggedOut();
        // The token server refused (invalid_grant, or any 400/401): no retry can fix that.
        if (isAuthError(error) && (error.status === 400 || error.status === 401)) {
          this.#expire(error);
          throw error;
        }
        if (isApiError(error)) this.#events.emit('refresh-error', this.#state, error);
        if (!isRetryable(error) || attempt >= this.#config.refreshRetries) throw error;
        const delay = retryAfterMs(error) ?? Math.min(500 * 2 ** attempt, 8_000);
        await sleep(delay, signal).catch(() => {
          throw this.#loggedOut();
        });
      }
    }
  }

  /** Makes `tokens` the session's, persisted first so a rotated refresh token is never lost. */
  async #adopt(tokens: TokenSet, event: Extract<SessionEventType, 'login' | 'refresh'>) {
    try {
      await this.#config.storage.set(encodeTokens(tokens));
    } catch (error) {
      console.error('@org/client: could not persist the session tokens', (error as Error)?.name);
    }
    this.#failures = 0;
    this.#notBefore = 0;
    this.#replaceTokens(tokens, 'authenticated');
    this.#crossTab?.broadcast({ type: 'tokens', tokens });
    this.#events.emit(event, this.#state);
  }

  /** The grant was refused for good: drop the tokens, tell listeners once. */
  #expire(error?: ApiError, fromOtherTab = false): void {
    const wasLive = this.#status === 'authenticated';
    this.#endGeneration();
    this.#replaceTokens(undefined, wasLive ? 'expired' : this.#status);
    if (!fromOtherTab) {
      void Promise.resolve(this.#config.storage.remove()).catch(() => undefined);
      this.#crossTab?.broadcast({ type: 'expired' });
    }
    if (wasLive) this.#events.emit('expired', this.#state, error);
  }

  #restore(value: string | null | undefined): void {
    this.#loading = undefined;
    const tokens = decodeTokens(value);
    if (tokens) this.#replaceTokens(tokens, 'authenticated');
    else if (value) void Promise.resolve(this.#config.storage.remove()).catch(() => undefined);
  }

  /** The tokens in storage now: another tab may have put newer ones there. */
  async #readStorage(): Promise<TokenSet | undefined> {
    return decodeTokens(await Promise.resolve(this.#config.storage.get()).catch(() => undefined));
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
    } else this.#expire(undefined, true);
  }

  /** Back in view or online: pick up another tab's tokens, and renew if ours are due. */
  async #recheck(): Promise<void> {
    if (this.#loading) return;
    const stored = await this.#readStorage();
    if (stored && stored.accessToken !== this.#tokens?.accessToken)
      this.#onMessage({ type: 'tokens', tokens: stored });
    const tokens = this.#tokens;
    if (tokens && !this.#renewing && this.#due(tokens) && this.#config.renewal.canObtain(tokens))
      await this.#renew().catch(() => undefined);
  }

  /** The one place the tokens change: the secrets held for redaction and the state follow them. */
  #replaceTokens(tokens: TokenSet | undefined, status: SessionStatus): void {
    this.#tokens = tokens;
    this.#status = status;
    this.#secrets.replace([tokens?.accessToken, tokens?.refreshToken]);
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
    this.#renewing = undefined;
    return this.#generation;
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
