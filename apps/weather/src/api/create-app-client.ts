import { createClient, oauth2 } from '@org/client';

/** The app's client: the public demo client, tokens in memory, revoked at sign-out. */
export function createAppClient(baseUrl: string) {
  return createClient({
    baseUrl,
    // TanStack Query does the retrying in the UI; see @org/react.
    retry: 0,
    auth: oauth2({ tokenUrl: '/oauth/token', revokeUrl: '/oauth/revoke', clientId: 'weather-web' }),
  });
}
