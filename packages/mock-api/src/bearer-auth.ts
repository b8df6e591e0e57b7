import { apiError } from './internal/responses.js';
import type { RouteContext } from './internal/route.js';
import type { Grant } from './oauth/token-store.js';

const REALM = 'realm="weather-api"';

/**
 * RFC 6750 access control for a resource route: 401 with a `WWW-Authenticate: Bearer` challenge for
 * a missing, invalid, expired or revoked token; 403 `insufficient_scope` naming the scope needed;
 * 429 with `Retry-After` past the per-token rate limit. Returns the token's grant when allowed.
 */
export function authorize({ bearer, state }: RouteContext, scope?: string): Grant | Response {
  if (bearer.malformed) {
    return apiError(400, 'invalid_request', 'The Authorization header must be "Bearer <token>"', {
      'www-authenticate': `Bearer ${REALM}, error="invalid_request"`,
    });
  }
  if (bearer.status === 'none' || !bearer.token) {
    return apiError(401, 'unauthorized', 'A bearer token is required', {
      'www-authenticate': `Bearer ${REALM}`,
    });
  }
  if (bearer.status !== 'valid' || !bearer.grant) {
    const description =
      bearer.status === 'expired'
        ? 'The access token expired'
        : bearer.status === 'revoked'
          ? 'The access token was revoked'
          : 'The access token is invalid';
    return apiError(401, 'invalid_token', description, {
      'www-authenticate': `Bearer ${REALM}, error="invalid_token", error_description="${description}"`,
    });
  }
  if (scope && !bearer.grant.scope.includes(scope)) {
    return apiError(403, 'insufficient_scope', `This request needs the "${scope}" scope`, {
      'www-authenticate': `Bearer ${REALM}, error="insufficient_scope", scope="${scope}"`,
    });
  }
  const retryAfter = state.rateLimiter.check(bearer.token, state.clock.now());
  if (retryAfter !== undefined) {
    return apiError(429, 'rate_limited', 'Too many requests for this token', {
      'retry-after': String(retryAfter),
    });
  }
  return bearer.grant;
}
