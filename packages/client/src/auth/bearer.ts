import { AuthError } from '../errors/auth-error.js';
import { SecretSet } from '../internal/redact.js';
import type { AuthStrategy, TokenProvider } from './auth-strategy.js';
import type { Session, SessionState, TokenInput } from './session.js';
import { SessionEvents } from './session-events.js';

/** A token, or a function that returns one (called for every request). */
export type BearerToken = string | (() => string | Promise<string>);

/** Options of `bearer()`. */
export interface BearerOptions {
  /** Header that carries the token. Default `Authorization`. */
  header?: string;
  /** Written before the token; `''` for none (API keys). Default `Bearer`. */
  scheme?: string;
}

const AUTHENTICATED: SessionState = Object.freeze({ status: 'authenticated' });
const ANONYMOUS: SessionState = Object.freeze({ status: 'anonymous' });

/** Every way of signing in: a bearer client has its token already. */
async function signInRefused(): Promise<never> {
  throw new AuthError(
    'unsupported',
    'Signing in (login() and the like) needs oauth2(); this client uses a bearer token',
  );
}

/** A fixed or computed token. There is nothing to refresh: a computed token is asked for again after a 401. */
class BearerSession implements Session, TokenProvider {
  readonly #events = new SessionEvents();
  readonly #secrets = new SecretSet();
  #token: BearerToken | undefined;

  constructor(token: BearerToken) {
    this.#token = token;
    if (typeof token === 'string') this.#secrets.replace([token]);
  }

  canAuthenticate(): boolean {
    return this.#token !== undefined;
  }

  async getAccessToken(): Promise<string> {
    const source = this.#token;
    if (source === undefined)
      throw new AuthError('no_session', 'Signed out: the bearer token was cleared by logout()');
    const token = typeof source === 'function' ? await source() : source;
    if (typeof token !== 'string' || token === '') {
      throw new AuthError('no_session', 'The bearer token function returned no token');
    }
    this.#secrets.replace([token]);
    return token;
  }

  async handleUnauthorized(sentToken: string): Promise<string | undefined> {
    const token = await this.getAccessToken();
    return token === sentToken ? undefined : token;
  }

  getState(): SessionState {
    return this.#token === undefined ? ANONYMOUS : AUTHENTICATED;
  }

  subscribe(listener: Parameters<Session['subscribe']>[0]): () => void {
    return this.#events.subscribe(listener);
  }

  login = signInRefused;
  signInWithRedirect = signInRefused;
  signInWithPopup = signInRefused;
  handleRedirectCallback = signInRefused;
  createAuthorizationUrl = signInRefused;

  async setTokens({ accessToken }: TokenInput): Promise<void> {
    if (typeof accessToken !== 'string' || accessToken === '')
      throw new TypeError('@org/client: setTokens needs an accessToken');
    this.#secrets.replace([accessToken]);
    this.#token = accessToken;
    this.#events.emit('login', this.getState());
  }

  async refresh(): Promise<void> {
    // A static token cannot be renewed; a computed one is computed afresh for every request anyway.
  }

  async logout(): Promise<void> {
    if (this.#token === undefined) return;
    this.#token = undefined;
    this.#secrets.replace([]);
    this.#events.emit('logout', this.getState());
  }
}

/**
 * Sends a fixed or computed token with every request to the API's origin.
 *
 * @example
 * ```ts
 * createClient({ baseUrl, auth: bearer(process.env.API_TOKEN) });
 * createClient({ baseUrl, auth: bearer(() => getTokenFromHost()) });
 * createClient({ baseUrl, auth: bearer(apiKey, { header: 'X-API-Key', scheme: '' }) });
 * ```
 */
export function bearer(token: BearerToken, options: BearerOptions = {}): AuthStrategy {
  if (typeof token !== 'function' && (typeof token !== 'string' || token === '')) {
    throw new TypeError(
      '@org/client: bearer needs a non-empty token string or a function that returns one',
    );
  }
  if (options.header !== undefined && !/^[!#$%&'*+.^_`|~\w-]+$/.test(options.header)) {
    throw new TypeError(`@org/client: bearer: "${options.header}" is not a valid header name`);
  }
  const { header = 'Authorization', scheme = 'Bearer' } = options;
  return {
    create: () => {
      const session = new BearerSession(token);
      return {
        session,
        tokens: session,
        header,
        format: (value) => (scheme ? `${scheme} ${value}` : value),
        credentialUrls: [],
      };
    },
  };
}
