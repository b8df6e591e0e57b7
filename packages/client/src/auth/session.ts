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

/** A token session: signs in and out, hands out valid access tokens and reports what happens. */
export interface Session {
  /** Signs in with the OAuth2 password grant. Rejects with `AuthError` (`invalid_credentials`) for a wrong password. */
  login(credentials: PasswordCredentials): Promise<void>;
  /** Starts a session from tokens obtained elsewhere. */
  setTokens(tokens: TokenInput): Promise<void>;
  /** A valid access token, refreshed first when it is about to expire. Rejects with `AuthError` when there is no session. */
  getAccessToken(options?: { signal?: AbortSignal }): Promise<string>;
  /** Refreshes now, sharing any refresh already in flight. */
  refresh(): Promise<void>;
  /** Signs out: revokes the tokens where a revocation endpoint is set, clears storage, ends pending refreshes. Local state is cleared even if revocation fails. */
  logout(): Promise<void>;
  /** The current state; the same object until it changes. */
  getState(): SessionState;
  /** Calls `listener` on every event; returns the function that unsubscribes. */
  subscribe(listener: (event: SessionEvent) => void): () => void;
}
