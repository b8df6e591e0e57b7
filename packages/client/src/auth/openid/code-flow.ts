import * as oauth from 'oauth4webapi';
import { AuthError } from '../../errors/auth-error.js';
import { isAuthError } from '../../errors/guards.js';
import { rememberSecret } from '../../internal/redact.js';
import type { ServerClock } from '../server-clock.js';
import type { SignInOptions } from '../session.js';
import type { SessionStorage } from '../session-storage.js';
import type { SignInTransaction } from '../stored-tokens.js';
import { expiryOf, type TokenSet } from '../token-endpoint.js';
import type { TokenSource } from '../token-source.js';
import { fromProtocolError } from './protocol-errors.js';
import { type ProviderContext, requestOptions } from './provider.js';

/** What a `CodeFlow` is made of, put together by `oauth2()`. */
export interface CodeFlowConfig {
  metadata: () => Promise<oauth.AuthorizationServer>;
  clientId: string;
  clientSecret?: string | undefined;
  redirectUri: string;
  /** Scopes asked for when a sign-in names none. */
  scope: string;
  context: ProviderContext;
  clock: ServerClock;
  storage: SessionStorage;
}

/** Authorization parameters the flow sets itself: `params` may not replace them. */
const RESERVED = new Set([
  'client_id',
  'redirect_uri',
  'response_type',
  'state',
  'nonce',
  'code_challenge',
  'code_challenge_method',
]);

/** Parameters of a callback URL that must not stay in the address bar or the history. */
export const CALLBACK_PARAMS = [
  'code',
  'state',
  'iss',
  'error',
  'error_description',
  'error_uri',
  'session_state',
];

/**
 * The authorization code flow with PKCE (RFC 6749 §4.1, RFC 7636) and OpenID Connect, on
 * oauth4webapi: authorization URLs with a fresh state, nonce and code verifier kept in the session's
 * storage until the callback, callback validation (state, RFC 9207 `iss`, errors), the code exchange,
 * and ID token validation including its signature against the provider's JWKS.
 */
export class CodeFlow {
  readonly #config: CodeFlowConfig;
  readonly #client: oauth.Client;
  /** The metadata object the JWKS is cached under; replaced to fetch the keys again. */
  #keysOf: oauth.AuthorizationServer | undefined;
  #jwks: oauth.JWKSCacheInput = {};

  constructor(config: CodeFlowConfig) {
    this.#config = config;
    this.#client = { client_id: config.clientId };
  }

  /** A new sign-in's authorization URL; its transaction is stored before the URL is handed out. */
  async createAuthorizationUrl(options: SignInOptions = {}): Promise<{ url: URL; state: string }> {
    const params = checkSignInOptions(options);
    const as = await this.#config.metadata();
    if (!as.authorization_endpoint) {
      throw new AuthError('discovery_failed', 'The provider has no authorization endpoint');
    }
    const verifier = oauth.generateRandomCodeVerifier();
    const state = oauth.generateRandomState();
    const nonce = oauth.generateRandomNonce();
    rememberSecret(verifier);
    const url = new URL(as.authorization_endpoint);
    const scope = scopeText(options.scope) ?? this.#config.scope;
    const set = (name: string, value: string | number | undefined) => {
      if (value !== undefined && value !== '') url.searchParams.set(name, String(value));
    };
    for (const [name, value] of Object.entries(params)) set(name, value);
    set('client_id', this.#config.clientId);
    set('redirect_uri', this.#config.redirectUri);
    set('response_type', 'code');
    set('scope', scope);
    set('state', state);
    set('nonce', nonce);
    set('code_challenge', await oauth.calculatePKCECodeChallenge(verifier));
    set('code_challenge_method', 'S256');
    set('prompt', options.prompt);
    set('login_hint', options.loginHint);
    set('acr_values', options.acrValues);
    set('max_age', options.maxAge);
    await this.#config.storage.addPending({
      state,
      nonce,
      verifier,
      redirectUri: this.#config.redirectUri,
      scope,
      returnTo: options.returnTo,
      maxAge: options.maxAge,
      createdAt: Date.now(),
    });
    return { url, state };
  }

