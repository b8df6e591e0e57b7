import { MockClock } from './clock.js';
import { type Fault, FaultQueue } from './faults.js';
import {
  defaultTokenLifetimes,
  demoIdentities,
  type MockClient,
  type MockUser,
} from './identities.js';
import { AuthorizationStore } from './oauth/authorizations.js';
import { SigningKeys } from './oauth/signing-keys.js';
import { TokenStore } from './oauth/token-store.js';
import { type RateLimit, RateLimiter } from './rate-limiter.js';
import { type RecordedRequest, RequestLog } from './request-log.js';
import type { RouteName } from './routes.js';
import { simulatedWeather, type WeatherSource } from './weather/weather-source.js';

/** Options of `createMockApi`. Every one has a default that suits tests. */
export interface MockApiOptions {
  /**
   * Origin (optionally with a path prefix) the handlers answer for, e.g. `https://api.example.com`.
   * Default: any origin, so the same handlers serve tests, the browser and the HTTP server.
   */
  baseUrl?: string;
  /** Access-token lifetime in seconds. Default 3600. */
  accessTokenTtl?: number;
  /** Refresh-token lifetime in seconds. Default 14 days. */
  refreshTokenTtl?: number;
  /** Start with the mock clock stopped at this time. Default: the real clock. */
  now?: Date | number | string;
  /** Delay before every answer, in ms, to make a demo feel like a network. Default 0. */
  latency?: number;
  /** A per-token rate limit on the resource routes. Default: none. */
  rateLimit?: RateLimit;
  /** More users, beside the demo users. */
  users?: MockUser[];
  /** More clients, beside the demo clients. */
  clients?: MockClient[];
  /** HS256 key that signs access tokens. Default: a fixed development key. */
  signingKey?: string;
  /** Where weather values come from. Default: the deterministic simulation; see `openMeteoWeather()`. */
  weather?: WeatherSource;
}

/** Drives the mock API from a test or a demo: time, tokens, identities, failures and the request log. */
export interface MockApiController {
  /** The clock every token lifetime, `Date` header and weather value follows. */
  readonly clock: MockClock;
  /** Every request received so far, in order, with the token it carried. */
  readonly requests: readonly RecordedRequest[];
  /** How many times a rotated refresh token was presented again (each revoked its family). */
  readonly reuseDetections: number;
  /** Changes the lifetimes (seconds) of tokens issued from now on. */
  setTokenLifetimes(lifetimes: { accessToken?: number; refreshToken?: number }): void;
  /** Adds (or replaces) a user of the password grant. */
  addUser(user: MockUser): void;
  /** Adds (or replaces) an OAuth2 client. */
  addClient(client: MockClient): void;
  /** Revokes an access or refresh token, as the server would; `false` when it was unknown. */
  revokeToken(token: string): Promise<boolean>;
  /** Revokes every token, or every token of one subject (a username or client id). */
  revokeAll(sub?: string): void;
  /** Makes every access token issued so far expire now; refresh tokens stay valid. */
  expireAccessTokens(): void;
  /**
   * Starts signing ID tokens with a new key. The JWKS keeps the previous two, so a relying party
   * that cached the old set meets an unknown `kid` and must fetch the set again.
   */
  rotateSigningKeys(): void;
  /** Makes the next `times` (default 1) requests to `route` (or to any route, `*`) fail with `fault`. */
  injectFault(route: RouteName | '*', fault: Fault, options?: { times?: number }): void;
  /** Drops faults not yet used. */
  clearFaults(): void;
  /** Turns the per-token rate limit on, or off with `undefined`. */
  setRateLimit(limit: RateLimit | undefined): void;
  /** Sets the delay before every answer, in ms. */
  setLatency(ms: number): void;
  /** Empties the request log. */
  clearRequests(): void;
  /** Returns to the state `createMockApi` made: tokens, identities, favorites, faults, log and clock. */
  reset(): void;
}

const DEFAULT_SIGNING_KEY = 'org-mock-api development key: not a secret';

