/** A JSON response with the headers every answer of the mock API shares. */
export function json(
  body: unknown,
  init: { status?: number; headers?: Record<string, string> } = {},
): Response {
  return new Response(JSON.stringify(body), {
    status: init.status ?? 200,
    headers: { 'content-type': 'application/json', ...init.headers },
  });
}

/** The answer to a request no route matches: 404, naming what was asked for. */
export function noRoute(request: Request): Response {
  return apiError(
    404,
    'not_found',
    `No mock route for ${request.method} ${new URL(request.url).pathname}`,
  );
}

/** A resource-API error: `{ error, message }` with a machine-readable code. */
export function apiError(
  status: number,
  error: string,
  message: string,
  headers?: Record<string, string>,
): Response {
  return json({ error, message }, { status, ...(headers && { headers }) });
}

/** An OAuth2 error (RFC 6749 §5.2), never cached. */
export function oauthError(
  status: number,
  error: string,
  description: string,
  headers?: Record<string, string>,
): Response {
  return json(
    { error, error_description: description },
    { status, headers: { 'cache-control': 'no-store', pragma: 'no-cache', ...headers } },
  );
}
