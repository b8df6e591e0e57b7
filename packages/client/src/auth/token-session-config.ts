import type { BrowserSignIn } from './openid/sign-in.js';
import type { ServerClock } from './server-clock.js';
import type { PasswordCredentials } from './session.js';
import type { SessionStorage } from './session-storage.js';
import type { TokenSet } from './token-endpoint.js';
import type { TokenSource } from './token-source.js';

/** What a `TokenSession` is made of, put together by `oauth2()`. */
export interface TokenSessionConfig {
  /** Renews the tokens (refresh token, client credentials); where it needs none, it also gets them on demand. */
  renewal: TokenSource;
  /** The source for a sign-in with these credentials; absent where `login()` cannot work. */
  signIn?: ((credentials: PasswordCredentials) => TokenSource) | undefined;
  /** Sign-in through the provider (authorization code flow), when the client has a redirect URI. */
  codeFlow?: (() => Promise<BrowserSignIn>) | undefined;
  /** Revokes tokens at logout, when there is a revocation endpoint. */
  revoke?: ((tokens: TokenSet) => Promise<void>) | undefined;
  /** Held for redaction for the session's whole life. */
  clientSecret?: string | undefined;
  storage: SessionStorage;
  /** Refresh this long before expiry, in ms; capped at half the token's lifetime. */
  refreshLeeway: number;
  /** Extra attempts for a renewal that failed for a passing reason. */
  refreshRetries: number;
  clock: ServerClock;
  /** Coordinate renewals and sign-outs with other tabs of this origin. */
  crossTab?: { name: string; lockTimeout: number } | undefined;
}
