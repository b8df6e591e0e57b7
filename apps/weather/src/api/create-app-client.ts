import { createClient, memoryStorage, oauth2, webStorage } from '@org/client';

/** The scopes the app asks for: the user's name from the ID token, offline refresh, the weather. */
const SCOPE = 'openid profile offline_access weather:read weather:write';

/**
 * The app's client: the public demo client, tokens revoked at sign-out. Against a real API (the
 * mock's HTTP server is an OpenID provider too) users sign in on the provider's page with the
 * authorization code flow and PKCE, and come back to `redirectUri`; the session lives in
 * localStorage and is shared by every tab (`crossTab`). On the in-page mock, whose state lives in
 * this page and is gone once the page navigates to a sign-in page, the app signs in with the
 * password grant and keeps the session in memory.
 */
export function createAppClient(
  baseUrl: string,
  {
    shareAcrossTabs = false,
    redirectUri,
  }: { shareAcrossTabs?: boolean; redirectUri?: string | undefined } = {},
) {
  return createClient({
    baseUrl,
    // TanStack Query does the retrying in the UI; see @org/react.
    retry: 0,
    auth: oauth2({
      ...(redirectUri
        ? { issuer: baseUrl, redirectUri, scope: SCOPE }
        : { tokenUrl: '/oauth/token', revokeUrl: '/oauth/revoke' }),
      clientId: 'weather-web',
      storage: shareAcrossTabs ? webStorage(localStorage, 'weather.session') : memoryStorage(),
      crossTab: shareAcrossTabs,
    }),
  });
}
