import { QueryClient } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createAppClient } from './api/create-app-client.js';
import { type Demo, demoSettings } from './demo.js';
import { Root } from './Root.js';
import './styles.css';

/** Where the provider sends the browser back after a sign-in: `callback` beside the app. */
const REDIRECT_URI = new URL('callback', document.baseURI).href;
/**
 * This tab's demo settings (`?api=…&poll=…`), kept for the pages the provider sends it back to (the
 * callback, the page after signing out), whose addresses carry none.
 */
const SETTINGS_KEY = 'weather.search';

async function start() {
  const isCallback = location.href.split(/[?#]/)[0] === REDIRECT_URI;
  if (location.search && !isCallback) sessionStorage.setItem(SETTINGS_KEY, location.search);
  const settings = demoSettings(
    location.search && !isCallback ? location.search : (sessionStorage.getItem(SETTINGS_KEY) ?? ''),
  );
  const realApi = settings.api ?? (import.meta.env.VITE_API_URL as string | undefined);
  const apiUrl = realApi ?? new URL('api', document.baseURI).toString().replace(/\/$/, '');
  if (isCallback && !realApi && window.opener) {
    // The in-page mock's sign-in popup, back from its login page: the mock runs in the page that
    // opened it, so hand the answer over to that page (which closes this one); start nothing here.
    await createAppClient(apiUrl, { redirectUri: REDIRECT_URI }).session.handleRedirectCallback();
    return;
  }
  let demo: Demo;
  if (realApi) {
    demo = { mock: undefined, pollMs: settings.pollMs, apiUrl };
  } else {
    // No backend: the mock API runs in this page, behind a Service Worker; it is the provider too,
    // whose login page opens in a popup of this page (a navigation away would end the mock).
    const { setupMockApiWorker } = await import('@org/mock-api/browser');
    const { worker, controller } = setupMockApiWorker({
      baseUrl: apiUrl,
      accessTokenTtl: settings.accessTokenTtl,
      latency: 120,
    });
    await worker.start({
      quiet: true,
      onUnhandledFrame: 'bypass',
      serviceWorker: { url: new URL('mockServiceWorker.js', document.baseURI).pathname },
    });
    demo = { mock: controller, pollMs: settings.pollMs, apiUrl };
  }

  const client = createAppClient(demo.apiUrl, {
    shareAcrossTabs: realApi !== undefined,
    redirectUri: REDIRECT_URI,
  });
  if (isCallback) {
    // Back from the provider's sign-in page: complete the sign-in, then return where it started.
    try {
      const { returnTo } = await client.session.handleRedirectCallback();
      history.replaceState(null, '', returnTo ?? './');
    } catch (error) {
      demo.signInError = error instanceof Error ? error.message : String(error);
      history.replaceState(null, '', `./${sessionStorage.getItem(SETTINGS_KEY) ?? ''}`);
    }
  }
  if (settings.debug) {
    // For end-to-end tests: which access token (by its id claim, never the token) this tab holds.
    Object.assign(window, { weatherSessionId: () => client.session.getState().claims?.jti });
  }
  const queryClient = new QueryClient({
    defaultOptions: { queries: { staleTime: 5_000, retry: 2 } },
  });
  const container = document.getElementById('root');
  if (!container) throw new Error('index.html has no #root element');
  createRoot(container).render(
    <StrictMode>
      <Root client={client} queryClient={queryClient} demo={demo} />
    </StrictMode>,
  );
}

void start();
