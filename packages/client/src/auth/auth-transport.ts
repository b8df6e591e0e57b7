import { NetworkError } from '../errors/network-error.js';
import { markAuthenticated, normalizeRetryAfter } from '../internal/response-marks.js';
import type { OriginPolicy } from '../origin-policy.js';
import type { Authenticator } from './auth-strategy.js';
import type { ServerClock } from './server-clock.js';

/** How requests through a transport want a token: `required` (endpoint calls) or `optional` (raw `client.ky` requests, sent bare without a session). */
export type AuthMode = 'required' | 'optional';

/** The Fetch standard's limit on redirects in one fetch. */
const MAX_REDIRECTS = 20;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Headers that describe a body, dropped with it when a redirect turns the request into a GET. */
const BODY_HEADERS = [
  'content-type',
  'content-length',
  'content-encoding',
  'content-language',
  'content-location',
];
/** Headers that authenticate whoever sends them: never carried to another origin. */
const CREDENTIAL_HEADERS = ['authorization', 'proxy-authorization', 'cookie'];

/** One hop of a request: where it goes, how, and whether it may carry the credential. */
interface Hop {
  url: string;
  method: string;
  withBody: boolean;
  /**
   * The origin the chain has kept so far, for stripping credentials on a cross-origin redirect: `''`
   * once it crossed, `undefined` on the first hop (computed only if a redirect comes: most requests
   * have none, and parsing a URL per request costs).
   */
  origin: string | undefined;
  /** Whether this hop may carry our credential: the policy allows it and the chain never left the allowed origins. */
  credentialed: boolean;
}

/**
 * The `fetch` ky calls, with authentication in it. For a request the origin rules allow, it gets a
 * valid token (refreshing first when due) and sets it on a copy of the request, never on ky's own
 * (user hooks never see it). It follows redirects itself (`redirect: 'manual'`), applying the
 * origin rules to every hop: the credential is dropped, for good, as soon as a hop leaves the
 * allowed origins, goes to plain http or into a token or revocation endpoint. It learns the server
 * clock from `Date`; and after a 401 from a hop that carried the current token it replays the whole
 * request once with a fresh one, the body included, whatever the retry budget. A 401 from anywhere
 * else is returned as it is and spends no refresh.
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
  return async (input, init) => {
    const original = input instanceof Request ? input : new Request(input, init);
    if (
      !policy.allows(original.url) ||
      (mode === 'optional' && !authenticator.tokens.canAuthenticate())
    ) {
      return normalizeRetryAfter(await fetchFn(original, init), clock);
    }
    const signal = original.signal;
    const token = await authenticator.tokens.getAccessToken(signal);
    const first = await send(original, token, init);
    if (first.response.status !== 401 || !first.credentialed) return first.response;
    const fresh = await authenticator.tokens.handleUnauthorized(token, signal);
    if (fresh === undefined) return first.response;
    await first.response.body?.cancel().catch(() => undefined);
    return (await send(original, fresh, init)).response;
  };

  /** Sends `original` with `token` where the policy allows, following redirects hop by hop. */
  async function send(original: Request, token: string, init: RequestInit | undefined) {
    let hop: Hop = {
      url: original.url,
      method: original.method,
      withBody: original.body !== null,
      origin: undefined,
      credentialed: true,
    };
    for (let redirects = 0; ; redirects++) {
      const response = normalizeRetryAfter(
        await fetchFn(...build(original, hop, token, init)),
        clock,
      );
      if (hop.credentialed) {
        clock.observe(response.headers.get('date'));
        markAuthenticated(response);
      }
      if (original.redirect === 'manual') return { response, credentialed: hop.credentialed };
      if (response.type === 'opaqueredirect') {
        throw new NetworkError({
          request: { method: hop.method, url: hop.url },
          message:
            'The API redirected an authenticated request, and this environment does not say where to; credentials are only sent to URLs the client can check, so call the final URL directly',
        });
      }
      const location = REDIRECT_STATUSES.has(response.status)
        ? response.headers.get('location')
        : null;
      if (location === null) return { response, credentialed: hop.credentialed };
      await response.body?.cancel().catch(() => undefined);
      if (original.redirect === 'error' || redirects >= MAX_REDIRECTS) {
        throw new NetworkError({
          request: { method: hop.method, url: hop.url },
          message:
            original.redirect === 'error'
              ? 'The API redirected, and this request has redirect: "error"'
              : `The API redirected more than ${MAX_REDIRECTS} times`,
        });
      }
      hop = nextHop(hop, response.status, location);
    }
  }

  function nextHop(hop: Hop, status: number, location: string): Hop {
    let next: URL;
    try {
      next = new URL(location, hop.url);
    } catch {
      throw new NetworkError({
        request: { method: hop.method, url: hop.url },
        message: 'The API redirected to a URL that does not parse',
      });
    }
    if (next.protocol !== 'https:' && next.protocol !== 'http:') {
      throw new NetworkError({
        request: { method: hop.method, url: hop.url },
        message: `The API redirected to a ${next.protocol} URL`,
      });
    }
    // As the Fetch standard does: 303 (and 301/302 after a POST) turns the request into a GET.
    const toGet =
      (status === 303 && hop.method !== 'HEAD') ||
      ((status === 301 || status === 302) && hop.method === 'POST');
    return {
      url: next.href,
      method: toGet ? 'GET' : hop.method,
      withBody: toGet ? false : hop.withBody,
      origin: next.origin === (hop.origin ?? new URL(hop.url).origin) ? next.origin : '',
      credentialed: hop.credentialed && policy.allows(next.href),
    };
  }

  /**
   * The fetch arguments for one hop: a copy of ky's request, never ky's own object, with the
   * credential where allowed. The first hop passes ky's request with overriding init (fetch builds
   * its Request from both, so this costs one Request, not two); later hops build their own.
   */
  function build(
    original: Request,
    hop: Hop,
    token: string,
    init: RequestInit | undefined,
  ): [Request | string, RequestInit] {
    const source = original.body === null ? original : original.clone();
    const headers = new Headers(source.headers);
    if (hop.origin === '') for (const name of CREDENTIAL_HEADERS) headers.delete(name);
    if (!hop.withBody) for (const name of BODY_HEADERS) headers.delete(name);
    headers.delete(authenticator.header);
    if (hop.credentialed) headers.set(authenticator.header, authenticator.format(token));
    const options: RequestInit = { ...init, headers, redirect: 'manual', signal: original.signal };
    if (hop.url === original.url && hop.method === original.method) return [source, options];
    return [
      hop.url,
      {
        ...options,
        method: hop.method,
        credentials: original.credentials,
        cache: original.cache,
        ...(hop.withBody && { body: source.body, duplex: 'half' }),
      } as RequestInit,
    ];
  }
}
