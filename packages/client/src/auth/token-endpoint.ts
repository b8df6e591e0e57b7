import { AuthError } from '../errors/auth-error.js';
import { HttpError } from '../errors/http-error.js';
import { NetworkError } from '../errors/network-error.js';
import { TimeoutError } from '../errors/timeout-error.js';
import { parseRetryAfter } from '../internal/headers.js';
import { rememberSecret } from '../internal/redact.js';
import { serverNow } from '../internal/response-marks.js';
import { decodeJwtClaims } from './jwt-claims.js';
import type { ServerClock } from './server-clock.js';

/** Tokens as a session keeps them. Times are ms on the local clock. */
export interface TokenSet {
  accessToken: string;
  refreshToken?: string | undefined;
  expiresAt?: number | undefined;
  /** The token's whole lifetime in ms, when known: the refresh leeway is capped at half of it. */
  lifetime?: number | undefined;
  scope?: string[] | undefined;
  /** The validated ID token of an OpenID Connect sign-in: sent back as `id_token_hint` at end session. */
  idToken?: string | undefined;
  /** The ID token's claims, validated at sign-in (`sub`, `name`, …). */
  user?: Record<string, unknown> | undefined;
}

/** Where and as whom a session talks to the token server. */
export interface TokenClientConfig {
  tokenUrl: string;
  clientId: string;
  clientSecret?: string | undefined;
  fetch: typeof fetch;
  timeout: number;
  clock: ServerClock;
}

/** A token endpoint known now, or one that is discovered on first use (`oauth2({ issuer })`). */
export type TokenEndpoint = TokenClientConfig | (() => Promise<TokenClientConfig>);

const resolveEndpoint = async (endpoint: TokenEndpoint) =>
  typeof endpoint === 'function' ? endpoint() : endpoint;

/** The latest time a JavaScript Date can hold: a token that lives longer expires then. */
const MAX_TIME = 8.64e15;

/** HTTP Basic client credentials, each part form-urlencoded first (RFC 6749 §2.3.1). */
function basicAuth(clientId: string, secret: string): string {
  const encode = (part: string) => encodeURIComponent(part).replace(/%20/g, '+');
  const bytes = new TextEncoder().encode(`${encode(clientId)}:${encode(secret)}`);
  return `Basic ${btoa(String.fromCharCode(...bytes))}`;
}

/** A credential endpoint's answer, read whole within the request's timeout. */
export interface CredentialResponse {
  response: Response;
  text: string;
  /** When the response's headers arrived (local ms): lifetimes are measured from here. */
  receivedAt: number;
}

/**
 * POSTs a form to a credential endpoint (token or revocation) with client authentication, and reads
 * the answer. Redirects are never followed: following one would re-send the password, refresh token
 * or client secret to wherever it points. Every failure is typed: `NetworkError` (also for a body
 * cut off mid-way), `TimeoutError` (also for a body that stalls), `AuthError` for a redirect, or the
 * caller's abort reason.
 */
export async function postCredentialForm(
  config: TokenClientConfig,
  url: string,
  fields: Record<string, string>,
  signal?: AbortSignal,
): Promise<CredentialResponse> {
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    accept: 'application/json',
  };
  const form = new URLSearchParams(fields);
  if (config.clientSecret === undefined) form.set('client_id', config.clientId);
  else headers.authorization = basicAuth(config.clientId, config.clientSecret);

  const summary = { method: 'POST', url };
  const timeout = AbortSignal.timeout(config.timeout);
  let response: Response;
  let text: string;
  let receivedAt: number;
  try {
    response = await config.fetch(url, {
      method: 'POST',
      headers,
      body: form,
      redirect: 'manual',
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
    receivedAt = Date.now();
    text = await response.text();
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    if (timeout.aborted) throw new TimeoutError({ request: summary });
    throw new NetworkError({ request: summary, cause: error });
  }
  if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) {
    throw new AuthError(
      'invalid_token_response',
      `The ${url === config.tokenUrl ? 'token' : 'revocation'} endpoint answered with a redirect (HTTP ${response.status || 'opaque'}); credentials are never sent on to another URL`,
      { status: response.status, request: summary },
    );
  }
  return { response, text, receivedAt };
}

