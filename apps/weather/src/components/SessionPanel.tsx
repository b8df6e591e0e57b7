import { useAuthedQuery, useSession } from '@org/react';
import { useQueryClient } from '@tanstack/react-query';
import { me } from '../api/endpoints.js';
import { useDemo } from '../demo.js';
import { useNow } from '../hooks/use-now.js';
import { useRefreshStats } from '../hooks/use-refresh-stats.js';
import { countdown } from './format.js';

/** The token session made visible: who, expiry countdown, refreshes, and the demo's controls. */
export function SessionPanel() {
  const { logout } = useSession();
  const expiresAt = useSession((state) => state.expiresAt);
  const { data: user } = useAuthedQuery(me);
  const { mock } = useDemo();
  const now = useNow();
  const refreshes = useRefreshStats();
  const queryClient = useQueryClient();

  const expireNow = () => {
    mock?.expireAccessTokens();
    // Ask for fresh data at once: the API answers 401, and the SDK refreshes and replays.
    void queryClient.invalidateQueries();
  };

  return (
    <aside className="session" aria-label="Session">
      <h2>Session</h2>
      <dl>
        <div>
          <dt>Signed in as</dt>
          <dd data-testid="user">{user ? `${user.name} (${user.sub})` : '…'}</dd>
        </div>
        <div>
          <dt>Access token expires</dt>
          <dd data-testid="expiry">{countdown(expiresAt, now)}</dd>
        </div>
        <div>
          <dt>Token refreshes</dt>
          <dd data-testid="refresh-count">{refreshes.count}</dd>
        </div>
        <div>
          <dt>Last refresh</dt>
          <dd>{refreshes.lastAt ? new Date(refreshes.lastAt).toLocaleTimeString() : 'not yet'}</dd>
        </div>
        <div>
          <dt>Permissions</dt>
          <dd>{user?.scope.join(', ') ?? '…'}</dd>
        </div>
      </dl>
      <div className="row">
        {mock && (
          <button type="button" onClick={expireNow}>
            Expire token now
          </button>
        )}
        <button type="button" onClick={() => void logout()}>
          Sign out
        </button>
      </div>
    </aside>
  );
}
