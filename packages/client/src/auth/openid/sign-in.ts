import { AuthError } from '../../errors/auth-error.js';
import type { PopupSignInOptions, RedirectCallbackResult, SignInOptions } from '../session.js';
import { TRANSACTION_TTL } from '../stored-tokens.js';
import type { TokenSource } from '../token-source.js';
import { CALLBACK_PARAMS, type CodeFlow, callbackParams } from './code-flow.js';
import { POPUP_NAME } from './popup-window.js';

/** How the page goes to a URL: `location.assign` in browsers; any function elsewhere (tests, native shells). */
export type Navigate = (url: URL) => void | Promise<void>;

/** Makes the session's tokens come from `source`, as a sign-in (the session's single way in). */
export type SignIn = (source: TokenSource) => Promise<void>;

/** What the callback page in a popup posts to its opener. */
const MESSAGE_TYPE = 'org-client:sign-in-callback';
/** How often a popup is checked for having been closed (its `closed` flag, never its location). */
const CLOSED_POLL_MS = 500;
/** Callbacks remembered for idempotency (StrictMode, double clicks); older ones are forgotten. */
const MAX_REMEMBERED = 10;

const hasWindow = () => typeof window !== 'undefined' && typeof document !== 'undefined';

/**
 * The browser side of the code flow: navigating to the provider, the popup and its message, the
 * callback page (idempotent, address bar cleaned). The protocol itself is `CodeFlow`'s.
 */
export class BrowserSignIn {
  readonly #flow: CodeFlow;
  readonly #navigate: Navigate | undefined;
  readonly #callbacks = new Map<string, Promise<RedirectCallbackResult>>();
  /** The callback read from the address bar (which is cleaned then): a second call without a URL gets it. */
  #fromAddressBar: Promise<RedirectCallbackResult> | undefined;

  constructor(flow: CodeFlow, navigate: Navigate | undefined) {
    this.#flow = flow;
    this.#navigate = navigate ?? (hasWindow() ? (url) => window.location.assign(url) : undefined);
  }

  async createAuthorizationUrl(options?: SignInOptions): Promise<{ url: URL }> {
    const { url } = await this.#flow.createAuthorizationUrl(options);
    return { url };
  }

  async signInWithRedirect(options?: SignInOptions): Promise<void> {
    const navigate = this.#navigationOrFail();
    const { url } = await this.#flow.createAuthorizationUrl(options);
    await navigate(url);
  }

  /** The sign-in in `popup` (opened by the caller, in the click's task: see `openPopup`). */
  async signInWithPopup(
    { popup, ...options }: PopupSignInOptions & { popup: Window },
    signIn: SignIn,
  ): Promise<void> {
    try {
      const { url, state } = await this.#flow.createAuthorizationUrl(options);
      popup.location.href = url.href;
      const callback = await waitForCallback(popup, state);
      await this.#complete(callback, signIn);
    } finally {
      if (!popup.closed) popup.close();
    }
  }

