import { createClient, memoryStorage, oauth2, webStorage } from '@org/client';

/**
 * The app's client: the public demo client, tokens revoked at sign-out. Against a real API the
 * session lives in localStorage and is shared by every tab (`crossTab`); on the in-page mock, whose
 * state is per tab, it stays in memory.
 */
export function createAppClient(baseUrl: string, { shareAcrossTabs = false } = {}) {
  return createClient({
    baseUrl,
    // TanStack Query does the retrying in the UI; see @org/react.
    retry: 0,
    auth: oauth2({
      tokenUrl: '/oauth/token',
      revokeUrl: '/oauth/revoke',
      clientId: 'weather-web',
      storage: shareAcrossTabs ? webStorage(localStorage, 'weather.session') : memoryStorage(),
      crossTab: shareAcrossTabs,
    }),
  });
}