/** The mock API's state; routes read and change it, tests drive it through `MockApiController`. */
export class MockApiState implements MockApiController {
  readonly clock = new MockClock();
  readonly tokens: TokenStore;
  /** Authorization requests on the login page and the codes they produced. */
  readonly authorizations = new AuthorizationStore(this.clock);
  /** The ES256 keys that sign ID tokens. */
  readonly signingKeys = new SigningKeys();
  /** The configured `baseUrl` without a trailing slash: the OpenID issuer when set. */
  readonly baseUrl: string | undefined;
  readonly users = new Map<string, MockUser>();
  readonly clients = new Map<string, MockClient>();
  /** Favorites per subject: city id → time added. */
  readonly favorites = new Map<string, Map<string, number>>();
  readonly faults = new FaultQueue();
  readonly rateLimiter = new RateLimiter();
  readonly log = new RequestLog();
  latency = 0;
  /** Set by the browser adapter: the mock runs inside a page, so its login page works only in that page's popups. */
  pageHosted = false;
  readonly weather: WeatherSource;
  readonly #options: MockApiOptions;

  constructor(options: MockApiOptions = {}) {
    this.#options = options;
    this.baseUrl = options.baseUrl?.replace(/\/+$/, '');
    this.weather = options.weather ?? simulatedWeather;
    this.tokens = new TokenStore(
      this.clock,
      options.signingKey ?? DEFAULT_SIGNING_KEY,
      { ...defaultTokenLifetimes },
      'org-mock-api',
    );
    this.reset();
  }

  get requests(): readonly RecordedRequest[] {
    return this.log.entries;
  }

  get reuseDetections(): number {
    return this.tokens.reuseDetections;
  }

  setTokenLifetimes({
    accessToken,
    refreshToken,
  }: {
    accessToken?: number;
    refreshToken?: number;
  }): void {
    for (const [name, value] of Object.entries({ accessToken, refreshToken })) {
      if (value !== undefined && !(Number.isFinite(value) && value > 0)) {
        throw new RangeError(
          `@org/mock-api: ${name} lifetime must be a positive number of seconds`,
        );
      }
    }
    if (accessToken !== undefined) this.tokens.lifetimes.accessToken = accessToken;
    if (refreshToken !== undefined) this.tokens.lifetimes.refreshToken = refreshToken;
  }

  addUser(user: MockUser): void {
    this.users.set(user.username, user);
    this.favorites.set(
      user.username,
      new Map((user.favorites ?? []).map((city) => [city, this.clock.now()])),
    );
  }

  addClient(client: MockClient): void {
    this.clients.set(client.clientId, client);
  }

  revokeToken(token: string): Promise<boolean> {
    return this.tokens.revoke(token);
  }

  revokeAll(sub?: string): void {
    this.tokens.revokeAll(sub);
  }

  expireAccessTokens(): void {
    this.tokens.expireAccessTokens();
  }

  rotateSigningKeys(): void {
    this.signingKeys.rotate();
  }

  injectFault(route: RouteName | '*', fault: Fault, { times = 1 }: { times?: number } = {}): void {
    this.faults.add(route, fault, times);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  setRateLimit(limit: RateLimit | undefined): void {
    this.rateLimiter.policy = limit;
    this.rateLimiter.clear();
  }

  setLatency(ms: number): void {
    this.latency = ms;
  }

  clearRequests(): void {
    this.log.clear();
  }

  reset(): void {
    const options = this.#options;
    if (options.now === undefined) this.clock.useRealTime();
    else this.clock.set(options.now);
    this.tokens.clear();
    this.authorizations.clear();
    this.signingKeys.clear();
    this.tokens.lifetimes = { ...defaultTokenLifetimes };
    this.setTokenLifetimes({
      ...(options.accessTokenTtl !== undefined && { accessToken: options.accessTokenTtl }),
      ...(options.refreshTokenTtl !== undefined && { refreshToken: options.refreshTokenTtl }),
    });
    this.users.clear();
    this.clients.clear();
    this.favorites.clear();
    for (const user of [...demoIdentities.users, ...(options.users ?? [])]) {
      this.addUser({ ...user, scope: [...user.scope], favorites: [...(user.favorites ?? [])] });
    }
    const clients: readonly MockClient[] = [...demoIdentities.clients, ...(options.clients ?? [])];
    for (const client of clients) {
      this.addClient({
        ...client,
        grants: [...client.grants],
        scope: [...client.scope],
        ...(client.redirectUris && { redirectUris: [...client.redirectUris] }),
        ...(client.postLogoutRedirectUris && {
          postLogoutRedirectUris: [...client.postLogoutRedirectUris],
        }),
      });
    }
    this.faults.clear();
    this.setRateLimit(options.rateLimit);
    this.latency = options.latency ?? 0;
    this.log.clear();
  }
}