  /**
   * Checks a callback URL against the sign-in it belongs to (spending that sign-in), and returns the
   * token source that exchanges its code. Rejects with `AuthError`: `invalid_callback` for a URL no
   * sign-in waits for, `access_denied`, `login_required` or `sign_in_rejected` for the provider's
   * refusals.
   */
  async callback(url: URL): Promise<{ source: TokenSource; returnTo: string | undefined }> {
    const params = callbackParams(url);
    const request = { method: 'GET', url: `${url.origin}${url.pathname}` };
    const state = params.get('state');
    const transaction = state ? await this.#config.storage.takePending(state) : undefined;
    if (!transaction) {
      throw new AuthError(
        'invalid_callback',
        state
          ? 'No sign-in of this app is waiting for this callback: its state is unknown, already used or older than 10 minutes'
          : 'The callback URL has no state: it is not the answer to a sign-in of this app',
        { request },
      );
    }
    const as = await this.#config.metadata();
    let validated: URLSearchParams;
    try {
      validated = oauth.validateAuthResponse(as, this.#client, params, transaction.state);
    } catch (error) {
      throw fromProtocolError(error, { step: 'callback', request });
    }
    const code = validated.get('code') ?? undefined;
    rememberSecret(code);
    return {
      source: {
        canObtain: () => true,
        obtain: (_, signal) => this.#exchange(as, validated, transaction, signal),
      },
      returnTo: transaction.returnTo,
    };
  }

  /** The provider's end-session URL (RP-initiated logout), or `undefined` when it has none. */
  async endSessionUrl(returnTo: string | undefined): Promise<URL | undefined> {
    const as = await this.#config.metadata();
    if (!as.end_session_endpoint) return undefined;
    const url = new URL(as.end_session_endpoint);
    url.searchParams.set('client_id', this.#config.clientId);
    if (returnTo !== undefined)
      url.searchParams.set(
        'post_logout_redirect_uri',
        new URL(returnTo, this.#config.redirectUri).href,
      );
    return url;
  }

  async #exchange(
    as: oauth.AuthorizationServer,
    params: URLSearchParams,
    transaction: SignInTransaction,
    signal: AbortSignal,
  ): Promise<TokenSet> {
    const tokenUrl = as.token_endpoint ?? '';
    const request = { method: 'POST', url: tokenUrl };
    const { clientSecret } = this.#config;
    const client: oauth.Client = {
      ...this.#client,
      [oauth.clockSkew]: this.#config.clock.offset / 1000,
    };
    let response: Response;
    let receivedAt: number;
    let result: oauth.TokenEndpointResponse;
    try {
      response = await oauth.authorizationCodeGrantRequest(
        as,
        client,
        clientSecret ? oauth.ClientSecretBasic(clientSecret) : oauth.None(),
        params,
        transaction.redirectUri,
        transaction.verifier,
        requestOptions(this.#config.context, tokenUrl, signal),
      );
      receivedAt = Date.now();
      this.#config.clock.observe(response.headers.get('date'), receivedAt);
      client[oauth.clockSkew] = this.#config.clock.offset / 1000;
      result = await oauth.processAuthorizationCodeResponse(as, client, response, {
        expectedNonce: transaction.nonce,
        requireIdToken: transaction.scope.split(' ').includes('openid'),
        ...(transaction.maxAge !== undefined && { maxAge: transaction.maxAge }),
      });
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      throw fromProtocolError(error, { step: 'code_exchange', request });
    }
    rememberSecret(result.access_token);
    rememberSecret(result.refresh_token);
    rememberSecret(result.id_token);
    if (result.id_token) await this.#verifySignature(as, response, signal);
    const user = oauth.getValidatedIdTokenClaims(result);
    return {
      accessToken: result.access_token,
      refreshToken: result.refresh_token,
      ...expiryOf(result.access_token, result.expires_in, receivedAt, this.#config.clock),
      scope: result.scope?.split(' ').filter(Boolean),
      idToken: result.id_token,
      user: user && { ...user },
    };
  }

  /**
   * Checks the ID token of a refresh (OpenID Connect Core §12.2) with oauth4webapi, as at sign-in
   * (`iss`, `aud`, `azp`, `exp`, `iat`, the signature against the JWKS), and against the signed-in
   * user: the same `sub`, and the same `nonce` and `auth_time` where it carries them. A failed check
   * is `invalid_id_token`; a JWKS that cannot be fetched now keeps the current ID token and user
   * (the new one is not taken unchecked, and the tokens the refresh bought are not thrown away).
   */
  async refreshedIdToken(
    idToken: string,
    current: TokenSet,
    signal: AbortSignal,
  ): Promise<Pick<TokenSet, 'idToken' | 'user'>> {
    const as = await this.#config.metadata();
    const request = { method: 'POST', url: as.token_endpoint ?? '' };
    // oauth4webapi validates ID tokens found in token responses: hand it this one as such.
    const response = new Response(
      JSON.stringify({ access_token: '-', token_type: 'bearer', id_token: idToken }),
      { headers: { 'content-type': 'application/json' } },
    );
    const client: oauth.Client = {
      ...this.#client,
      [oauth.clockSkew]: this.#config.clock.offset / 1000,
    };
    let claims: oauth.IDToken | undefined;
    try {
      claims = oauth.getValidatedIdTokenClaims(
        await oauth.processRefreshTokenResponse(as, client, response),
      );
    } catch (error) {
      throw fromProtocolError(error, { step: 'id_token', request });
    }
    const before = current.user ?? {};
    const mismatch = (['sub', 'nonce', 'auth_time'] as const).find(
      (name) =>
        (name === 'sub' || (claims?.[name] !== undefined && before[name] !== undefined)) &&
        claims?.[name] !== before[name],
    );
    if (mismatch) {
      throw new AuthError(
        'invalid_id_token',
        `The ID token of a refresh does not match the signed-in user's: its ${mismatch} differs`,
        { request },
      );
    }
    try {
      await this.#verifySignature(as, response, signal);
    } catch (error) {
      if (isAuthError(error) || signal.aborted) throw error;
      return { idToken: current.idToken, user: current.user };
    }
    return { idToken, user: { ...claims } };
  }

  /**
   * The ID token's signature, against the provider's JWKS. The keys are cached; a token signed with
   * a key the cache does not have fetches the JWKS again, once, so a rotation is picked up at once.
   */
  async #verifySignature(as: oauth.AuthorizationServer, response: Response, signal: AbortSignal) {
    const jwksUrl = as.jwks_uri ?? '';
    for (let attempt = 0; ; attempt++) {
      this.#keysOf ??= { ...as };
      try {
        await oauth.validateApplicationLevelSignature(this.#keysOf, response, {
          [oauth.jwksCache]: this.#jwks,
          ...requestOptions(this.#config.context, jwksUrl, signal),
        });
        return;
      } catch (error) {
        if (signal.aborted) throw signal.reason;
        const unknownKey =
          error instanceof oauth.OperationProcessingError && error.code === oauth.KEY_SELECTION;
        if (attempt === 0 && unknownKey) {
          this.#keysOf = undefined;
          this.#jwks = {};
          continue;
        }
        throw fromProtocolError(error, {
          step: 'id_token',
          request: { method: 'GET', url: jwksUrl },
        });
      }
    }
  }
}

/** The authorization response's parameters: in the query, or in the fragment (`response_mode=fragment`). */
export function callbackParams(url: URL): URLSearchParams {
  if (
    url.searchParams.has('state') ||
    url.searchParams.has('code') ||
    url.searchParams.has('error')
  )
    return url.searchParams;
  return new URLSearchParams(url.hash.slice(1));
}

function scopeText(scope: string | string[] | undefined): string | undefined {
  const text = Array.isArray(scope) ? scope.join(' ') : scope;
  return text?.trim() ? text.trim() : undefined;
}

const fail = (message: string): never => {
  throw new TypeError(`@org/client: sign-in: ${message}`);
};

/** Checks a sign-in's options, naming what is wrong; returns the extra authorization parameters. */
function checkSignInOptions(options: SignInOptions): Record<string, string> {
  if (options === null || typeof options !== 'object') fail('options must be an object');
  const { scope, returnTo, prompt, loginHint, acrValues, maxAge, params = {} } = options;
  if (scope !== undefined && typeof scope !== 'string' && !Array.isArray(scope))
    fail('scope must be a string or a list of strings');
  for (const [name, value] of Object.entries({ returnTo, prompt, loginHint, acrValues })) {
    if (value !== undefined && typeof value !== 'string') fail(`${name} must be a string`);
  }
  if (maxAge !== undefined && !(Number.isInteger(maxAge) && maxAge >= 0))
    fail('maxAge must be a whole number of seconds ≥ 0');
  if (params === null || typeof params !== 'object') fail('params must be an object of strings');
  for (const [name, value] of Object.entries(params)) {
    if (RESERVED.has(name)) fail(`params may not set ${name}: the sign-in sets it`);
    if (typeof value !== 'string') fail(`params.${name} must be a string`);
  }
  return params;
}
