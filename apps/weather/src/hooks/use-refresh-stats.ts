import { useClient } from '@org/react';
import { useEffect, useState } from 'react';

/** How many silent token refreshes this tab has seen, and when the last one happened. */
export function useRefreshStats(): { count: number; lastAt: number | undefined } {
  const client = useClient();
  const [stats, setStats] = useState<{ count: number; lastAt: number | undefined }>({
    count: 0,
    lastAt: undefined,
  });
  useEffect(
    () =>
      client.session.subscribe((event) => {
        if (event.type === 'refresh')
          setStats((previous) => ({ count: previous.count + 1, lastAt: Date.now() }));
        if (event.type === 'logout' || event.type === 'login')
          setStats({ count: 0, lastAt: undefined });
      }),
    [client],
  );
  return stats;
}
