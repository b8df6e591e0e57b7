import { isSecureEnough, joinUrl } from '../internal/urls.js';
import type { AuthStrategy } from './auth-strategy.js';
import type { CrossTabOptions } from './cross-tab.js';
import { clientCredentialsGrant } from './grants/client-credentials.js';
import { passwordGrant } from './grants/password.js';
import { refreshTokenGrant } from './grants/refresh-token.js';
import { OAuthSession } from './oauth-session.js';
import type { OpenIdClient } from './openid/index.js';
import type { Navigate } from './openid/sign-in.js';
import { SessionStorage } from './session-storage.js';
import { memoryStorage, type TokenStorage } from './storage.js';
import { revokeTokens, type TokenClientConfig } from './token-endpoint.js';

/** Options of `oauth2()`. */
export interface OAuth2Options {
  /**
   * The provider's issuer URL: its endpoints are discovered from
   * `/.well-known/openid-configuration` (else RFC 8414's `/.well-known/oauth-authorization-server`),
   * once per client. https, or http on loopback only.
   */
  issuer?: string;
  /** Token endpoint: absolute, or a path under the client's `baseUrl` (`/oauth/token`). Required without `issuer`. */
  tokenUrl?: string;
  /** Authorization endpoint, when not discovered. */
  authorizationUrl?: string;
  /** End-session endpoint (OpenID RP-initiated logout), when not discovered. */
  endSessionUrl?: string;
  /** The provider's JWKS, which verifies ID token signatures, when not discovered. */
  jwksUrl?: string;
  /**
   * Where the provider sends the browser back after a sign-in (registered with the provider). With
   * it, users sign in with the authorization code flow and PKCE: `session.signInWithRedirect()`,
   * `signInWithPopup()`, `handleRedirectCallback()`. https, or http on loopback (RFC 8252).
   */
  redirectUri?: string;
  /** How the page goes to the provider; default `location.assign`. For tests and native shells. */
  navigate?: Navigate;
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
  /**
   * `authorization_code` (the default with `redirectUri`): sign in through the provider.
   * `password` (the default without): sign in with `session.login()` (legacy).
   * `client_credentials`: tokens on demand, no sign-in.
   */
  grant?: 'authorization_code' | 'password' | 'client_credentials';
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

/** An absolute URL the OAuth rules allow (https, or http on loopback), or a TypeError naming the option. */
function secureUrl(name: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(String(value));
  } catch {
    // Named below.
  }
  if (typeof value !== 'string' || !url) return fail(`${name} must be an absolute URL`);
  if (!isSecureEnough(url)) return fail(`${name} must use https (http only on loopback hosts)`);
  return name === 'issuer' ? value.replace(/\/+$/, '') || value : value;
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
    grant = options?.redirectUri === undefined ? 'password' : 'authorization_code',
    navigate,
  } = options;
  const issuer = secureUrl('issuer', options.issuer);
  const redirectUri = secureUrl('redirectUri', options.redirectUri);
  if (issuer === undefined && (typeof tokenUrl !== 'string' || tokenUrl === ''))
    fail('tokenUrl is required (or an issuer to discover it from)');
  if (tokenUrl !== undefined && (typeof tokenUrl !== 'string' || tokenUrl === ''))
    fail('tokenUrl must be a non-empty string');
  if (typeof clientId !== 'string' || clientId === '') fail('clientId is required');
  if (clientSecret !== undefined && typeof clientSecret !== 'string')
    fail('clientSecret must be a string');
  if (grant !== 'authorization_code' && grant !== 'password' && grant !== 'client_credentials')
    fail(
      `grant must be "authorization_code", "password" or "client_credentials", got "${String(grant)}"`,
    );
  if (grant === 'authorization_code' && redirectUri === undefined)
    fail('the authorization_code grant needs a redirectUri');
  if (grant === 'authorization_code' && issuer === undefined && !options.authorizationUrl)
    fail('the authorization_code grant needs an issuer or an authorizationUrl');
  if (navigate !== undefined && typeof navigate !== 'function') fail('navigate must be a function');
  if (grant === 'client_credentials' && !clientSecret)
    fail('the client_credentials grant needs a clientSecret');
  if (!(Number.isFinite(refreshLeeway) && refreshLeeway >= 0))
    fail('refreshLeeway must be a number of seconds ≥ 0');
  if (!(Number.isInteger(refreshRetries) && refreshRetries >= 0))
    fail('refreshRetries must be a whole number ≥ 0');
  const tokenStorage = options.storage ?? memoryStorage();
  if (
    typeof tokenStorage.get !== 'function' ||
    typeof tokenStorage.set !== 'function' ||
    typeof tokenStorage.remove !== 'function'
  ) {
    fail('storage must have get, set and remove');
  }
  const scope = Array.isArray(options.scope) ? options.scope.join(' ') : options.scope;
  if (
    grant === 'authorization_code' &&
    issuer === undefined &&
    scope?.split(' ').includes('openid')
  )
    fail('ID tokens are validated against the issuer: set issuer to sign in with openid');
  const crossTabOptions = options.crossTab === true ? {} : options.crossTab || undefined;
  const lockTimeout = crossTabOptions?.lockTimeout ?? 10_000;
  if (!(Number.isFinite(lockTimeout) && lockTimeout > 0))
    fail('crossTab.lockTimeout must be a positive number of ms');

  return {
    create: ({ baseUrl, fetch, timeout, clock }) => {
      const resolved = (url: string | undefined) =>
        url === undefined ? undefined : resolveUrl(baseUrl, url);
      const resolvedTokenUrl = resolved(tokenUrl);
      const resolvedRevokeUrl = resolved(revokeUrl);
      const storage = new SessionStorage(tokenStorage);
      // The OpenID part (oauth4webapi with it) is loaded on first use: never, for a client that
      // has its endpoints and no redirect URI.
      let openId: Promise<OpenIdClient> | undefined;
      const loadOpenId = () => {
        openId ??= import('./openid/index.js').then(({ openIdClient }) =>
          openIdClient({
            endpoints: {
              issuer,
              tokenUrl: resolvedTokenUrl,
              revokeUrl: resolvedRevokeUrl,
              authorizationUrl: resolved(options.authorizationUrl),
              endSessionUrl: resolved(options.endSessionUrl),
              jwksUrl: resolved(options.jwksUrl),
            },
            context: { fetch, timeout },
            clientId,
            clientSecret,
            redirectUri: grant === 'authorization_code' ? redirectUri : undefined,
            scope: scope ?? 'openid',
            clock,
            storage,
            navigate,
          }),
        );
        return openId;
      };
      const metadata = async () => (await loadOpenId()).metadata();
      const base = { clientId, clientSecret, fetch, timeout, clock };
      // With an issuer, endpoints not given are discovered on first use.
      const endpoint: TokenClientConfig | (() => Promise<TokenClientConfig>) = resolvedTokenUrl
        ? { ...base, tokenUrl: resolvedTokenUrl }
        : async () => ({ ...base, tokenUrl: (await metadata()).token_endpoint ?? '' });
      const revocationUrl = async () =>
        resolvedRevokeUrl ?? (issuer ? (await metadata()).revocation_endpoint : undefined);
      const session = new OAuthSession({
        renewal:
          grant === 'client_credentials'
            ? clientCredentialsGrant(endpoint, scope)
            : refreshTokenGrant(
                endpoint,
                // OpenID sign-ins: an ID token a refresh brings is checked before it replaces the user's.
                grant === 'authorization_code'
                  ? async (idToken, current, signal) =>
                      ((await loadOpenId()).flow ?? fail('no redirect URI')).refreshedIdToken(
                        idToken,
                        current,
                        signal,
                      )
                  : undefined,
              ),
        signIn:
          grant === 'password'
            ? (credentials) => passwordGrant(endpoint, credentials, scope)
            : undefined,
        codeFlow:
          grant === 'authorization_code'
            ? async () => (await loadOpenId()).signIn ?? fail('no redirect URI')
            : undefined,
        revoke:
          resolvedRevokeUrl || issuer
            ? async (tokens) => {
                const url = await revocationUrl().catch(() => undefined);
                if (url) await revokeTokens(endpoint, url, tokens);
              }
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
                  `org-client:${clientId}@${resolvedTokenUrl ?? issuer}#${tokenStorage.name ?? ''}`,
                lockTimeout,
              }
            : undefined,
      });
      return {
        session,
        tokens: session,
        header: 'Authorization',
        format: (token) => `Bearer ${token}`,
        credentialUrls: [resolvedTokenUrl, resolvedRevokeUrl].filter(
          (url): url is string => url !== undefined,
        ),
      };
    },
  };
}