  /**
   * Completes the sign-in `input` answers; the same URL twice gives the same result, with one token
   * request. With `fromAddressBar`, `input` is the page's address: its callback parameters are taken
   * out of it, a popup hands it to its opener, and a later call once it is clean gets the same result.
   */
  handleRedirectCallback(
    input: string | URL | undefined,
    signIn: SignIn,
    fromAddressBar = false,
  ): Promise<RedirectCallbackResult> {
    let url: URL;
    try {
      url = new URL(input ?? '');
    } catch {
      return Promise.reject(
        new TypeError(
          '@org/client: handleRedirectCallback needs the callback URL outside a browser page',
        ),
      );
    }
    if (!fromAddressBar) return this.#complete(url, signIn);
    if (!CALLBACK_PARAMS.some((name) => callbackParams(url).has(name)) && this.#fromAddressBar)
      return this.#fromAddressBar;
    cleanAddressBar(url);
    if (relayToOpener(url)) return Promise.resolve({});
    this.#fromAddressBar = this.#complete(url, signIn);
    return this.#fromAddressBar;
  }

  /**
   * Prepares the navigation to the provider's end-session endpoint, failing when there is none (so
   * nothing is undone); the function it gives navigates, with the ended session's ID token as hint.
   */
  async endSession(returnTo: string | undefined): Promise<(idToken?: string) => Promise<void>> {
    const navigate = this.#navigationOrFail();
    const url = await this.#flow.endSessionUrl(returnTo);
    if (!url) {
      throw new AuthError(
        'unsupported',
        'The provider publishes no end_session_endpoint, so its session cannot be ended from here',
      );
    }
    return async (idToken) => {
      if (idToken) url.searchParams.set('id_token_hint', idToken);
      await navigate(url);
    };
  }

  #complete(url: URL, signIn: SignIn): Promise<RedirectCallbackResult> {
    const key = callbackParams(url).get('state') ?? url.href;
    const known = this.#callbacks.get(key);
    if (known) return known;
    const result = this.#flow.callback(url).then(async ({ source, returnTo }) => {
      await signIn(source);
      return returnTo === undefined ? {} : { returnTo };
    });
    this.#callbacks.set(key, result);
    if (this.#callbacks.size > MAX_REMEMBERED) {
      const oldest = this.#callbacks.keys().next().value;
      if (oldest !== undefined) this.#callbacks.delete(oldest);
    }
    return result;
  }

  #navigationOrFail(): Navigate {
    if (this.#navigate) return this.#navigate;
    throw new AuthError(
      'unsupported',
      'There is no page to navigate here: use createAuthorizationUrl(), or pass oauth2({ navigate })',
    );
  }
}

/** Takes the callback's parameters out of the address bar (and so out of the history and referrers). */
function cleanAddressBar(url: URL): void {
  const clean = new URL(url);
  for (const name of CALLBACK_PARAMS) clean.searchParams.delete(name);
  if (CALLBACK_PARAMS.some((name) => new URLSearchParams(url.hash.slice(1)).has(name)))
    clean.hash = '';
  if (clean.href !== url.href) window.history.replaceState(window.history.state, '', clean.href);
}

/** In our popup: hands the callback to the opener (postMessage, and a BroadcastChannel where the opener was cut off) and closes. */
function relayToOpener(url: URL): boolean {
  if (window.name !== POPUP_NAME) return false;
  const message = { type: MESSAGE_TYPE, url: url.href };
  try {
    window.opener?.postMessage(message, window.location.origin);
  } catch {
    // An opener on another origin, or gone: the channel below still reaches it.
  }
  if (typeof BroadcastChannel === 'function') {
    const channel = new BroadcastChannel(MESSAGE_TYPE);
    channel.postMessage(message);
    channel.close();
  }
  window.close();
  return true;
}

/**
 * The callback URL of the sign-in with `state`, from the popup's page (same origin, ours, matching
 * state). Rejects with `popup_closed` when the user closes the popup, or after 10 minutes.
 */
function waitForCallback(popup: Window, state: string): Promise<URL> {
  return new Promise((resolve, reject) => {
    const channel =
      typeof BroadcastChannel === 'function' ? new BroadcastChannel(MESSAGE_TYPE) : undefined;
    let closedSince: number | undefined;
    const finish = (outcome: () => void) => {
      window.removeEventListener('message', onMessage);
      channel?.close();
      clearInterval(poll);
      clearTimeout(deadline);
      outcome();
    };
    const accept = (data: unknown) => {
      const { type, url } = (data ?? {}) as { type?: unknown; url?: unknown };
      if (type !== MESSAGE_TYPE || typeof url !== 'string') return;
      let callback: URL;
      try {
        callback = new URL(url);
      } catch {
        return;
      }
      if (callbackParams(callback).get('state') === state) finish(() => resolve(callback));
    };
    const onMessage = (event: MessageEvent) => {
      if (event.origin === window.location.origin) accept(event.data);
    };
    window.addEventListener('message', onMessage);
    if (channel) channel.onmessage = (event) => accept(event.data);
    const closed = () =>
      finish(() =>
        reject(
          new AuthError('popup_closed', 'The sign-in popup was closed before the sign-in finished'),
        ),
      );
    const poll = setInterval(() => {
      // A popup closes itself right after posting: give its message one more round to arrive.
      if (!popup.closed) return;
      if (closedSince === undefined) closedSince = Date.now();
      else closed();
    }, CLOSED_POLL_MS);
    const deadline = setTimeout(closed, TRANSACTION_TTL);
  });
}
