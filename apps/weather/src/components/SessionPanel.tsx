import { useAuthedQuery, useSession } from '@org/react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { me } from '../api/endpoints.js';
import { useDemo } from '../demo.js';
import { useNow } from '../hooks/use-now.js';
import { useRefreshStats } from '../hooks/use-refresh-stats.js';
import { ActivityStrip } from './ActivityStrip.js';
import { countdown } from './format.js';

/** Phones get the panel collapsed, so the weather fills the first screen. */
const isPhone = () =>
  typeof window !== 'undefined' && window.matchMedia?.('(max-width: 760px)').matches;

/** The token session made visible: who, expiry countdown, refreshes, and the demo's controls. */
export function SessionPanel() {
  const { logout, user: signedIn } = useSession();
  const expiresAt = useSession((state) => state.expiresAt);
  const { data: user } = useAuthedQuery(me);
  const { mock } = useDemo();
  const now = useNow();
  const refreshes = useRefreshStats();
  const queryClient = useQueryClient();
  const [open] = useState(() => !isPhone());
  /** Where the mock's request log stood when "Expire token now" was pressed. */
  const [expiredAt, setExpiredAt] = useState<number | undefined>();

  const expireNow = () => {
    if (!mock) return;
    setExpiredAt(mock.requests.length);
    mock.expireAccessTokens();
    // Ask for fresh data at once: the API answers 401, and the SDK refreshes and replays.
    void queryClient.invalidateQueries();
  };

  return (
    <aside className="session" aria-label="Session">
      <details open={open}>
        <summary>
          <h2>Session</h2>
          <span className="muted summary-expiry">{countdown(expiresAt, now)}</span>
        </summary>
        <dl>
          <div>
            <dt>Signed in as</dt>
            <dd data-testid="user">
              {signedIn?.name
                ? `${String(signedIn.name)} (${String(signedIn.sub)}, from the ID token)`
                : user
                  ? `${user.name} (${user.sub})`
                  : '…'}
            </dd>
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
            <dd>
              {refreshes.lastAt ? new Date(refreshes.lastAt).toLocaleTimeString() : 'not yet'}
            </dd>
          </div>
          <div>
            <dt>Permissions</dt>
            <dd>{user?.scope.join(', ') ?? '…'}</dd>
          </div>
        </dl>
      </details>
      {/* Outside the details: signing out is one tap away, collapsed or not. */}
      <div className="row">
        {mock && (
          <button type="button" onClick={expireNow}>
            Expire token now
          </button>
        )}
        <button
          type="button"
          // Against a real provider, end its session too and come back to the app. The in-page
          // mock keeps no sign-in session, and leaving the page would end the mock itself.
          onClick={() =>
            void logout(
              signedIn && !mock
                ? { endSession: true, returnTo: new URL('./', document.baseURI).href }
                : {},
            )
          }
        >
          Sign out
        </button>
      </div>
      {mock && expiredAt !== undefined && <ActivityStrip mock={mock} since={expiredAt} />}
    </aside>
  );
}
