import { isAuthError } from '@org/client';
import { demoIdentities } from '@org/mock-api';
import { useSession } from '@org/react';
import { useState } from 'react';
import { useDemo } from '../demo.js';

/** The mock API's demo users, with what each may do (one list: @org/mock-api's). */
const DEMO_USERS = demoIdentities.users.map(({ username, password, scope }) => ({
  username,
  password,
  note: (scope as readonly string[]).includes('weather:write')
    ? 'reads and edits favorites'
    : 'read-only',
}));

/** Why a sign-in did not finish, in the user's words. */
function reasonOf(failure: unknown): string {
  if (isAuthError(failure)) {
    if (failure.code === 'popup_closed')
      return 'The sign-in window was closed before you signed in.';
    if (failure.code === 'popup_blocked')
      return 'The browser blocked the sign-in window: allow pop-ups for this page and try again.';
    if (failure.code === 'access_denied') return 'You cancelled the sign-in.';
  }
  return `Could not sign in: ${failure instanceof Error ? failure.message : String(failure)}`;
}

/**
 * The sign-in screen: the provider's own page (authorization code flow with PKCE), so the app never
 * sees the password. Against a real API the whole tab goes there and comes back; the in-page mock's
 * provider lives in this page, so its page opens in a popup instead.
 */
export function SignIn() {
  const { status, signInWithRedirect, signInWithPopup } = useSession();
  const { mock, signInError } = useDemo();
  const [error, setError] = useState(signInError);
  const [busy, setBusy] = useState(false);
  const go = async () => {
    setBusy(true);
    setError(undefined);
    try {
      if (mock) await signInWithPopup();
      else await signInWithRedirect({ returnTo: location.href });
    } catch (failure) {
      setError(reasonOf(failure));
      setBusy(false);
    }
  };
  return (
    <section className="sign-in" aria-labelledby="sign-in-title">
      <h2 id="sign-in-title">Sign in</h2>
      {status === 'expired' && (
        <p className="notice">Your session expired. Please sign in again.</p>
      )}
      <p>
        You sign in on the weather service’s own page
        {mock ? ', in a window that closes when you are done.' : ', then come back here.'}
      </p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <button type="button" className="primary" disabled={busy} onClick={() => void go()}>
        {busy ? 'Waiting for the sign-in page…' : 'Sign in'}
      </button>
      <DemoAccounts />
    </section>
  );
}

/** The demo accounts, to type on the provider's sign-in page. */
function DemoAccounts() {
  return (
    <div className="demo-credentials">
      <p>Demo accounts:</p>
      <ul>
        {DEMO_USERS.map((user) => (
          <li key={user.username}>
            <code>{user.username}</code> / <code>{user.password}</code>{' '}
            <span className="muted">{user.note}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
