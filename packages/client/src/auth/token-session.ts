import type { ApiError } from '../errors/api-error.js';
import { isApiError } from '../errors/guards.js';
import { abortable } from '../internal/abortable.js';
import { SecretSet } from '../internal/redact.js';
import { withRetries } from '../internal/with-retries.js';
import type { TokenProvider } from './auth-strategy.js';
import { CrossTab, type CrossTabMessage } from './cross-tab.js';
import type {
  Session,
  SessionEventType,
  SessionState,
  SessionStatus,
  TokenInput,
} from './session.js';
import { SessionEvents } from './session-events.js';
import {
  cannotRenew,
  endsSession,
  loggedOut,
  noSession,
  RenewalBackoff,
  sessionState,
} from './session-state.js';
import type { SessionStorage } from './session-storage.js';
import { tokensFromInput } from './stored-tokens.js';
import type { TokenSet } from './token-endpoint.js';
import type { TokenSessionConfig } from './token-session-config.js';
import type { TokenSource } from './token-source.js';

/**
 * An OAuth2 session's state machine: the tokens, the status derived from them, a single renewal in
 * flight shared by every caller, storage, events and tabs. Token requests are left to token sources,
 * the ways in (password, the code flow) to `OAuthSession`. A generation number makes anything that
 * finishes after logout or a new sign-in count for nothing.
 */
export class TokenSession implements TokenProvider {
  protected readonly config: TokenSessionConfig;
  readonly #events = new SessionEvents();
  readonly #secrets: SecretSet;
  readonly #crossTab: CrossTab | undefined;
  readonly #storage: SessionStorage;
  /** Whether renewal gets tokens with none to start from (client credentials): tokens on demand. */
  readonly #onDemand: boolean;
  #tokens: TokenSet | undefined;
  #status: SessionStatus = 'anonymous';
  #state: SessionState = { status: 'anonymous' };
  #renewing: Promise<string> | undefined;
  #generation = 0;
  /** Aborted when a generation ends: ends its token requests and retry waits. */
  #ending = new AbortController();
  #loading: Promise<void> | undefined;
  readonly #backoff = new RenewalBackoff();

  constructor(config: TokenSessionConfig) {
    this.config = config;
    this.#onDemand = config.renewal.canObtain(undefined);
    this.#secrets = new SecretSet([config.clientSecret]);
    this.#crossTab =
      config.crossTab &&
      new CrossTab(
        config.crossTab,
        (m) => this.#onMessage(m),
        () => void this.#recheck(),
      );
    this.#storage = config.storage;
    // Storage that cannot be read starts the session signed out, never stuck loading.
    const restore = (tokens: TokenSet | undefined) => {
      this.#loading = undefined;
      if (tokens) this.#replaceTokens(tokens, 'authenticated');
    };
    const stored = this.#storage.load();
    if (stored instanceof Promise) this.#loading = stored.then(restore);
    else restore(stored);
  }

  canAuthenticate(): boolean {
    return this.#tokens !== undefined || this.#onDemand || this.#loading !== undefined;
  }

  getState(): SessionState {
    return this.#state;
  }

  subscribe(listener: Parameters<Session['subscribe']>[0]): () => void {
    return this.#events.subscribe(listener);
  }

  /**
   * Signs in with tokens from `source` (a grant), unless logout() or another sign-in comes first.
   * @internal The sign-in methods (`OAuthSession`) come through here.
   */
  async signInWith(source: TokenSource): Promise<void> {
    await this.#loading;
    const generation = this.#endGeneration();
    const tokens = await source.obtain(undefined, this.#ending.signal).catch((error: unknown) => {
      throw generation === this.#generation ? error : loggedOut();
    });
    if (generation !== this.#generation) throw loggedOut();
    await this.#adopt(tokens, 'login');
  }

  async setTokens(input: TokenInput): Promise<void> {
    const tokens = tokensFromInput(input, this.config.clock);
    await this.#loading;
    this.#endGeneration();
    await this.#adopt(tokens, 'login');
  }

