import { authorize } from '../bearer-auth.js';
import { OPENID_SCOPES, SCOPES } from '../identities.js';
import { apiError, json } from '../internal/responses.js';
import type { RouteContext } from '../internal/route.js';
import {
  escapeHtml,
  htmlPage,
  isRegisteredUri,
  issuerOf,
  seeOther,
  withParams,
} from './provider.js';

/**
 * `GET /.well-known/openid-configuration` (OpenID Connect Discovery 1.0) and
 * `GET /.well-known/oauth-authorization-server` (RFC 8414): the same metadata.
 */
export function discovery(context: RouteContext): Response {
  const issuer = issuerOf(context);
  return json(
    {
      issuer,
      authorization_endpoint: `${issuer}/oauth/authorize`,
      token_endpoint: `${issuer}/oauth/token`,
      revocation_endpoint: `${issuer}/oauth/revoke`,
      userinfo_endpoint: `${issuer}/oauth/userinfo`,
      end_session_endpoint: `${issuer}/oauth/logout`,
      jwks_uri: `${issuer}/oauth/jwks`,
      scopes_supported: [...OPENID_SCOPES, ...SCOPES],
      response_types_supported: ['code'],
      response_modes_supported: ['query', 'fragment'],
      grant_types_supported: [
        'authorization_code',
        'refresh_token',
        'password',
        'client_credentials',
      ],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['ES256'],
      token_endpoint_auth_methods_supported: ['none', 'client_secret_basic', 'client_secret_post'],
      revocation_endpoint_auth_methods_supported: [
        'none',
        'client_secret_basic',
        'client_secret_post',
      ],
      code_challenge_methods_supported: ['S256'],
      claims_supported: [
        'iss',
        'sub',
        'aud',
        'exp',
        'iat',
        'auth_time',
        'nonce',
        'azp',
        'sid',
        'name',
        'preferred_username',
      ],
      prompt_values_supported: ['none', 'login', 'consent'],
      authorization_response_iss_parameter_supported: true,
      request_parameter_supported: false,
      request_uri_parameter_supported: false,
    },
    { headers: { 'cache-control': 'public, max-age=300' } },
  );
}

/** `GET /oauth/jwks`: the public keys that verify ID tokens (RFC 7517). */
export async function jwks({ state }: RouteContext): Promise<Response> {
  return json(await state.signingKeys.jwks(), {
    headers: { 'cache-control': 'public, max-age=300' },
  });
}

/**
 * `GET|POST /oauth/userinfo` (OpenID Connect Core §5.3): the signed-in user's claims, for an access
 * token granted the `openid` scope; `name` and `preferred_username` with `profile`.
 */
export function userinfo(context: RouteContext): Response {
  const grant = authorize(context, 'openid');
  if (grant instanceof Response) return grant;
  const user = context.state.users.get(grant.sub);
  if (!user) return apiError(403, 'insufficient_scope', 'Only users have user info');
  return json(
    {
      sub: user.username,
      ...(grant.scope.includes('profile') && {
        name: user.name,
        preferred_username: user.username,
      }),
    },
    { headers: { 'cache-control': 'no-store' } },
  );
}

/**
 * `GET /oauth/logout` (OpenID Connect RP-Initiated Logout 1.0): back to `post_logout_redirect_uri`
 * with `state` when that URI is registered for the client (named by `client_id` or the
 * `id_token_hint`'s audience); otherwise a page that says the user is signed out.
 */
export function endSession(context: RouteContext): Response {
  const query = context.url.searchParams;
  const returnTo = query.get('post_logout_redirect_uri');
  const clientId = query.get('client_id') ?? audienceOf(query.get('id_token_hint'));
  const client = clientId ? context.state.clients.get(clientId) : undefined;
  if (returnTo && client && isRegisteredUri(returnTo, client.postLogoutRedirectUris)) {
    return seeOther(withParams(returnTo, { state: query.get('state') ?? undefined }));
  }
  const note = returnTo
    ? `<p class="muted">The application asked to come back to ${escapeHtml(returnTo)}, which is not registered for it, so you stay here.</p>`
    : '';
  return htmlPage(
    'Signed out · org mock API',
    `<h1>You are signed out</h1>\n<p>You can close this page.</p>\n${note}`,
  );
}

/** The `aud` of an ID token hint, read without verifying it (it only picks which URIs are registered). */
function audienceOf(idToken: string | null): string | undefined {
  const payload = idToken?.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(atob(payload.replaceAll('-', '+').replaceAll('_', '/'))) as {
      aud?: unknown;
    };
    return typeof claims.aud === 'string' ? claims.aud : undefined;
  } catch {
    return undefined;
  }
}
