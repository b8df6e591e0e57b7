import * as oauth from 'oauth4webapi';
import { isLoopback } from '../../internal/urls.js';
import { fromProtocolError } from './protocol-errors.js';

/** Where the provider's endpoints are: discovered from `issuer`, or named one by one. */
export interface ProviderEndpoints {
  issuer?: string | undefined;
  authorizationUrl?: string | undefined;
  tokenUrl?: string | undefined;
  revokeUrl?: string | undefined;
  endSessionUrl?: string | undefined;
  jwksUrl?: string | undefined;
}

/** How the client talks to the provider: its fetch and its per-request timeout. */
export interface ProviderContext {
  fetch: typeof fetch;
  timeout: number;
}

/**
 * oauth4webapi's options for one request to `url`: the client's fetch (so msw, interceptors and
 * tests see the request), the timeout joined with the caller's signal, and plain http allowed only
 * for loopback hosts.
 */
export function requestOptions(context: ProviderContext, url: string, signal?: AbortSignal) {
  const timeout = AbortSignal.timeout(context.timeout);
  let loopbackHttp = false;
  try {
    const parsed = new URL(url);
    loopbackHttp = parsed.protocol === 'http:' && isLoopback(parsed.hostname);
  } catch {
    // oauth4webapi reports the bad URL.
  }
  return {
    [oauth.customFetch]: (target: string, init: object) =>
      context.fetch(target, init as RequestInit),
    [oauth.allowInsecureRequests]: loopbackHttp,
    signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
  };
}

/**
 * The authorization server's metadata, read once per client: from OpenID Connect discovery, else
 * RFC 8414's well-known URL, or built from explicit endpoints (which also override discovered ones).
 * A failed discovery is not kept, so the next sign-in tries again.
 */
export function providerMetadata(
  endpoints: ProviderEndpoints,
  context: ProviderContext,
): () => Promise<oauth.AuthorizationServer> {
  let pending: Promise<oauth.AuthorizationServer> | undefined;
  const explicit = {
    ...(endpoints.authorizationUrl && { authorization_endpoint: endpoints.authorizationUrl }),
    ...(endpoints.tokenUrl && { token_endpoint: endpoints.tokenUrl }),
    ...(endpoints.revokeUrl && { revocation_endpoint: endpoints.revokeUrl }),
    ...(endpoints.endSessionUrl && { end_session_endpoint: endpoints.endSessionUrl }),
    ...(endpoints.jwksUrl && { jwks_uri: endpoints.jwksUrl }),
  };
  // No caller's signal: one caller giving up must not fail the discovery the others share.
  const discover = async (issuer: string) => {
    const url = new URL(issuer);
    let lastError: unknown;
    for (const algorithm of ['oidc', 'oauth2'] as const) {
      try {
        const response = await oauth.discoveryRequest(url, {
          algorithm,
          ...requestOptions(context, issuer),
        });
        // RFC 8414's document lives elsewhere: a provider without OpenID discovery answers 404.
        if (response.status === 404 && algorithm === 'oidc') continue;
        return { ...(await oauth.processDiscoveryResponse(url, response)), ...explicit };
      } catch (error) {
        lastError = error;
        break;
      }
    }
    throw fromProtocolError(lastError, {
      step: 'discovery',
      request: { method: 'GET', url: issuer },
    });
  };
  return () => {
    if (!endpoints.issuer) return Promise.resolve({ issuer: '', ...explicit });
    pending ??= discover(endpoints.issuer).catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}
