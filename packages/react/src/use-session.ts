import type {
  Client,
  LogoutOptions,
  PasswordCredentials,
  PopupSignInOptions,
  RedirectCallbackResult,
  SessionState,
  SignInOptions,
  TokenInput,
} from '@org/client';
import { useMemo, useRef } from 'react';
import { useClient } from './client-context.js';
import { sessionKey } from './use-authed-query-options.js';
import { useSessionSnapshot } from './use-session-snapshot.js';

/** What `useSession()` returns: the session's state and what to do with it. */
export interface SessionView extends SessionState {
  /** Signs in through the provider's page (authorization code flow): the page navigates there. */
  signInWithRedirect(options?: SignInOptions): Promise<void>;
  /** The same sign-in in a popup; call it from a click. Resolves once signed in. */
  signInWithPopup(options?: PopupSignInOptions): Promise<void>;
  /** On the redirect URI's route: completes the sign-in (safe to call twice, as StrictMode does). */
  handleRedirectCallback(url?: string | URL): Promise<RedirectCallbackResult>;
  /** Password grant (legacy). */
  login(credentials: PasswordCredentials): Promise<void>;
  logout(options?: LogoutOptions): Promise<void>;
  refresh(): Promise<void>;
  setTokens(tokens: TokenInput): Promise<void>;
}

/** The state fields a view exposes; reading one makes the component re-render when it changes. */
const FIELDS = ['status', 'expiresAt', 'scope', 'claims', 'user'] as const;
type Field = (typeof FIELDS)[number];

function view(client: Client, read: Set<Field>): SessionView {
  const { session } = client;
  const result = {
    signInWithRedirect: (options?: SignInOptions) => session.signInWithRedirect(options),
    signInWithPopup: (options?: PopupSignInOptions) => session.signInWithPopup(options),
    handleRedirectCallback: (url?: string | URL) => session.handleRedirectCallback(url),
    login: (credentials: PasswordCredentials) => session.login(credentials),
    logout: (options?: LogoutOptions) => session.logout(options),
    refresh: () => session.refresh(),
    setTokens: (tokens: TokenInput) => session.setTokens(tokens),
  } as SessionView;
  for (const field of FIELDS) {
    Object.defineProperty(result, field, {
      enumerable: true,
      get() {
        read.add(field);
        return session.getState()[field];
      },
    });
  }
  return result;
}

/**
 * What the component re-renders on: the status and the user always; the other fields once the
 * component has read them (as TanStack Query tracks the result fields a component reads).
 */
function trackedKey(state: SessionState, read: ReadonlySet<Field>): string {
  let key = sessionKey(state);
  // `status` and the user (in the claims) are in the key already; the claims' other fields change
  // with every token (`iat`, `exp`, `jti`) and are not tracked: select them for a live view.
  for (const field of read) {
    if (field === 'expiresAt' || field === 'scope' || field === 'user')
      key += `|${JSON.stringify(state[field] ?? null)}`;
  }
  return key;
}

/**
 * The provider's session. It re-renders when the status or the user changes, and when `expiresAt`
 * or `scope` change if the component has read them: read `expiresAt` and a silent refresh updates
 * it; read only `status` (or the user's claims) and silent refreshes re-render nothing. With a
 * selector it re-renders whenever the selected value changes.
 *
 * @example
 * ```tsx
 * const { status, login, logout, expiresAt } = useSession();
 * const scope = useSession((state) => state.scope);
 * ```
 */
export function useSession(): SessionView;
export function useSession<T>(select: (state: SessionState) => T): T;
export function useSession<T>(select?: (state: SessionState) => T): SessionView | T {
  const client = useClient();
  const read = useRef(new Set<Field>()).current;
  const selected = useSessionSnapshot<T | string>(
    client,
    select ?? ((state) => trackedKey(state, read)),
  );
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new view exactly when what the component reads changes
  const sessionView = useMemo(
    () => view(client, read),
    [client, read, select ? undefined : selected],
  );
  return select ? (selected as T) : sessionView;
}
