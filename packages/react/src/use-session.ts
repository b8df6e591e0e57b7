import type { Client, PasswordCredentials, SessionState, TokenInput } from '@org/client';
import { useMemo } from 'react';
import { useClient } from './client-context.js';
import { sessionKey } from './use-authed-query-options.js';
import { useSessionSnapshot } from './use-session-snapshot.js';

/** What `useSession()` returns: the session's state and what to do with it. */
export interface SessionView extends SessionState {
  login(credentials: PasswordCredentials): Promise<void>;
  logout(): Promise<void>;
  refresh(): Promise<void>;
  setTokens(tokens: TokenInput): Promise<void>;
}

function view(client: Client): SessionView {
  const { session } = client;
  return {
    ...session.getState(),
    login: (credentials) => session.login(credentials),
    logout: () => session.logout(),
    refresh: () => session.refresh(),
    setTokens: (tokens) => session.setTokens(tokens),
  };
}

/**
 * The provider's session. Without a selector it re-renders when the status or the user changes, not
 * on every silent refresh (`expiresAt` is as of that render). With a selector it re-renders whenever
 * the selected value changes: `useSession((s) => s.expiresAt)` for a live expiry countdown.
 *
 * @example
 * ```tsx
 * const { status, login, logout } = useSession();
 * const expiresAt = useSession((state) => state.expiresAt);
 * ```
 */
export function useSession(): SessionView;
export function useSession<T>(select: (state: SessionState) => T): T;
export function useSession<T>(select?: (state: SessionState) => T): SessionView | T {
  const client = useClient();
  const selected = useSessionSnapshot<T | string>(client, select ?? sessionKey);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the view is rebuilt exactly when the status or user changes
  const sessionView = useMemo(() => view(client), [client, select ? undefined : selected]);
  return select ? (selected as T) : sessionView;
}