const invalid = (url: string, problem: string) =>
  new AuthError(
    'invalid_token_response',
    `The token endpoint sent an invalid token response: ${problem}`,
    {
      request: { method: 'POST', url },
    },
  );

/** A token endpoint's answer: the tokens, and the ID token it carried, not yet validated. */
export interface TokenResponse {
  tokens: TokenSet;
  /** `id_token`, as sent: whoever uses it validates it first (see the refresh grant). */
  idToken: string | undefined;
}

/** Reads a token response; any deviation from RFC 6749 §5.1 is an `AuthError` naming what was wrong. */
function readTokenResponse(
  config: TokenClientConfig,
  { response, text, receivedAt }: CredentialResponse,
  url: string,
): TokenResponse {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw invalid(
      url,
      `the body is not JSON (${response.headers.get('content-type') ?? 'no content type'})`,
    );
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw invalid(url, 'the body is not a JSON object');
  const fields = body as Record<string, unknown>;

  const accessToken = fields.access_token;
  if (typeof accessToken !== 'string' || accessToken.length === 0)
    throw invalid(url, 'access_token is missing or not a string');
  rememberSecret(accessToken);
  const tokenType = fields.token_type;
  if (
    tokenType !== undefined &&
    (typeof tokenType !== 'string' || tokenType.toLowerCase() !== 'bearer')
  ) {
    throw invalid(url, `token_type is "${String(tokenType).slice(0, 20)}", not "Bearer"`);
  }
  const refreshToken = fields.refresh_token;
  if (
    refreshToken !== undefined &&
    refreshToken !== null &&
    (typeof refreshToken !== 'string' || refreshToken.length === 0)
  ) {
    throw invalid(url, 'refresh_token is not a non-empty string');
  }
  if (typeof refreshToken === 'string') rememberSecret(refreshToken);
  const scope = fields.scope;
  if (scope !== undefined && scope !== null && typeof scope !== 'string')
    throw invalid(url, 'scope is not a string');

  const rawExpiresIn = fields.expires_in;
  let expiresIn: number | undefined;
  if (rawExpiresIn !== undefined && rawExpiresIn !== null) {
    expiresIn =
      typeof rawExpiresIn === 'string' && /^\d+(\.\d+)?$/.test(rawExpiresIn)
        ? Number(rawExpiresIn)
        : (rawExpiresIn as number);
    if (typeof expiresIn !== 'number' || !Number.isFinite(expiresIn) || expiresIn <= 0) {
      throw invalid(
        url,
        `expires_in is ${JSON.stringify(rawExpiresIn)?.slice(0, 30)}, not a positive number of seconds`,
      );
    }
  }
  const idToken = fields.id_token;
  if (idToken !== undefined && idToken !== null && typeof idToken !== 'string')
    throw invalid(url, 'id_token is not a string');
  if (typeof idToken === 'string') rememberSecret(idToken);
  return {
    tokens: {
      accessToken,
      refreshToken: typeof refreshToken === 'string' ? refreshToken : undefined,
      ...expiryOf(accessToken, expiresIn, receivedAt, config.clock),
      scope: typeof scope === 'string' ? scope.split(' ').filter(Boolean) : undefined,
    },
    idToken: typeof idToken === 'string' && idToken !== '' ? idToken : undefined,
  };
}

/** Expiry from `expires_in` measured at receipt, else from the JWT's `exp` moved onto the local clock. */
export function expiryOf(
  accessToken: string,
  expiresIn: number | undefined,
  receivedAt: number,
  clock: ServerClock,
): Pick<TokenSet, 'expiresAt' | 'lifetime'> {
  if (expiresIn !== undefined) {
    const lifetime = Math.min(expiresIn * 1000, MAX_TIME - receivedAt);
    return { expiresAt: receivedAt + lifetime, lifetime };
  }
  const claims = decodeJwtClaims(accessToken);
  const exp = claims?.exp;
  if (typeof exp !== 'number' || !Number.isFinite(exp)) return {};
  const expiresAt = clock.toLocal(exp * 1000);
  const iat = claims?.iat;
  return {
    expiresAt,
    lifetime: typeof iat === 'number' && iat < exp ? (exp - iat) * 1000 : undefined,
  };
}

