import type { ServerClock } from '../server-clock.js';
import type { SessionStorage } from '../session-storage.js';
import { CodeFlow } from './code-flow.js';
import { type ProviderContext, type ProviderEndpoints, providerMetadata } from './provider.js';
import { BrowserSignIn, type Navigate } from './sign-in.js';

/** What the OpenID part of a client is made of (`oauth2()` puts it together). */
export interface OpenIdConfig {
  endpoints: ProviderEndpoints;
  context: ProviderContext;
  clientId: string;
  clientSecret?: string | undefined;
  /** Present for the authorization code flow. */
  redirectUri?: string | undefined;
  scope: string;
  clock: ServerClock;
  storage: SessionStorage;
  navigate?: Navigate | undefined;
}

/**
 * The OpenID part of one client: the provider's metadata (discovered once) and, with a redirect
 * URI, the code flow. This module and oauth4webapi are loaded only when a client first needs them
 * (a sign-in, a callback, discovery), so a signed-in app that only refreshes does not load them.
 */
export function openIdClient(config: OpenIdConfig) {
  const metadata = providerMetadata(config.endpoints, config.context);
  const flow = config.redirectUri
    ? new CodeFlow({ ...config, redirectUri: config.redirectUri, metadata })
    : undefined;
  const signIn = flow ? new BrowserSignIn(flow, config.navigate) : undefined;
  return { metadata, signIn, flow };
}

export type OpenIdClient = ReturnType<typeof openIdClient>;