  async getAccessToken(options: { signal?: AbortSignal } | AbortSignal = {}): Promise<string> {
    const signal = options instanceof AbortSignal ? options : options.signal;
    const tokens = await this.#current(signal);
    if (typeof tokens === 'string') return tokens;
    if (!this.#due(tokens)) return tokens.accessToken;
    const valid = () => tokens.expiresAt !== undefined && Date.now() < tokens.expiresAt;
    if (!this.config.renewal.canObtain(tokens)) {
      if (valid()) return tokens.accessToken;
      this.#expire();
      throw noSession(this.#status);
    }
    try {
      return await abortable(this.#renew(), signal);
    } catch (error) {
      // Only a refused grant ends a session (these tokens are gone then). Any other failure of an
      // early renewal (an outage, HTML, a 404) leaves a valid token: use it, and back off.
      if (this.#tokens !== tokens || !valid() || !isApiError(error) || signal?.aborted) throw error;
      this.#backoff.failed(Date.now());
      return tokens.accessToken;
    }
  }

  async refresh(): Promise<void> {
    await this.#loading;
    const tokens = this.#tokens;
    if (!tokens && !this.#onDemand) throw noSession(this.#status);
    if (!this.config.renewal.canObtain(tokens)) throw cannotRenew();
    await this.#renew();
  }

  async handleUnauthorized(sentToken: string, signal?: AbortSignal): Promise<string | undefined> {
    const tokens = await this.#current(signal);
    if (typeof tokens === 'string') return tokens;
    // A token that is no longer current was rejected: replay with the current one, renew nothing.
    if (tokens.accessToken !== sentToken) return tokens.accessToken;
    if (!this.config.renewal.canObtain(tokens)) return undefined;
    return abortable(this.#renew(), signal);
  }

  /**
   * Signs out: clears the tokens and storage, tells the other tabs, revokes the tokens where a
   * revocation endpoint is set; returns the tokens it ended, if any. @internal (`logout()` calls it)
   */
  async signOut(): Promise<TokenSet | undefined> {
    await this.#loading;
    const tokens = this.#tokens;
    // Whatever is in flight (a sign-in, a renewal) ends, signed in or not.
    this.#endGeneration();
    if (!tokens && this.#status === 'anonymous') return undefined;
    this.#replaceTokens(undefined, 'anonymous');
    await this.#storage.clear();
    this.#crossTab?.broadcast({ type: 'logout' });
    this.#events.emit('logout', this.#state);
    if (tokens && this.config.revoke) await this.config.revoke(tokens);
    return tokens;
  }

  /** The tokens once storage is read; or the token an in-flight or on-demand renewal yields. */
  async #current(signal: AbortSignal | undefined): Promise<TokenSet | string> {
    if (this.#loading) await abortable(this.#loading, signal);
    if (this.#renewing) return abortable(this.#renewing, signal);
    if (this.#tokens) return this.#tokens;
    if (this.#onDemand) return abortable(this.#renew(), signal);
    throw noSession(this.#status);
  }

  /** Whether `tokens` should be renewed now: expired, or inside the leeway and not backing off. */
  #due(tokens: TokenSet): boolean {
    if (tokens.expiresAt === undefined) return false;
    const now = Date.now();
    if (now >= tokens.expiresAt) return true;
    if (!this.#backoff.allows(now)) return false;
    const leeway = Math.min(this.config.refreshLeeway, (tokens.lifetime ?? Infinity) / 2);
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
    const stored = await this.#storage.read();
    if (stored && this.#tokens && stored.accessToken !== this.#tokens.accessToken) {
      this.#onMessage({ type: 'tokens', tokens: stored });
      if (!this.#due(stored)) return stored.accessToken;
    }
    return this.#runRenewal(generation);
  }

  async #runRenewal(generation: number): Promise<string> {
    const signal = this.#ending.signal;
    try {
      return await withRetries(
        async () => {
          const current = this.#tokens;
          const fresh = await this.config.renewal.obtain(current, signal);
          if (generation !== this.#generation) throw loggedOut();
          await this.#adopt(fresh, current ? 'refresh' : 'login');
          return fresh.accessToken;
        },
        this.config.refreshRetries,
        signal,
        (error) => {
          if (generation !== this.#generation || signal.aborted) throw loggedOut();
          if (endsSession(error)) {
            this.#expire(error);
            throw error;
          }
          if (isApiError(error)) this.#events.emit('refresh-error', this.#state, error);
        },
      );
    } catch (error) {
      // A wait between attempts cut short by the end of the generation.
      throw error === signal.reason ? loggedOut() : error;
    }
  }

  /** Makes `tokens` the session's, persisted first so a rotated refresh token is never lost. */
  async #adopt(tokens: TokenSet, event: Extract<SessionEventType, 'login' | 'refresh'>) {
    await this.#storage.save(tokens);
    this.#backoff.reset();
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
      void this.#storage.clear();
      this.#crossTab?.broadcast({ type: 'expired' });
    }
    if (wasLive) this.#events.emit('expired', this.#state, error);
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
    const stored = await this.#storage.read();
    if (stored && stored.accessToken !== this.#tokens?.accessToken)
      this.#onMessage({ type: 'tokens', tokens: stored });
    const tokens = this.#tokens;
    if (tokens && !this.#renewing && this.#due(tokens) && this.config.renewal.canObtain(tokens))
      await this.#renew().catch(() => undefined);
  }

  /** The one place the tokens change: the secrets held for redaction and the state follow them. */
  #replaceTokens(tokens: TokenSet | undefined, status: SessionStatus): void {
    this.#tokens = tokens;
    this.#status = status;
    this.#secrets.replace([tokens?.accessToken, tokens?.refreshToken, tokens?.idToken]);
    this.#state = sessionState(status, tokens);
  }

  /** Starts a new generation: whatever the old one had in flight ends and counts for nothing. */
  #endGeneration(): number {
    this.#generation++;
    this.#ending.abort();
    this.#ending = new AbortController();
    this.#renewing = undefined;
    return this.#generation;
  }
}
