import { isAuthError } from '@org/client';
import { demoIdentities } from '@org/mock-api';
import { useSession } from '@org/react';
import { type FormEvent, useRef, useState } from 'react';
import { useDemo } from '../demo.js';

/** The mock API's demo users, with what each may do (one list: @org/mock-api's). */
const DEMO_USERS = demoIdentities.users.map(({ username, password, scope }) => ({
  username,
  password,
  note: (scope as readonly string[]).includes('weather:write')
    ? 'reads and edits favorites'
    : 'read-only',
}));

/** The sign-in screen: the provider's page against a real API, the password form on the in-page mock. */
export function SignIn() {
  const { mock } = useDemo();
  return mock ? <PasswordSignIn /> : <ProviderSignIn />;
}

/** Sign-in on the provider's own page (authorization code flow with PKCE): the app never sees the password. */
function ProviderSignIn() {
  const { status, signInWithRedirect } = useSession();
  const { signInError } = useDemo();
  const [error, setError] = useState(signInError);
  const [busy, setBusy] = useState(false);
  const go = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await signInWithRedirect({ returnTo: location.href });
    } catch (failure) {
      setError(
        `Could not start the sign-in: ${failure instanceof Error ? failure.message : String(failure)}`,
      );
      setBusy(false);
    }
  };
  return (
    <section className="sign-in" aria-labelledby="sign-in-title">
      <h2 id="sign-in-title">Sign in</h2>
      {status === 'expired' && (
        <p className="notice">Your session expired. Please sign in again.</p>
      )}
      <p>You sign in on the weather service’s own page, then come back here.</p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <button type="button" className="primary" disabled={busy} onClick={() => void go()}>
        {busy ? 'Opening the sign-in page…' : 'Sign in'}
      </button>
      <DemoAccounts />
    </section>
  );
}

/** The demo accounts, to type on whichever sign-in page shows. */
function DemoAccounts({ pick }: { pick?: (user: (typeof DEMO_USERS)[number]) => void }) {
  return (
    <div className="demo-credentials">
      <p>Demo accounts:</p>
      <ul>
        {DEMO_USERS.map((user) => (
          <li key={user.username}>
            {pick ? (
              <button type="button" className="link" onClick={() => pick(user)}>
                <code>{user.username}</code> / <code>{user.password}</code>
              </button>
            ) : (
              <span>
                <code>{user.username}</code> / <code>{user.password}</code>
              </span>
            )}{' '}
            <span className="muted">{user.note}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * The password form, for the in-page mock: its provider lives in this page, which a sign-in page
 * would replace (see the README).
 */
function PasswordSignIn() {
  const { status, login } = useSession();
  const [username, setUsername] = useState('demo');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const passwordInput = useRef<HTMLInputElement>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await login({ username, password });
    } catch (failure) {
      setError(
        isAuthError(failure) && failure.code === 'invalid_credentials'
          ? 'Wrong username or password.'
          : `Could not sign in: ${failure instanceof Error ? failure.message : String(failure)}`,
      );
      // Back to the password (the submit button was disabled while busy, so focus had left it).
      passwordInput.current?.focus();
      passwordInput.current?.select();
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="sign-in" aria-labelledby="sign-in-title">
      <h2 id="sign-in-title">Sign in</h2>
      {status === 'expired' && (
        <p className="notice">Your session expired. Please sign in again.</p>
      )}
      <form onSubmit={submit}>
        <label>
          Username
          <input
            name="username"
            autoComplete="username"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            required
          />
        </label>
        <label>
          Password
          <input
            name="password"
            ref={passwordInput}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'sign-in-error' : undefined}
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
        </label>
        {error && (
          <p role="alert" className="error" id="sign-in-error">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <DemoAccounts
        pick={(user) => {
          setUsername(user.username);
          setPassword(user.password);
        }}
      />
    </section>
  );
}
