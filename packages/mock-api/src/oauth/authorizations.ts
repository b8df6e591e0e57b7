import type { MockClock } from '../clock.js';
import { AUTHORIZATION_CODE_TTL, AUTHORIZATION_REQUEST_TTL } from '../identities.js';
import { randomToken } from '../internal/base64url.js';

/** An authorization request (`GET /oauth/authorize`) waiting for the user on the login page. */
export interface PendingAuthorization {
  clientId: string;
  redirectUri: string;
  scope: string[];
  state: string | undefined;
  nonce: string | undefined;
  codeChallenge: string | undefined;
  loginHint: string | undefined;
  /** Where `response_mode` said the answer goes: `query` (default) or `fragment`. */
  responseMode: 'query' | 'fragment';
  expiresAt: number;
}

/** What an authorization code stands for, until it is exchanged (once). */
export interface IssuedCode {
  clientId: string;
  redirectUri: string;
  sub: string;
  scope: string[];
  nonce: string | undefined;
  codeChallenge: string | undefined;
  /** When the user signed in (seconds), the ID token's `auth_time`. */
  authTime: number;
  expiresAt: number;
  /** Set once exchanged: the token family its tokens belong to, revoked if the code comes back. */
  familyId?: string;
}

/** The outcome of presenting an authorization code at the token endpoint. */
export type Redemption =
  | { ok: true; code: IssuedCode }
  | { ok: false; reason: 'unknown' | 'expired' | 'reused'; familyId?: string };

/**
 * Authorization requests in progress (10 minutes on the login page) and the codes they produced
 * (single use, 60 s), on the mock clock. Both are keyed by unguessable random ids.
 */
export class AuthorizationStore {
  readonly #pending = new Map<string, PendingAuthorization>();
  readonly #codes = new Map<string, IssuedCode>();
  readonly #clock: MockClock;

  constructor(clock: MockClock) {
    this.#clock = clock;
  }

  /** Keeps a request for the login page; returns the transaction id the page posts back. */
  begin(request: Omit<PendingAuthorization, 'expiresAt'>): string {
    const id = randomToken(16);
    this.#pending.set(id, {
      ...request,
      expiresAt: this.#clock.now() + AUTHORIZATION_REQUEST_TTL * 1000,
    });
    return id;
  }

  /** The request behind a transaction id, unless unknown or expired. */
  pending(id: string): PendingAuthorization | undefined {
    const request = this.#pending.get(id);
    if (!request) return undefined;
    if (this.#clock.now() >= request.expiresAt) {
      this.#pending.delete(id);
      return undefined;
    }
    return request;
  }

  /** Ends a transaction (signed in or cancelled): its id cannot be posted again. */
  finish(id: string): void {
    this.#pending.delete(id);
  }

  /** Issues a code for a signed-in user. */
  issueCode(code: Omit<IssuedCode, 'expiresAt' | 'familyId'>): string {
    const value = randomToken(24);
    this.#codes.set(value, {
      ...code,
      expiresAt: this.#clock.now() + AUTHORIZATION_CODE_TTL * 1000,
    });
    return value;
  }

  /**
   * Redeems a code for the token family `familyId`. The first presentation within its lifetime is
   * good and spends it, at once, so two concurrent requests cannot both win; any later one is
   * `reused`, with the family to revoke (RFC 6749 §4.1.2).
   */
  redeem(value: string, familyId: string): Redemption {
    const code = this.#codes.get(value);
    if (!code) return { ok: false, reason: 'unknown' };
    if (code.familyId !== undefined)
      return { ok: false, reason: 'reused', familyId: code.familyId };
    if (this.#clock.now() >= code.expiresAt) return { ok: false, reason: 'expired' };
    code.familyId = familyId;
    return { ok: true, code };
  }

  clear(): void {
    this.#pending.clear();
    this.#codes.clear();
  }
}
