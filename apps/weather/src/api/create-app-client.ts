import { createClient, memoryStorage, oauth2, webStorage } from '@org/client';

/** The scopes the app asks for: the user's name from the ID token, offline refresh, the weather. */
const SCOPE = 'openid profile offline_access weather:read weather:write';

/**
 * The app's client: the public demo client, signing users in on the provider's page with the
 * authorization code flow and PKCE (`redirectUri` is where the provider sends them back), tokens
 * revoked at sign-out. Against a real API (the mock's HTTP server is an OpenID provider too) the
 * session lives in localStorage and every tab shares it (`crossTab`); on the in-page mock, whose
 * state lives in this page and would not survive a reload, it stays in memory.
 */
export function createAppClient(
  baseUrl: string,
  { shareAcrossTabs = false, redirectUri }: { shareAcrossTabs?: boolean; redirectUri: string },
) {
  return createClient({
    baseUrl,
    // TanStack Query does the retrying in the UI; see @org/react.
    retry: 0,
    auth: oauth2({
      issuer: baseUrl,
      redirectUri,
      scope: SCOPE,
      clientId: 'weather-web',
      storage: shareAcrossTabs ? webStorage(localStorage, 'weather.session') : memoryStorage(),
      crossTab: shareAcrossTabs,
    }),
  });
}
