import { oauthError } from '../internal/responses.js';
import type { RouteContext } from '../internal/route.js';
import { authenticateClient, readForm } from './client-auth.js';

/**
 * `POST /oauth/revoke` (RFC 7009): revokes an access or refresh token of the calling client.
 * Unknown tokens are answered 200 too, so a client cannot probe for valid ones.
 */
export async function revokeEndpoint({ request, state }: RouteContext): Promise<Response> {
  const form = await readForm(request);
  if (form instanceof Response) return form;
  const client = authenticateClient(request, form, state);
  if (client instanceof Response) return client;
  const token = form.get('token');
  if (!token) return oauthError(400, 'invalid_request', 'token is required');
  await state.tokens.revoke(token, client.clientId);
  return new Response(null, { status: 200, headers: { 'cache-control': 'no-store' } });
}