/** A refused token request, classified for the session. */
function rejection(
  config: TokenClientConfig,
  response: Response,
  body: unknown,
  url: string,
  grant: string,
): Error {
  const fields = (body && typeof body === 'object' ? body : {}) as {
    error?: unknown;
    error_description?: unknown;
  };
  const oauthError = typeof fields.error === 'string' ? fields.error : undefined;
  const description =
    typeof fields.error_description === 'string' ? `: ${fields.error_description}` : '';
  const request = { method: 'POST', url };
  const status = response.status;
  const retryAfter = parseRetryAfter(
    response.headers.get('retry-after'),
    serverNow(response.headers, config.clock),
  );
  if (status !== 400 && status !== 401)
    return new HttpError({ status, statusText: response.statusText, body, request, retryAfter });
  const options = { status, request, oauthError };
  if (oauthError === 'invalid_grant') {
    return grant === 'password'
      ? new AuthError('invalid_credentials', `Sign-in failed: invalid_grant${description}`, options)
      : new AuthError(
          'session_expired',
          `The session expired: the token server rejected the refresh (invalid_grant${description})`,
          options,
        );
  }
  if (oauthError === 'invalid_client' || oauthError === 'unauthorized_client') {
    return new AuthError(
      'invalid_client',
      `The token server rejected the client: ${oauthError}${description}`,
      options,
    );
  }
  return new AuthError(
    'token_request_rejected',
    `The token request was rejected: ${oauthError ?? `HTTP ${status}`}${description}`,
    options,
  );
}

/**
 * Asks the token endpoint for tokens with a grant (RFC 6749 §4–6). Resolves with the tokens, or
 * rejects with: `AuthError` for a refusal (400/401) or a malformed answer, `HttpError` for other
 * statuses (5xx, 429 with `retryAfter`), `NetworkError`, `TimeoutError`, or the abort reason.
 */
export async function requestTokens(
  endpoint: TokenEndpoint,
  fields: Record<string, string>,
  signal?: AbortSignal,
): Promise<TokenSet> {
  return (await requestTokenResponse(endpoint, fields, signal)).tokens;
}

/** `requestTokens`, with the response's ID token beside the tokens (for the refresh grant). */
export async function requestTokenResponse(
  endpoint: TokenEndpoint,
  fields: Record<string, string>,
  signal?: AbortSignal,
): Promise<TokenResponse> {
  const config = await resolveEndpoint(endpoint);
  const answer = await postCredentialForm(config, config.tokenUrl, fields, signal);
  const { response, text, receivedAt } = answer;
  config.clock.observe(response.headers.get('date'), receivedAt);
  if (response.ok) return readTokenResponse(config, answer, config.tokenUrl);
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: keep the text; the status says enough.
  }
  throw rejection(config, response, body, config.tokenUrl, fields.grant_type ?? '');
}

/**
 * Revokes tokens at an RFC 7009 endpoint, the refresh token first (revoking it ends the grant,
 * access tokens included, on most servers). Best effort: failures are ignored, since the local
 * session is already gone.
 */
export async function revokeTokens(
  endpoint: TokenEndpoint,
  revokeUrl: string,
  tokens: TokenSet,
): Promise<void> {
  const config = await resolveEndpoint(endpoint);
  const revoke = (token: string, hint: string) =>
    postCredentialForm(config, revokeUrl, { token, token_type_hint: hint }).catch(() => undefined);
  if (tokens.refreshToken) await revoke(tokens.refreshToken, 'refresh_token');
  await revoke(tokens.accessToken, 'access_token');
}
