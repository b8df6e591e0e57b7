import { useOnline } from '../hooks/use-online.js';

/** Says so when the browser is offline; the data on screen stays, marked as possibly stale. */
export function OfflineBanner() {
  const online = useOnline();
  if (online) return null;
  return (
    <div role="status" className="offline">
      You are offline. Showing the last data received; it will refresh when you are back online.
    </div>
  );
}
