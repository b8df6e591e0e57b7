import { requestTokens, type TokenEndpoint } from '../token-endpoint.js';
import type { TokenSource } from '../token-source.js';

/** The client credentials grant (RFC 6749 §4.4): a service's own tokens, on demand, no sign-in. */
export function clientCredentialsGrant(
  config: TokenEndpoint,
  scope: string | undefined,
): TokenSource {
  return {
    canObtain: () => true,
    obtain: (_, signal) =>
      requestTokens(config, { grant_type: 'client_credentials', ...(scope && { scope }) }, signal),
  };
}
