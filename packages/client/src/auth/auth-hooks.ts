import type { AfterResponseHook, BeforeRequestHook, BeforeRetryHook } from 'ky';
import type { OriginPolicy } from '../origin-policy.js';
import type { ServerClock } from './server-clock.js';
import type { Authenticator } from './session.js';

/** How a request wants a token: `required` (endpoint calls), `optional` (raw `client.ky` requests) or `none` (public endpoints). */
export type AuthMode = 'required' | 'optional' | 'none';

/** Key under which `call()` tells the hooks its auth mode, in ky's per-request `context`. */
export const AUTH_MODE = Symbol('@org/client/auth-mode');

interface CallAuth {
  /** The token this request carries now. */
  sentToken: string;
  /** Set once the request was replayed after a 401: it never is twice. */
  replayed: boolean;
  /** A copy of the body for the replay, kept only when ky keeps none (no retries). */
  replayBody?: Request;
}

/**
 * The ky hooks that carry authentication: inject the token before a request (origin rules permitting),
 * re-inject the current one before a retry, learn the server's clock from `Date`, and after a 401
 * replay once with a fresh token, the body included, whatever the retry budget.
 */
export function createAuthHooks(
  authenticator: Authenticator,
  policy: OriginPolicy,
  clock: ServerClock,
  fetchFn: typeof fetch,
): {
  beforeRequest: BeforeRequestHook;
  beforeRetry: BeforeRetryHook;
  afterResponse: AfterResponseHook;
} {
  // Keyed by ky's per-request context object: the one thing that stays the same across its retries.
  const calls = new WeakMap<object, CallAuth>();
  const modeOf = (context: Record<PropertyKey, unknown>): AuthMode =>
    (context[AUTH_MODE] as AuthMode | undefined) ?? 'optional';

  return {
    async beforeRequest({ request, options }) {
      const mode = modeOf(options.context);
      if (mode === 'none' || !policy.allows(request.url)) return;
      if (!authenticator.canAuthenticate() && mode === 'optional') return;
      const token = await authenticator.getAccessToken(request.signal);
      request.headers.set(authenticator.header, authenticator.format(token));
      const call: CallAuth = { sentToken: token, replayed: false };
      if (request.body && options.retry.limit === 0) call.replayBody = request.clone();
      calls.set(options.context, call);
    },

    async beforeRetry({ request, options }) {
      const call = calls.get(options.context);
      if (!call) return;
      const token = await authenticator.getAccessToken(request.signal);
      if (token !== call.sentToken) {
        request.headers.set(authenticator.header, authenticator.format(token));
        call.sentToken = token;
      }
    },

    async afterResponse({ request, options, response }) {
      if (!policy.allows(response.url || request.url)) return;
      clock.observe(response.headers.get('date'));
      if (response.status !== 401) return;
      const call = calls.get(options.context);
      if (!call || call.replayed) return;
      call.replayed = true;
      const fresh = await authenticator.handleUnauthorized(call.sentToken, request.signal);
      if (fresh === undefined) return;
      call.sentToken = fresh;
      const source = call.replayBody ?? request;
      const headers = new Headers(source.headers);
      headers.set(authenticator.header, authenticator.format(fresh));
      const replay = new Request(source.clone(), {
        headers,
        signal: request.signal,
        duplex: 'half',
      } as RequestInit);
      return fetchFn(replay);
    },
  };
}
