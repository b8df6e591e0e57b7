import { SCOPES } from '../identities.js';
import { randomToken } from '../internal/base64url.js';
import { json, oauthError } from '../internal/responses.js';
import type { RouteContext } from '../internal/route.js';
import { authenticateClient, readForm } from './client-auth.js';
import { idToken } from './id-token.js';
import { issuerOf } from './provider.js';
import type { Grant } from './token-store.js';

const GRANTS = ['authorization_code', 'password', 'refresh_token', 'client_credentials'] as const;
type GrantType = (typeof GRANTS)[number];

/** Parses a `scope` parameter; `undefined` when absent, an error response when it asks for more than allowed. */
function requestedScope(
  form: URLSearchParams,
  allowed: readonly string[],
): string[] | undefined | Response {
  const raw = form.get('scope');
  if (raw === null) return undefined;
  const scope = raw.split(' ').filter(Boolean);
  const unknown = scope.find(
    (s) => !(SCOPES as readonly string[]).includes(s) && !allowed.includes(s),
  );
  if (unknown) return oauthError(400, 'invalid_scope', `Unknown scope "${unknown}"`);
  const excess = scope.find((s) => !allowed.includes(s));
  if (excess) return oauthError(400, 'invalid_scope', `Scope "${excess}" is not allowed here`);
  return scope;
}

const intersect = (a: readonly string[], b: readonly string[]) => a.filter((s) => b.includes(s));

/** base64url(SHA-256(verifier)): the S256 code challenge of a PKCE verifier (RFC 7636 §4.2). */
async function s256(verifier: string): Promise<string> {
  const digest = new Uint8Array(
    await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)),
  );
  let binary = '';
  for (const byte of digest) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

const PKCE_VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;

/**
 * `POST /oauth/token` (RFC 6749 §4.1.3, §4.3, §4.4, §6): authorization code with PKCE, password,
 * client_credentials and rotating refresh_token grants; an ID token with the `openid` scope.
 */
export async function tokenEndpoint(context: RouteContext): Promise<Response> {
  const { request, state, logEntry } = context;
  const form = await readForm(request);
  if (form instanceof Response) return form;

  const grantType = form.get('grant_type');
  if (grantType) logEntry.grantType = grantType;
  const refreshToken = form.get('refresh_token');
  if (grantType === 'refresh_token' && refreshToken) logEntry.refreshToken = refreshToken;

  const client = authenticateClient(request, form, state);
  if (client instanceof Response) return client;
  if (!grantType) return oauthError(400, 'invalid_request', 'grant_type is required');
  if (!GRANTS.includes(grantType as GrantType)) {
    return oauthError(400, 'unsupported_grant_type', `Grant type "${grantType}" is not supported`);
  }
  if (!client.grants.includes(grantType as GrantType)) {
    return oauthError(
      400,
      'unauthorized_client',
      `Client "${client.clientId}" may not use the ${grantType} grant`,
    );
  }

  let grant: Grant;
  let familyId: string | undefined;
  let nonce: string | undefined;
  switch (grantType as GrantType) {
    case 'authorization_code': {
      const code = form.get('code');
      if (!code) return oauthError(400, 'invalid_request', 'code is required');
      familyId = randomToken(9);
      const redemption = state.authorizations.redeem(code, familyId);
      if (!redemption.ok) {
        if (redemption.familyId !== undefined) state.tokens.revokeFamily(redemption.familyId);
        const why = {
          unknown: 'The authorization code is unknown',
          expired: 'The authorization code expired',
          reused: 'The authorization code was already used; the tokens it bought are revoked',
        }[redemption.reason];
        return oauthError(400, 'invalid_grant', why);
      }
      const issued = redemption.code;
      if (issued.clientId !== client.clientId)
        return oauthError(
          400,
          'invalid_grant',
          'The authorization code was issued to another client',
        );
      if (form.get('redirect_uri') !== issued.redirectUri)
        return oauthError(
          400,
          'invalid_grant',
          'redirect_uri differs from the authorization request',
        );
      const verifier = form.get('code_verifier');
      if (issued.codeChallenge !== undefined) {
        if (verifier === null) return oauthError(400, 'invalid_grant', 'code_verifier is required');
        if (!PKCE_VERIFIER.test(verifier) || (await s256(verifier)) !== issued.codeChallenge)
          return oauthError(
            400,
            'invalid_grant',
            'code_verifier does not match the code_challenge',
          );
      } else if (verifier !== null) {
        return oauthError(400, 'invalid_grant', 'code_verifier sent for a request without PKCE');
      }
      grant = {
        sub: issued.sub,
        clientId: client.clientId,
        scope: issued.scope,
        authTime: issued.authTime,
      };
      nonce = issued.nonce;
      break;
    }
    case 'password': {
      const username = form.get('username');
      const password = form.get('password');
      if (!username || password === null) {
        return oauthError(400, 'invalid_request', 'username and password are required');
      }
      const user = state.users.get(username);
      if (!user || user.password !== password) {
        return oauthError(400, 'invalid_grant', 'The username or password is incorrect');
      }
      const allowed = intersect(user.scope, client.scope);
      const scope = requestedScope(form, allowed);
      if (scope instanceof Response) return scope;
      grant = { sub: user.username, clientId: client.clientId, scope: scope ?? allowed };
      break;
    }
    case 'client_credentials': {
      const scope = requestedScope(form, client.scope);
      if (scope instanceof Response) return scope;
      grant = { sub: client.clientId, clientId: client.clientId, scope: scope ?? client.scope };
      break;
    }
    case 'refresh_token': {
      if (!refreshToken) return oauthError(400, 'invalid_request', 'refresh_token is required');
      const rotation = state.tokens.rotate(refreshToken, client.clientId);
      if (!rotation.ok) {
        const why = {
          unknown: 'The refresh token is unknown',
          expired: 'The refresh token expired',
          revoked: 'The refresh token was revoked',
          reused: 'The refresh token was already used; its token family is revoked',
          'wrong-client': 'The refresh token was issued to another client',
        }[rotation.reason];
        return oauthError(400, 'invalid_grant', why);
      }
      const scope = requestedScope(form, rotation.grant.scope);
      if (scope instanceof Response) return scope;
      grant = { ...rotation.grant, scope: scope ?? rotation.grant.scope };
      familyId = rotation.familyId;
      break;
    }
  }

  const codeFlow = grant.authTime !== undefined;
  const tokens = await state.tokens.issue(grant, {
    // A code-flow session gets a refresh token only when it asked for offline_access.
    refreshToken: codeFlow
      ? grant.scope.includes('offline_access')
      : grantType !== 'client_credentials',
    ...(familyId !== undefined && { familyId }),
  });
  if (codeFlow && grant.scope.includes('openid'))
    tokens.id_token = await idToken(state, issuerOf(context), grant, nonce);
  return json(tokens, { headers: { 'cache-control': 'no-store', pragma: 'no-cache' } });
}
