import type { BeforeRequestHook, BeforeRetryHook } from 'ky';
import type { OriginPolicy } from '../origin-policy.js';
import type { ServerClock } from './server-clock.js';
import type { Authenticator } from './session.js';

/** How a request wants a token: `required` (endpoint calls), `optional` (raw `client.ky` requests) or `none` (public endpoints). */
export type AuthMode = 'required' | 'optional' | 'none';

/** Key under which `call()` tells the hooks its auth mode, in ky's per-request `context`. */
export const AUTH_MODE = Symbol('@org/client/auth-mode');

interface CallAuth {
  /** The token this call carries now. */
  sentToken: string;
  /** Set once the call was replayed after a 401: it never is twice, whatever ky retries. */
  replayed: boolean;
}

/**
 * Authentication for ky: hooks inject the token before a request (origin rules permitting) and the
 * current one before a retry; the transport (a `fetch` wrapper ky calls) learns the server's clock
 * from `Date` and, after a 401, replays once with a fresh token, the body included, whatever the
 * retry budget. Doing the replay in the transport rather than in an `afterResponse` hook spares
 * every response the clone ky makes for such hooks.
 */
export function createAuth(
  authenticator: Authenticator,
  policy: OriginPolicy,
  clock: ServerClock,
  fetchFn: typeof fetch,
): { beforeRequest: BeforeRequestHook; beforeRetry: BeforeRetryHook; fetch: typeof fetch } {
  // The Request a hook saw is the one ky sends next. ky's per-call `context` object is what stays
  // the same across retries, so the call's state is found through it in beforeRetry.
  const calls = new WeakMap<Request, CallAuth>();
  const byContext = new WeakMap<object, CallAuth>();
  const modeOf = (context: Record<PropertyKey, unknown>): AuthMode =>
    (context[AUTH_MODE] as AuthMode | undefined) ?? 'optional';
  const withToken = (request: Request, token: string) => {
    request.headers.set(authenticator.header, authenticator.format(token));
  };

  return {
    async beforeRequest({ request, options }) {
      const mode = modeOf(options.context);
      if (mode === 'none' || !policy.allows(request.url)) return;
      if (!authenticator.canAuthenticate() && mode === 'optional') return;
      const token = await authenticator.getAccessToken(request.signal);
      withToken(request, token);
      const call: CallAuth = { sentToken: token, replayed: false };
      calls.set(request, call);
      byContext.set(options.context, call);
    },

    async beforeRetry({ request, options }) {
      const call = byContext.get(options.context);
      if (!call) return;
      const token = await authenticator.getAccessToken(request.signal);
      if (token !== call.sentToken) {
        withToken(request, token);
        call.sentToken = token;
      }
      calls.set(request, call);
    },

    async fetch(input, init) {
      const request = input instanceof Request ? input : new Request(input, init);
      const call = calls.get(request);
      if (!call) return fetchFn(input, init);
      const spare = request.body !== null && !call.replayed ? request.clone() : undefined;
      const response = await fetchFn(request, init);
      clock.observe(response.headers.get('date'));
      if (response.status !== 401 || call.replayed) return response;
      call.replayed = true;
      const fresh = await authenticator.handleUnauthorized(call.sentToken, request.signal);
      if (fresh === undefined) return response;
      await response.body?.cancel();
      call.sentToken = fresh;
      const replay = new Request(spare ?? request, {
        signal: request.signal,
        duplex: 'half',
      } as RequestInit);
      withToken(replay, fresh);
      return fetchFn(replay, init);
    },
  };
}
