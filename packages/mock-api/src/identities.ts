/** A user of the password grant. */
export interface MockUser {
  username: string;
  password: string;
  /** Display name returned by `GET /v1/me`. */
  name: string;
  /** Scopes the user may be granted. */
  scope: string[];
  /** City ids the user starts with as favorites. */
  favorites?: string[];
}

/** An OAuth2 client registered with the token server. */
export interface MockClient {
  clientId: string;
  /** Set for confidential clients, which must authenticate; public clients have none. */
  clientSecret?: string;
  /** Grant types the client may use. */
  grants: Array<'authorization_code' | 'password' | 'refresh_token' | 'client_credentials'>;
  /** Scopes the client may request; for `client_credentials`, the default scope. */
  scope: string[];
  /**
   * Where `/oauth/authorize` may send the user back (`authorization_code`), compared exactly; on
   * loopback (`http://localhost`, `127.0.0.1`, `[::1]`) any port matches (RFC 8252 §7.3).
   */
  redirectUris?: string[];
  /** Where `/oauth/logout` may send the user after signing out; compared like `redirectUris`. */
  postLogoutRedirectUris?: string[];
}

/** Every scope the weather API knows. */
export const SCOPES = ['weather:read', 'weather:write'] as const;

/**
 * The OpenID Connect scopes: any client that signs users in may ask for them. `openid` brings an ID
 * token, `profile` the name claims, `offline_access` a refresh token with the authorization code.
 */
export const OPENID_SCOPES = ['openid', 'profile', 'offline_access'] as const;

/**
 * The demo identities, the same in tests, the sample app and the HTTP server:
 * `demo`/`demo` may read and write, `viewer`/`viewer` may only read; `weather-web` is a public
 * client that signs users in with the authorization code (PKCE) or the password grant and may come
 * back to `/callback` on any loopback port; `weather-service`/`weather-service-secret` is a
 * confidential one for `client_credentials`.
 */
export const demoIdentities = {
  users: [
    {
      username: 'demo',
      password: 'demo',
      name: 'Demo User',
      scope: ['weather:read', 'weather:write'],
      favorites: ['oslo', 'london', 'tokyo'],
    },
    {
      username: 'viewer',
      password: 'viewer',
      name: 'Read-only Viewer',
      scope: ['weather:read'],
      favorites: ['new-york', 'paris'],
    },
  ],
  clients: [
    {
      clientId: 'weather-web',
      grants: ['authorization_code', 'password', 'refresh_token'],
      scope: [...SCOPES],
      redirectUris: ['http://localhost/callback', 'http://127.0.0.1/callback'],
      postLogoutRedirectUris: ['http://localhost/', 'http://127.0.0.1/'],
    },
    {
      clientId: 'weather-service',
      clientSecret: 'weather-service-secret',
      grants: ['client_credentials'],
      scope: ['weather:read'],
    },
  ],
} as const satisfies { users: readonly MockUser[]; clients: readonly MockClient[] };

/** How long an authorization code can be exchanged, in seconds: single use within that. */
export const AUTHORIZATION_CODE_TTL = 60;

/** How long a sign-in may take on the login page before the authorization request expires, in seconds. */
export const AUTHORIZATION_REQUEST_TTL = 600;

/** Token lifetimes in seconds, unless the options or the controller say otherwise: an hour for access tokens, two weeks for refresh tokens. */
export const defaultTokenLifetimes = { accessToken: 3600, refreshToken: 14 * 86_400 } as const;
