import type { PasswordCredentials } from '../session.js';
import { requestTokens, type TokenClientConfig } from '../token-endpoint.js';
import type { TokenSource } from '../token-source.js';

/** The resource owner password grant (RFC 6749 §4.3): legacy, for first-party apps only. */
export function passwordGrant(
  config: TokenClientConfig,
  { username, password, scope }: PasswordCredentials,
  defaultScope: string | undefined,
): TokenSource {
  const requested = (Array.isArray(scope) ? scope.join(' ') : scope) || defaultScope;
  return {
    canObtain: () => true,
    obtain: (_, signal) =>
      requestTokens(
        config,
        { grant_type: 'password', username, password, ...(requested && { scope: requested }) },
        signal,
      ),
  };
}
