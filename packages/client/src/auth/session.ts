import type { ApiError } from '../errors/api-error.js';

/** Whether a session has tokens: `expired` means the token server rejected the refresh token and a new sign-in is needed. */
export type SessionStatus = 'anonymous' | 'authenticated' | 'expired';

/** A snapshot of a session. The same object is returned until something changes, so it suits `useSyncExternalStore`. */
export interface SessionState {
  status: SessionStatus;
  /** When the access token expires, ms since the epoch on this machine's clock. */
  expiresAt?: number;
  /** Scopes granted to the access token. */
  scope?: string[];
  /** Claims of a JWT access token, decoded but NOT verified: for display only, never for decisions. */
  claims?: Record<string, unknown>;
  /** The signed-in user: the ID token's claims (`sub`, `name`, `email`, …), validated at sign-in (OpenID Connect). */
  user?: Record<string, unknown>;
}

/** What happened to a session. */
export type SessionEventType = 'login' | 'refresh' | 'logout' | 'expired' | 'refresh-error';

/** An event from `session.subscribe`: its type, the state after it and, for `refresh-error` and `expired`, the error. */
export interface SessionEvent {
  type: SessionEventType;
  state: SessionState;
  error?: ApiError | undefined;
}

/** Tokens obtained some other way (an authorization-code flow, a native bridge, a server render). */
export interface TokenInput {
  accessToken: string;
  refreshToken?: string;
  /** Lifetime in seconds from now. */
  expiresIn?: number;
  /** Absolute expiry: a Date, or ms since the epoch on the server's clock. */
  expiresAt?: Date | number;
  /** Granted scopes, as a space-separated string or a list. */
  scope?: string | string[];
}

/** The password grant's credentials. */
export interface PasswordCredentials {
  username: string;
  password: string;
  /** Scopes to ask for, space-separated or a list; default: whatever the server grants. */
  scope?: string | string[];
}

/** Options of a sign-in through the provider (authorization code flow). */
export interface SignInOptions {
  /** Scopes to ask for, space-separated or a list; default: `oauth2({ scope })`. */
  scope?: string | string[];
  /** Where the app goes after the sign-in: given back by `handleRedirectCallback()`. */
  returnTo?: string;
  /** `none` (no interaction: fails with `login_required` if the user must act), `login`, `consent`, `select_account`. */
  prompt?: string;
  /** Fills in the provider's username field. */
  loginHint?: string;
  /** Authentication context classes asked for (`acr_values`), space-separated. */
  acrValues?: string;
  /** Longest time since the user last authenticated, in seconds; checked against the ID token's `auth_time`. */
  maxAge?: number;
  /** Extra authorization parameters (`audience`, `ui_locales`, …); the flow's own (`state`, `nonce`, …) cannot be replaced. */
  params?: Record<string, string>;
}

/** Options of `signInWithPopup()`. */
export interface PopupSignInOptions extends SignInOptions {
  /** A window you opened yourself (`window.open('', …)` in a click handler); default: one opened by the call. */
  popup?: Window;
}

/** What `handleRedirectCallback()` gives back. */
export interface RedirectCallbackResult {
  /** The `returnTo` the sign-in was started with. */
  returnTo?: string | undefined;
}

/** Options of `logout()`. */
export interface LogoutOptions {
  /** Also end the provider's session (OpenID RP-initiated logout): the page navigates to the provider. */
  endSession?: boolean;
  /** Where the provider sends the browser back after `endSession` (a registered post-logout URI; relative to the redirect URI). */
  returnTo?: string;
}

/** A token session: signs in and out, hands out valid access tokens and reports what happens. */
export interface Session {
  /** Signs in with the OAuth2 password grant (legacy). Rejects with `AuthError` (`invalid_credentials`) for a wrong password. */
  login(credentials: PasswordCredentials): Promise<void>;
  /** Signs in through the provider's page: stores the sign-in, then navigates there. Needs `oauth2({ redirectUri })`. */
  signInWithRedirect(options?: SignInOptions): Promise<void>;
  /** The same sign-in in a popup window; resolves when the user is signed in. Call it from a click. */
  signInWithPopup(options?: PopupSignInOptions): Promise<void>;
  /**
   * On the redirect URI's page: completes the sign-in the callback URL (default: the page's address)
   * answers, and removes its parameters from the address bar. Idempotent for one URL. In a popup,
   * hands the URL to the opener's `signInWithPopup()` and closes the window.
   */
  handleRedirectCallback(url?: string | URL): Promise<RedirectCallbackResult>;
  /** The authorization URL of a new sign-in, without navigating (servers, CLIs, tests, native shells). */
  createAuthorizationUrl(options?: SignInOptions): Promise<{ url: URL }>;
  /** Starts a session from tokens obtained elsewhere. */
  setTokens(tokens: TokenInput): Promise<void>;
  /** A valid access token, refreshed first when it is about to expire. Rejects with `AuthError` when there is no session. */
  getAccessToken(options?: { signal?: AbortSignal }): Promise<string>;
  /** Refreshes now, sharing any refresh already in flight. */
  refresh(): Promise<void>;
  /**
   * Signs out: revokes the tokens where a revocation endpoint is set, clears storage, ends pending
   * refreshes; with `endSession`, then navigates to the provider's end-session endpoint. Local
   * state is cleared even if revocation fails.
   */
  logout(options?: LogoutOptions): Promise<void>;
  /** The current state; the same object until it changes. */
  getState(): SessionState;
  /** Calls `listener` on every event; returns the function that unsubscribes. */
  subscribe(listener: (event: SessionEvent) => void): () => void;
}
