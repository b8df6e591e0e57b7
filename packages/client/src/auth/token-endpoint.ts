import { AuthError } from '../errors/auth-error.js';
import { HttpError } from '../errors/http-error.js';
import { NetworkError } from '../errors/network-error.js';
import { rememberSecret } from '../errors/redact.js';
import { TimeoutError } from '../errors/timeout-error.js';
import { parseRetryAfter } from '../internal/headers.js';
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

const TEN_YEARS_S = 10 * 365 * 24 * 3600;

/** HTTP Basic client credentials, each part form-urlencoded first (RFC 6749 §2.3.1). */
function basicAuth(clientId: string, secret: string): string {
  const encode = (part: string) => encodeURIComponent(part).replace(/%20/g, '+');
  const bytes = new TextEncoder().encode(`${encode(clientId)}:${encode(secret)}`);
  return `Basic ${btoa(String.fromCharCode(...bytes))}`;
}

/** POSTs a form to a credential endpoint (token or revocation) with client authentication; maps transport failures to typed errors. */
export async function postCredentialForm(
  config: TokenClientConfig,
  url: string,
  fields: Record<string, string>,
  signal?: AbortSignal,
): Promise<Response> {
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    accept: 'application/json',
  };
  const form = new URLSearchParams(fields);
  if (config.clientSecret === undefined) form.set('client_id', config.clientId);
  else headers.authorization = basicAuth(config.clientId, config.clientSecret);

  const summary = { method: 'POST', url };
  const timeout = AbortSignal.timeout(config.timeout);
  try {
    return await config.fetch(url, {
      method: 'POST',
      headers,
      body: form,
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    if (timeout.aborted) throw new TimeoutError({ request: summary });
    throw new NetworkError({ request: summary, cause: error });
  }
}

const invalid = (url: string, problem: string) =>
  new AuthError(
    'invalid_token_response',
    `The token endpoint sent an invalid token response: ${problem}`,
    {
      request: { method: 'POST', url },
    },
  );

/** Reads a token response; any deviation from RFC 6749 §5.1 is an `AuthError` naming what was wrong. */
async function readTokenResponse(
  config: TokenClientConfig,
  response: Response,
  url: string,
): Promise<TokenSet> {
  const receivedAt = Date.now();
  config.clock.observe(response.headers.get('date'), receivedAt);
  const text = await response.text();
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
      typeof rawExpiresIn === 'string' && /^\d+$/.test(rawExpiresIn)
        ? Number(rawExpiresIn)
        : (rawExpiresIn as number);
    if (
      typeof expiresIn !== 'number' ||
      !Number.isFinite(expiresIn) ||
      expiresIn <= 0 ||
      expiresIn > TEN_YEARS_S
    ) {
      throw invalid(
        url,
        `expires_in is ${JSON.stringify(rawExpiresIn)?.slice(0, 30)}, not a positive number of seconds`,
      );
    }
  }
  return {
    accessToken,
    refreshToken: typeof refreshToken === 'string' ? refreshToken : undefined,
    ...expiryOf(accessToken, expiresIn, receivedAt, config.clock),
    scope: typeof scope === 'string' ? scope.split(' ').filter(Boolean) : undefined,
  };
}

/** Expiry from `expires_in` measured at receipt, else from the JWT's `exp` moved onto the local clock. */
export function expiryOf(
  accessToken: string,
  expiresIn: number | undefined,
  receivedAt: number,
  clock: ServerClock,
): Pick<TokenSet, 'expiresAt' | 'lifetime'> {
  if (expiresIn !== undefined)
    return { expiresAt: receivedAt + expiresIn * 1000, lifetime: expiresIn * 1000 };
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
function rejection(response: Response, body: unknown, url: string, grant: string): Error {
  const fields = (body && typeof body === 'object' ? body : {}) as {
    error?: unknown;
    error_description?: unknown;
  };
  const oauthError = typeof fields.error === 'string' ? fields.error : undefined;
  const description =
    typeof fields.error_description === 'string' ? `: ${fields.error_description}` : '';
  const request = { method: 'POST', url };
  const status = response.status;
  const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
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
  config: TokenClientConfig,
  fields: Record<string, string>,
  signal?: AbortSignal,
): Promise<TokenSet> {
  const response = await postCredentialForm(config, config.tokenUrl, fields, signal);
  if (response.ok) return readTokenResponse(config, response, config.tokenUrl);
  config.clock.observe(response.headers.get('date'));
  const text = await response.text().catch(() => '');
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: keep the text; the status says enough.
  }
  throw rejection(response, body, config.tokenUrl, fields.grant_type ?? '');
}
