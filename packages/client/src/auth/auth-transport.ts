import type { OriginPolicy } from '../origin-policy.js';
import type { ServerClock } from './server-clock.js';
import type { Authenticator } from './session.js';

/**
 * Carries an error of the session (no session, a refresh that failed) out through ky. ky takes any
 * error named NetworkError or TimeoutError for its own and would retry the call, starting another
 * round of refreshes the session has already retried; wrapped, it passes straight through, and
 * `toApiError` unwraps it.
 */
export class SessionFailure extends Error {
  override name = 'SessionFailure';
  constructor(readonly error: unknown) {
    super('session failure');
  }
}

const fromSession = <T>(work: Promise<T>): Promise<T> =>
  work.catch((error: unknown) => {
    throw new SessionFailure(error);
  });

/** How requests through a transport want a token: `required` (endpoint calls) or `optional` (raw `client.ky` requests, sent bare without a session). */
export type AuthMode = 'required' | 'optional';

/**
 * The `fetch` ky calls, with authentication in it: for a request the origin rules allow, it gets a
 * valid token (refreshing first when due) and sets it; it learns the server's clock from `Date`;
 * and after a 401 it replays the request once with a fresh token, the body included, whatever the
 * retry budget. ky retries through it too, so each attempt carries the current token.
 *
 * Doing this here rather than in ky hooks spares every request ky's hook machinery and every
 * response the clone ky makes for `afterResponse` hooks: the bulk of the client's per-call cost.
 */
export function createAuthTransport(
  authenticator: Authenticator,
  policy: OriginPolicy,
  clock: ServerClock,
  fetchFn: typeof fetch,
  mode: AuthMode,
): typeof fetch {
  const withToken = (request: Request, token: string) => {
    request.headers.set(authenticator.header, authenticator.format(token));
  };
  return async (input, init) => {
    const request = input instanceof Request ? input : new Request(input, init);
    if (!policy.allows(request.url) || (mode === 'optional' && !authenticator.canAuthenticate())) {
      return fetchFn(request, init);
    }
    const token = await fromSession(authenticator.getAccessToken(request.signal));
    withToken(request, token);
    const spare = request.body === null ? undefined : request.clone();
    const response = await fetchFn(request, init);
    clock.observe(response.headers.get('date'));
    if (response.status !== 401) return response;
    const fresh = await fromSession(authenticator.handleUnauthorized(token, request.signal));
    if (fresh === undefined) return response;
    await response.body?.cancel();
    const replay = new Request(spare ?? request, {
      signal: request.signal,
      duplex: 'half',
    } as RequestInit);
    withToken(replay, fresh);
    return fetchFn(replay, init);
  };
}
