import ky, { type Hooks, isHTTPError, type KyInstance, type RetryOptions } from 'ky';
import type { AuthStrategy } from './auth/auth-strategy.js';
import { createAuthTransport } from './auth/auth-transport.js';
import { ServerClock } from './auth/server-clock.js';
import type { Session, SessionState } from './auth/session.js';
import { prepareRequest } from './build-request.js';
import type { AnyEndpoint, CallInput, CallOutput, InputIsOptional } from './define-endpoint.js';
import { AuthError, type AuthErrorCode } from './errors/auth-error.js';
import { isApiError } from './errors/guards.js';
import { NetworkError } from './errors/network-error.js';
import { TimeoutError } from './errors/timeout-error.js';
import { toApiError } from './errors/to-api-error.js';
import { MAX_RETRY_AFTER_MS, parseRetryAfter } from './internal/headers.js';
import { redactUrl } from './internal/redact.js';
import { normalizeRetryAfter } from './internal/response-marks.js';
import { isLoopback } from './internal/urls.js';
import { createOriginPolicy } from './origin-policy.js';
import { readResponse } from './read-response.js';

/** Something that happened on the wire, for logging and metrics. URLs are redacted; tokens never appear. */
export type ClientEvent =
  | { type: 'request'; method: string; url: string }
  | { type: 'response'; method: string; url: string; status: number }
  | { type: 'retry'; method: string; url: string; attempt: number; reason: string };

/** Options of `createClient`. */
export interface ClientOptions {
  /** The API's root, e.g. `https://api.example.com` or `https://example.com/api`. Endpoint paths go under it. */
  baseUrl: string;
  /** How requests authenticate: `oauth2(...)` or `bearer(...)`. Default: none. */
  auth?: AuthStrategy;
  /** ky's retry options, or a retry limit. Default: 2 retries of idempotent methods on 408, 413, 429 and 5xx, honouring `Retry-After`. */
  retry?: number | RetryOptions;
  /** Per-attempt timeout in ms, or `false`. Default 10 000. */
  timeout?: number | false;
  /** Timeout in ms for a call with all its retries, or `false`. Default `false`. */
  totalTimeout?: number | false;
  /** The `fetch` to use. Default: `globalThis.fetch`, looked up at each request (so test interceptors work). */
  fetch?: typeof fetch;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
  /** More ky hooks. They run before the token is attached (it is set in the transport), so they never see it. */
  hooks?: Hooks;
  /** Further origins (e.g. `https://uploads.example.com`) that may receive the token. */
  allowedOrigins?: string[];
  /** Called for every request, response and retry. */
  onEvent?: (event: ClientEvent) => void;
  /**
   * A stable name for this client, where something must recognize it across processes: `@org/react`
   * keys its cached queries by it, so a client rendered on a server and its twin in the browser
   * (same name) share prefetched data. Default: none (each client object is told apart by itself).
   */
  name?: string;
}

/** Options of one call. */
export interface CallOptions {
  signal?: AbortSignal;
  /** Per-attempt timeout in ms for this call, or `false`. */
  timeout?: number | false;
  /** Retry settings for this call (e.g. `0` when a caller such as TanStack Query retries itself). */
  retry?: number | RetryOptions;
  headers?: Record<string, string>;
}

/** A typed API client: `call` endpoints, drive the `session`, or use `ky` for anything else. */
export interface Client {
  /**
   * Calls an endpoint: validates the input, sends it (with a token unless the endpoint is public),
   * and resolves with the validated response. Rejects with the package's typed errors.
   */
  call<E extends AnyEndpoint>(
    endpoint: E,
    ...args: InputIsOptional<E> extends true
      ? [input?: CallInput<E>, options?: CallOptions]
      : [input: CallInput<E>, options?: CallOptions]
  ): Promise<CallOutput<E>>;
  /** The token session. Without `auth` it is always anonymous. */
  readonly session: Session;
  /** The configured ky instance, for requests without an endpoint: same token rules, refresh and replay. */
  readonly ky: KyInstance;
  readonly baseUrl: string;
  /** The `name` it was created with, if any. */
  readonly name?: string | undefined;
}

