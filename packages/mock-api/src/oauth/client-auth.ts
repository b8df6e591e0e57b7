import type { MockApiState } from '../controller.js';
import type { MockClient } from '../identities.js';
import { oauthError } from '../internal/responses.js';

/** Decodes `Authorization: Basic` client credentials (RFC 6749 §2.3.1: each part form-urlencoded). */
function readBasic(header: string): { clientId: string; clientSecret: string } | undefined {
  const match = /^Basic +([A-Za-z0-9+/]+=*)$/i.exec(header.trim());
  if (!match?.[1]) return undefined;
  let decoded: string;
  try {
    decoded = atob(match[1]);
  } catch {
    return undefined;
  }
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  const decode = (part: string) => decodeURIComponent(part.replaceAll('+', ' '));
  try {
    return {
      clientId: decode(decoded.slice(0, colon)),
      clientSecret: decode(decoded.slice(colon + 1)),
    };
  } catch {
    return undefined;
  }
}

/**
 * Authenticates the client of a token or revocation request: HTTP Basic or `client_id` (and
 * `client_secret`) in the body, never both. Confidential clients must present their secret.
 * Returns the client, or the RFC 6749 error response to send.
 */
export function authenticateClient(
  request: Request,
  form: URLSearchParams,
  state: MockApiState,
): MockClient | Response {
  const header = request.headers.get('authorization');
  const basic = header === null ? undefined : readBasic(header);
  const challenge =
    header === null ? undefined : { 'www-authenticate': 'Basic realm="org-mock-api"' };
  if (header !== null && !basic) {
    return oauthError(
      401,
      'invalid_client',
      'The Authorization header is not valid HTTP Basic client credentials',
      challenge,
    );
  }
  if (basic && form.has('client_secret')) {
    return oauthError(
      400,
      'invalid_request',
      'Use one client authentication method, not Basic and client_secret together',
    );
  }
  const clientId = basic?.clientId ?? form.get('client_id');
  const clientSecret = basic?.clientSecret ?? form.get('client_secret');
  if (!clientId)
    return oauthError(
      401,
      'invalid_client',
      'Client authentication is required (client_id missing)',
    );
  const client = state.clients.get(clientId);
  if (!client) return oauthError(401, 'invalid_client', 'Unknown client', challenge);
  if (client.clientSecret !== undefined && client.clientSecret !== clientSecret) {
    return oauthError(401, 'invalid_client', 'Client authentication failed', challenge);
  }
  return client;
}

/**
 * Reads an `application/x-www-form-urlencoded` body, or returns the `invalid_request` response
 * (wrong content type, a parameter sent twice).
 */
export async function readForm(request: Request): Promise<URLSearchParams | Response> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/x-www-form-urlencoded\b/i.test(type)) {
    return oauthError(
      400,
      'invalid_request',
      'The request body must be application/x-www-form-urlencoded',
    );
  }
  const form = new URLSearchParams(await request.text());
  const seen = new Set<string>();
  for (const key of form.keys()) {
    if (seen.has(key))
      return oauthError(400, 'invalid_request', `Parameter "${key}" was sent more than once`);
    seen.add(key);
  }
  return form;
}
