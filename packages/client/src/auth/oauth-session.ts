import { openPopup } from './openid/popup-window.js';
import type { BrowserSignIn } from './openid/sign-in.js';
import type {
  LogoutOptions,
  PasswordCredentials,
  PopupSignInOptions,
  RedirectCallbackResult,
  Session,
  SignInOptions,
} from './session.js';
import { noCodeFlow, noSignIn } from './session-state.js';
import { TokenSession } from './token-session.js';

/**
 * The session `oauth2()` hands to apps: the token state machine, and the ways in — the password
 * grant, and the authorization code flow through the provider — each ending in one sign-in.
 */
export class OAuthSession extends TokenSession implements Session {
  async login(credentials: PasswordCredentials): Promise<void> {
    const { username, password } = credentials ?? {};
    if (typeof username !== 'string' || typeof password !== 'string')
      throw new TypeError('@org/client: login needs a username and a password');
    const signIn = this.config.signIn;
    if (!signIn) throw noSignIn(this.config.codeFlow !== undefined);
    await this.signInWith(signIn(credentials));
  }

  async createAuthorizationUrl(options?: SignInOptions): Promise<{ url: URL }> {
    return (await this.#codeFlow()).createAuthorizationUrl(options);
  }

  async signInWithRedirect(options?: SignInOptions): Promise<void> {
    return (await this.#codeFlow()).signInWithRedirect(options);
  }

  async signInWithPopup(options: PopupSignInOptions = {}): Promise<void> {
    const load = this.#codeFlow();
    // In the click's task, before anything is awaited; closed again if the flow cannot start.
    const popup = options.popup ?? openPopup();
    const flow = await load.catch((error: unknown) => {
      popup.close();
      throw error;
    });
    return flow.signInWithPopup({ ...options, popup }, (source) => this.signInWith(source));
  }

  async handleRedirectCallback(url?: string | URL): Promise<RedirectCallbackResult> {
    // The address bar as it is now, before the code flow loads (a router may move on meanwhile).
    const addressBar =
      url === undefined && typeof window !== 'undefined' ? window.location.href : undefined;
    return (await this.#codeFlow()).handleRedirectCallback(
      url ?? addressBar,
      (source) => this.signInWith(source),
      url === undefined,
    );
  }

  async logout({ endSession, returnTo }: LogoutOptions = {}): Promise<void> {
    // Checked first: a provider session that cannot be ended leaves this one as it was.
    const leave = endSession ? await (await this.#codeFlow()).endSession(returnTo) : undefined;
    const tokens = await this.signOut();
    await leave?.(tokens?.idToken);
  }

  /** The code flow, loaded on first use; rejects for a client without a redirect URI. */
  #codeFlow(): Promise<BrowserSignIn> {
    const load = this.config.codeFlow;
    return load ? load() : Promise.reject(noCodeFlow());
  }
}