const ANONYMOUS: SessionState = Object.freeze({ status: 'anonymous' });

const refuse = (code: AuthErrorCode, hint: string) => () =>
  Promise.reject(new AuthError(code, `This client has no auth strategy${hint}`));

const refuseSignIn = refuse('unsupported', ': pass auth: oauth2({ issuer, redirectUri, ... })');

/** The session of a client without `auth`: always anonymous. */
const noSession: Session = {
  login: refuse('unsupported', ': pass auth: oauth2(...)'),
  signInWithRedirect: refuseSignIn,
  signInWithPopup: refuseSignIn,
  handleRedirectCallback: refuseSignIn,
  createAuthorizationUrl: refuseSignIn,
  setTokens: refuse('unsupported', ': pass auth: oauth2(...) or bearer(...)'),
  getAccessToken: refuse('no_session', ''),
  refresh: async () => {},
  logout: async () => {},
  getState: () => ANONYMOUS,
  subscribe: () => () => {},
};

/**
 * ky's retry options with the client's two vetoes in front of the user's own `shouldRetry`: an
 * error of the client itself (the session's, a refused redirect) is final, ky would take any error
 * named NetworkError for its own; and a `Retry-After` longer than `maxRetryAfter` (default 60 s)
 * is not waited out: the call fails at once with `HttpError.retryAfter`, so the app decides.
 */
function withRetryVetoes(retry: number | RetryOptions | undefined): RetryOptions {
  const options: RetryOptions = typeof retry === 'number' ? { limit: retry } : { ...retry };
  const longest = options.maxRetryAfter ?? MAX_RETRY_AFTER_MS;
  const userShouldRetry = options.shouldRetry;
  options.shouldRetry = (state) => {
    const { error } = state;
    if (isApiError(error)) return false;
    if (isHTTPError(error)) {
      const seconds = parseRetryAfter(error.response.headers.get('retry-after'));
      if (seconds !== undefined && seconds * 1000 > longest) return false;
    }
    return userShouldRetry?.(state);
  };
  return options;
}

/**
 * The body of a successful response, or a typed error: a body cut off mid-way is a `NetworkError`,
 * one that stalls past the timeout a `TimeoutError` (ky's), and a cancelled call rejects with the
 * caller's abort reason.
 */
async function readBody(
  read: () => Promise<string>,
  signal: AbortSignal | undefined,
  request: { method: string; url: string },
): Promise<string> {
  try {
    return await read();
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    // ky's own body timeout arrives mapped already (through its beforeError hooks).
    if (isApiError(error)) throw error;
    if (error instanceof DOMException && error.name === 'TimeoutError')
      throw new TimeoutError({ request });
    throw new NetworkError({ request, cause: error });
  }
}

function parseBaseUrl(baseUrl: string): URL {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new TypeError(`@org/client: baseUrl must be an absolute URL, got "${String(baseUrl)}"`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TypeError(`@org/client: baseUrl must be http(s), got "${url.protocol}"`);
  }
  return url;
}

/**
 * Creates a client for one API.
 *
 * @example
 * ```ts
 * const client = createClient({
 *   baseUrl: 'https://api.example.com',
 *   auth: oauth2({ tokenUrl: '/oauth/token', clientId: 'weather-web' }),
 * });
 * await client.session.login({ username: 'demo', password: 'demo' });
 * const now = await client.call(currentWeather, { params: { city: 'oslo' } });
 * ```
 */
