import { joinUrl } from '../internal/urls.js';
import type { AuthStrategy } from './auth-strategy.js';
import type { CrossTabOptions } from './cross-tab.js';
import { clientCredentialsGrant } from './grants/client-credentials.js';
import { passwordGrant } from './grants/password.js';
import { refreshTokenGrant } from './grants/refresh-token.js';
import { memoryStorage, type TokenStorage } from './storage.js';
import { revokeTokens, type TokenClientConfig } from './token-endpoint.js';
import { TokenSession } from './token-session.js';

/** Options of `oauth2()`. */
export interface OAuth2Options {
  /** Token endpoint: absolute, or a path under the client's `baseUrl` (`/oauth/token`). */
  tokenUrl: string;
  clientId: string;
  /** For confidential clients only (servers): sent with HTTP Basic. Never ship a secret to browsers. */
  clientSecret?: string;
  /** Scopes to ask for by default, space-separated or a list. */
  scope?: string | string[];
  /** RFC 7009 revocation endpoint; when set, `logout()` revokes the tokens there. */
  revokeUrl?: string;
  /** Where tokens live between page loads. Default: `memoryStorage()`. */
  storage?: TokenStorage;
  /** Refresh this many seconds before the access token expires (capped at half its lifetime). Default 30. */
  refreshLeeway?: number;
  /** Extra attempts for a refresh that fails for a passing reason (network, timeout, 5xx, 429). Default 3. */
  refreshRetries?: number;
  /** `password` (default): sign in with `session.login()`. `client_credentials`: tokens on demand, no sign-in. */
  grant?: 'password' | 'client_credentials';
  /**
   * Browsers: coordinate the tabs of this origin. Refreshes run one at a time under a Web Lock and
   * re-read storage first, so a rotated refresh token is never spent twice; new tokens, sign-outs
   * and expiry are broadcast to the other tabs. Use with `webStorage(localStorage)` so a new tab
   * starts signed in. `true`, or `{ name, lockTimeout }`. The default name joins the client id, the
   * token URL and the storage's name (`webStorage`'s key), so sessions kept apart stay apart.
   * Ignored outside browsing contexts (Node, Deno, workers): there a process may serve many users.
   */
  crossTab?: boolean | CrossTabOptions;
}

/** Whether this is a page (tabs exist), as opposed to a server, a CLI or a worker. */
const isBrowsingContext = () => typeof window !== 'undefined' && typeof document !== 'undefined';

const fail = (message: string): never => {
  throw new TypeError(`@org/client: oauth2: ${message}`);
};

function resolveUrl(baseUrl: string, url: string): string {
  return /^[a-z][a-z\d+.-]*:/i.test(url) ? new URL(url).toString() : joinUrl(baseUrl, url);
}

/**
 * An OAuth2 session: password or client-credentials grants, refresh before expiry and once after a
 * 401 (one refresh shared by every request), rotation, revocation and pluggable storage.
 *
 * @example
 * ```ts
 * const client = createClient({
 *   baseUrl: 'https://api.example.com',
 *   auth: oauth2({ tokenUrl: '/oauth/token', clientId: 'weather-web', revokeUrl: '/oauth/revoke' }),
 * });
 * await client.session.login({ username: 'demo', password: 'demo' });
 * ```
 */
export function oauth2(options: OAuth2Options): AuthStrategy {
  if (!options || typeof options !== 'object') fail('options are required');
  const {
    tokenUrl,
    clientId,
    clientSecret,
    revokeUrl,
    refreshLeeway = 30,
    refreshRetries = 3,
    grant = 'password',
  } = options;
  if (typeof tokenUrl !== 'string' || tokenUrl === '') fail('tokenUrl is required');
  if (typeof clientId !== 'string' || clientId === '') fail('clientId is required');
  if (clientSecret !== undefined && typeof clientSecret !== 'string')
    fail('clientSecret must be a string');
  if (grant !== 'password' && grant !== 'client_credentials')
    fail(`grant must be "password" or "client_credentials", got "${String(grant)}"`);
  if (grant === 'client_credentials' && !clientSecret)
    fail('the client_credentials grant needs a clientSecret');
  if (!(Number.isFinite(refreshLeeway) && refreshLeeway >= 0))
    fail('refreshLeeway must be a number of seconds ≥ 0');
  if (!(Number.isInteger(refreshRetries) && refreshRetries >= 0))
    fail('refreshRetries must be a whole number ≥ 0');
  const storage = options.storage ?? memoryStorage();
  if (
    typeof storage.get !== 'function' ||
    typeof storage.set !== 'function' ||
    typeof storage.remove !== 'function'
  ) {
    fail('storage must have get, set and remove');
  }
  const scope = Array.isArray(options.scope) ? options.scope.join(' ') : options.scope;
  const crossTabOptions = options.crossTab === true ? {} : options.crossTab || undefined;
  const lockTimeout = crossTabOptions?.lockTimeout ?? 10_000;
  if (!(Number.isFinite(lockTimeout) && lockTimeout > 0))
    fail('crossTab.lockTimeout must be a positive number of ms');

  return {
    create: ({ baseUrl, fetch, timeout, clock }) => {
      const resolvedTokenUrl = resolveUrl(baseUrl, tokenUrl);
      const resolvedRevokeUrl =
        revokeUrl === undefined ? undefined : resolveUrl(baseUrl, revokeUrl);
      const endpoint: TokenClientConfig = {
        tokenUrl: resolvedTokenUrl,
        clientId,
        clientSecret,
        fetch,
        timeout,
        clock,
      };
      const session = new TokenSession({
        renewal:
          grant === 'client_credentials'
            ? clientCredentialsGrant(endpoint, scope)
            : refreshTokenGrant(endpoint),
        signIn:
          grant === 'password'
            ? (credentials) => passwordGrant(endpoint, credentials, scope)
            : undefined,
        revoke: resolvedRevokeUrl
          ? (tokens) => revokeTokens(endpoint, resolvedRevokeUrl, tokens)
          : undefined,
        clientSecret,
        storage,
        refreshLeeway: refreshLeeway * 1000,
        refreshRetries,
        clock,
        // Only browsing contexts have tabs. In a server, one process serves many users: sharing a
        // channel there would hand one user's tokens to another client of the same API.
        crossTab:
          crossTabOptions && isBrowsingContext()
            ? {
                name:
                  crossTabOptions.name ??
                  `org-client:${clientId}@${resolvedTokenUrl}#${storage.name ?? ''}`,
                lockTimeout,
              }
            : undefined,
      });
      return {
        session,
        tokens: session,
        header: 'Authorization',
        format: (token) => `Bearer ${token}`,
        credentialUrls: resolvedRevokeUrl
          ? [resolvedTokenUrl, resolvedRevokeUrl]
          : [resolvedTokenUrl],
      };
    },
  };
}
