import { isAuthError } from '@org/client';
import { useSession } from '@org/react';
import { type FormEvent, useState } from 'react';

const DEMO_USERS = [
  { username: 'demo', password: 'demo', note: 'reads and edits favorites' },
  { username: 'viewer', password: 'viewer', note: 'read-only' },
];

/** The sign-in screen, with the demo credentials on show. */
export function SignIn() {
  const { status, login } = useSession();
  const [username, setUsername] = useState('demo');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

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
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
        </label>
        {error && (
          <p role="alert" className="error">
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
