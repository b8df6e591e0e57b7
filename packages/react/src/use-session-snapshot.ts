import type { Client, SessionState } from '@org/client';
import { useCallback, useRef, useSyncExternalStore } from 'react';

/**
 * Subscribes to a client's session and returns `select(state)`, re-rendering only when that value
 * changes (by `Object.is`): a selector that reads only the status ignores silent refreshes.
 */
export function useSessionSnapshot<T>(client: Client, select: (state: SessionState) => T): T {
  const cache = useRef<{ state: SessionState; value: T } | undefined>(undefined);
  const subscribe = useCallback(
    (onChange: () => void) => client.session.subscribe(onChange),
    [client],
  );
  const getSnapshot = () => {
    const state = client.session.getState();
    if (cache.current?.state !== state) cache.current = { state, value: select(state) };
    return cache.current.value;
  };
  return useSyncExternalStore(subscribe, getSnapshot, getSnapshot);
}