export function createClient(options: ClientOptions): Client {
  if (!options || typeof options !== 'object')
    throw new TypeError('@org/client: createClient needs options');
  const base = parseBaseUrl(options.baseUrl);
  if (base.search || base.hash || options.baseUrl.includes('?') || options.baseUrl.includes('#')) {
    throw new TypeError(
      `@org/client: baseUrl must not have a query or fragment (endpoint paths are appended to it), got "${options.baseUrl}"`,
    );
  }
  const baseUrl = base.toString().replace(/\/+$/, '');
  const origins = [
    base.origin,
    ...(options.allowedOrigins ?? []).map((origin) => parseBaseUrl(origin).origin),
  ];
  if (options.auth) {
    for (const origin of origins) {
      const url = new URL(origin);
      if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
        throw new TypeError(
          `@org/client: tokens are never sent over plain http except to this machine; use https for ${origin}`,
        );
      }
    }
  }

  const fetchFn: typeof fetch = (input, init) => (options.fetch ?? globalThis.fetch)(input, init);
  const timeout = options.timeout ?? 10_000;
  const clock = new ServerClock();
  const authenticator = options.auth?.create({
    baseUrl,
    fetch: fetchFn,
    timeout: timeout === false ? 30_000 : timeout,
    clock,
  });
  const { onEvent } = options;
  const report = (type: ClientEvent['type'], request: Request, details?: object) => {
    try {
      onEvent?.({
        type,
        method: request.method,
        url: redactUrl(request.url),
        ...details,
      } as ClientEvent);
    } catch {
      // A failing listener must not fail the request.
    }
  };
  const ours: Hooks = onEvent
    ? {
        beforeRequest: [({ request }) => report('request', request)],
        afterResponse: [
          ({ request, response }) => report('response', request, { status: response.status }),
        ],
        beforeRetry: [
          ({ request, error, retryCount }) =>
            report('retry', request, { attempt: retryCount, reason: error.name }),
        ],
      }
    : {};
  const user = options.hooks ?? {};
  const hooks: Hooks = {
    ...user,
    beforeError: [({ error }) => toApiError(error) as Error, ...(user.beforeError ?? [])],
  };
  // Only the lists someone fills: ky clones every response for its afterResponse hooks.
  for (const name of ['beforeRequest', 'beforeRetry', 'afterResponse'] as const) {
    if (ours[name] || user[name])
      hooks[name] = [...(ours[name] ?? []), ...(user[name] ?? [])] as never;
  }
  const kyOptions = {
    baseUrl: `${baseUrl}/`,
    timeout,
    totalTimeout: options.totalTimeout ?? false,
    retry: withRetryVetoes(options.retry),
    ...(options.headers && { headers: options.headers }),
    hooks,
  };
  // Three ky instances that differ only in their transport, so no call pays for per-call options:
  // raw requests (a token when there is a session), endpoint calls (a token, always), public calls.
  const policy = authenticator && createOriginPolicy(origins, authenticator.credentialUrls);
  // Requests that carry no credential of ours: still read Retry-After dates on the server's clock.
  const plainFetch: typeof fetch = async (input, init) =>
    normalizeRetryAfter(await fetchFn(input, init), clock);
  const transport = (mode: 'required' | 'optional') =>
    authenticator && policy
      ? createAuthTransport(authenticator, policy, clock, fetchFn, mode)
      : plainFetch;
  const instance = ky.create({ ...kyOptions, fetch: transport('optional') });
  const authedInstance = authenticator
    ? ky.create({ ...kyOptions, fetch: transport('required') })
    : instance;
  const publicInstance = authenticator ? ky.create({ ...kyOptions, fetch: plainFetch }) : instance;

  return {
    baseUrl,
    name: options.name,
    ky: instance,
    session: authenticator?.session ?? noSession,
    async call(endpoint: AnyEndpoint, input?: object, callOptions: CallOptions = {}) {
      const prepared = await prepareRequest(endpoint, baseUrl, input);
      const responsePromise = (endpoint.auth ? authedInstance : publicInstance)(prepared.url, {
        method: endpoint.method,
        ...(prepared.searchParams && { searchParams: prepared.searchParams }),
        ...(prepared.json !== undefined && { json: prepared.json }),
        ...(callOptions.signal && { signal: callOptions.signal }),
        ...(callOptions.timeout !== undefined && { timeout: callOptions.timeout }),
        ...(callOptions.retry !== undefined && { retry: withRetryVetoes(callOptions.retry) }),
        ...(callOptions.headers && { headers: callOptions.headers }),
      });
      // ky's beforeError hook has mapped every failure to our errors already.
      const response = await responsePromise;
      // The URL the response came from (after any redirect), for messages.
      const request = { method: endpoint.method, url: response.url || prepared.url };
      const text = await readBody(() => responsePromise.text(), callOptions.signal, request);
      return readResponse(endpoint, text, response.headers.get('content-type'), request);
    },
  } as Client;
}
