import { useSession } from '@org/react';
import { Dashboard } from './components/Dashboard.js';
import { OfflineBanner } from './components/OfflineBanner.js';
import { SignIn } from './components/SignIn.js';
import { useDemo } from './demo.js';

/** The whole app: sign-in, or the dashboard once signed in. */
export function App() {
  const { status } = useSession();
  const { mock, apiUrl } = useDemo();
  return (
    <div className="app">
      <header className="top">
        <h1>
          <span aria-hidden="true">⛅</span> Weather
        </h1>
        <p className="muted">Live data through @org/react, with token refreshes you can watch.</p>
      </header>
      <OfflineBanner />
      <main>{status === 'authenticated' ? <Dashboard /> : <SignIn />}</main>
      <footer className="muted">
        {mock ? 'Mock API in this browser (no backend)' : `API: ${apiUrl}`} · built with @org/client
        and @org/react
      </footer>
    </div>
  );
}
