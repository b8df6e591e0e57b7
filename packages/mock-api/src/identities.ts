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
  grants: Array<'password' | 'refresh_token' | 'client_credentials'>;
  /** Scopes the client may request; for `client_credentials`, the default scope. */
  scope: string[];
}

/** Every scope the weather API knows. */
export const SCOPES = ['weather:read', 'weather:write'] as const;

/**
 * The demo identities, the same in tests, the sample app and the HTTP server:
 * `demo`/`demo` may read and write, `viewer`/`viewer` may only read; `weather-web` is a public
 * client for the password grant, `weather-service`/`weather-service-secret` a confidential one for
 * `client_credentials`.
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
    { clientId: 'weather-web', grants: ['password', 'refresh_token'], scope: [...SCOPES] },
    {
      clientId: 'weather-service',
      clientSecret: 'weather-service-secret',
      grants: ['client_credentials'],
      scope: ['weather:read'],
    },
  ],
} as const satisfies { users: readonly MockUser[]; clients: readonly MockClient[] };

/** Token lifetimes in seconds, unless the options or the controller say otherwise: an hour for access tokens, two weeks for refresh tokens. */
export const defaultTokenLifetimes = { accessToken: 3600, refreshToken: 14 * 86_400 } as const;
