import { SecretSet } from '../../internal/redact.js';
import type { PasswordCredentials } from '../session.js';
import { requestTokens, type TokenEndpoint } from '../token-endpoint.js';
import type { TokenSource } from '../token-source.js';

/** The resource owner password grant (RFC 6749 §4.3): legacy, for first-party apps only. */
export function passwordGrant(
  config: TokenEndpoint,
  { username, password, scope }: PasswordCredentials,
  defaultScope: string | undefined,
): TokenSource {
  const requested = (Array.isArray(scope) ? scope.join(' ') : scope) || defaultScope;
  // The password is redacted from errors while the sign-in runs, and for a while after.
  const secrets = new SecretSet();
  secrets.hold(password);
  return {
    canObtain: () => true,
    async obtain(_, signal) {
      try {
        return await requestTokens(
          config,
          { grant_type: 'password', username, password, ...(requested && { scope: requested }) },
          signal,
        );
      } finally {
        secrets.release(password);
      }
    },
  };
}
