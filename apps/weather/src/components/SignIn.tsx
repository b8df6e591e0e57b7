import { isAuthError } from '@org/client';
import { demoIdentities } from '@org/mock-api';
import { useSession } from '@org/react';
import { type FormEvent, useRef, useState } from 'react';

/** The mock API's demo users, with what each may do (one list: @org/mock-api's). */
const DEMO_USERS = demoIdentities.users.map(({ username, password, scope }) => ({
  username,
  password,
  note: (scope as readonly string[]).includes('weather:write')
    ? 'reads and edits favorites'
    : 'read-only',
}));

/** The sign-in screen, with the demo credentials on show. */
export function SignIn() {
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
      <div className="demo-credentials">
        <p>Demo accounts:</p>
        <ul>
          {DEMO_USERS.map((user) => (
            <li key={user.username}>
              <button
                type="button"
                className="link"
                onClick={() => {
                  setUsername(user.username);
                  setPassword(user.password);
                }}
              >
                <code>{user.username}</code> / <code>{user.password}</code>
              </button>{' '}
              <span className="muted">{user.note}</span>
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}
