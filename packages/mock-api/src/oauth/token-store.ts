import type { MockClock } from '../clock.js';
import { randomToken } from '../internal/base64url.js';
import { type AccessTokenClaims, JwtSigner } from './jwt.js';

/** What the resource server concluded about the bearer token a request carried. */
export type TokenStatus = 'none' | 'valid' | 'expired' | 'revoked' | 'invalid';

/** Who a token was issued to and for what. */
export interface Grant {
  sub: string;
  clientId: string;
  scope: string[];
  /** When the user signed in (seconds), for the ID tokens of a code-flow session and its refreshes. */
  authTime?: number;
}

interface AccessRecord extends Grant {
  jti: string;
  familyId: string;
  expiresAt: number;
  revoked: boolean;
}

interface RefreshRecord extends Grant {
  familyId: string;
  expiresAt: number;
  /** Set once the token has been exchanged: presenting it again is reuse. */
  rotated: boolean;
  revoked: boolean;
}

/** The body of a successful token response (RFC 6749 §5.1). */
export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_token?: string;
  scope: string;
  /** With the `openid` scope (authorization code, and its refreshes): an ES256-signed ID token. */
  id_token?: string;
}

/** The outcome of presenting a refresh token. */
export type RotationResult =
  | { ok: true; grant: Grant; familyId: string }
  | { ok: false; reason: 'unknown' | 'expired' | 'revoked' | 'reused' | 'wrong-client' };

/** Lifetimes of the tokens issued from now on, in seconds. */
export interface TokenLifetimes {
  /** Access-token lifetime in seconds. */
  accessToken: number;
  /** Refresh-token lifetime in seconds. */
  refreshToken: number;
}

/**
 * Every token the mock issued. Access tokens are signed JWTs, refresh tokens opaque strings;
 * both belong to a family (one login), so reusing a rotated refresh token can revoke the family.
 */
export class TokenStore {
  readonly #access = new Map<string, AccessRecord>();
  readonly #refresh = new Map<string, RefreshRecord>();
  readonly #signer: JwtSigner;
  readonly #clock: MockClock;
  readonly #issuer: string;
  lifetimes: TokenLifetimes;
  /** How many times a rotated refresh token was presented again. */
  reuseDetections = 0;

  constructor(clock: MockClock, signingKey: string, lifetimes: TokenLifetimes, issuer: string) {
    this.#clock = clock;
    this.#signer = new JwtSigner(signingKey);
    this.lifetimes = lifetimes;
    this.#issuer = issuer;
  }

  async issue(
    grant: Grant,
    options: { refreshToken: boolean; familyId?: string },
  ): Promise<TokenResponse> {
    const now = this.#clock.now();
    const familyId = options.familyId ?? randomToken(9);
    const jti = randomToken(12);
    const lifetime = this.lifetimes.accessToken;
    const iat = Math.floor(now / 1000);
    const claims: AccessTokenClaims = {
      iss: this.#issuer,
      sub: grant.sub,
      aud: 'weather-api',
      client_id: grant.clientId,
      scope: grant.scope.join(' '),
      iat,
      exp: iat + lifetime,
      jti,
    };
    this.#access.set(jti, {
      ...grant,
      jti,
      familyId,
      expiresAt: now + lifetime * 1000,
      revoked: false,
    });
    const response: TokenResponse = {
      access_token: await this.#signer.sign(claims),
      token_type: 'Bearer',
      expires_in: lifetime,
      scope: claims.scope,
    };
    if (options.refreshToken) {
      const refreshToken = randomToken(32);
      this.#refresh.set(refreshToken, {
        ...grant,
        familyId,
        expiresAt: now + this.lifetimes.refreshToken * 1000,
        rotated: false,
        revoked: false,
      });
      response.refresh_token = refreshToken;
    }
    return response;
  }

  /** Consumes a refresh token for `clientId`; a second use revokes its whole family. */
  rotate(refreshToken: string, clientId: string): RotationResult {
    const record = this.#refresh.get(refreshToken);
    if (!record) return { ok: false, reason: 'unknown' };
    if (record.clientId !== clientId) return { ok: false, reason: 'wrong-client' };
    if (record.revoked) return { ok: false, reason: 'revoked' };
    if (record.rotated) {
      this.reuseDetections++;
      this.revokeFamily(record.familyId);
      return { ok: false, reason: 'reused' };
    }
    if (this.#clock.now() >= record.expiresAt) return { ok: false, reason: 'expired' };
    record.rotated = true;
    const { sub, scope, authTime } = record;
    return {
      ok: true,
      grant: { sub, clientId, scope, ...(authTime !== undefined && { authTime }) },
      familyId: record.familyId,
    };
  }

  /** Checks a bearer token: signature, then the record's expiry and revocation. */
  async inspect(token: string): Promise<{ status: TokenStatus; grant?: Grant }> {
    const claims = await this.#signer.verify(token);
    const record = claims && this.#access.get(claims.jti);
    if (!record) return { status: 'invalid' };
    const { sub, clientId, scope } = record;
    if (record.revoked) return { status: 'revoked', grant: { sub, clientId, scope } };
    if (this.#clock.now() >= record.expiresAt)
      return { status: 'expired', grant: { sub, clientId, scope } };
    return { status: 'valid', grant: { sub, clientId, scope } };
  }

  /**
   * Revokes an access or refresh token (RFC 7009). A refresh token takes its family's access tokens
   * with it. Returns whether the token was known. Only the owning client may revoke.
   */
  async revoke(token: string, clientId?: string): Promise<boolean> {
    const refresh = this.#refresh.get(token);
    if (refresh) {
      if (clientId !== undefined && refresh.clientId !== clientId) return false;
      this.revokeFamily(refresh.familyId);
      return true;
    }
    const claims = await this.#signer.verify(token);
    const access = claims && this.#access.get(claims.jti);
    if (!access || (clientId !== undefined && access.clientId !== clientId)) return false;
    access.revoked = true;
    return true;
  }

  revokeFamily(familyId: string): void {
    for (const record of this.#access.values())
      if (record.familyId === familyId) record.revoked = true;
    for (const record of this.#refresh.values())
      if (record.familyId === familyId) record.revoked = true;
  }

  /** Revokes every token, or every token of one subject. */
  revokeAll(sub?: string): void {
    for (const record of [...this.#access.values(), ...this.#refresh.values()]) {
      if (sub === undefined || record.sub === sub) record.revoked = true;
    }
  }

  /** Makes every live access token expire now, as if its lifetime had run out. */
  expireAccessTokens(): void {
    const now = this.#clock.now();
    for (const record of this.#access.values()) record.expiresAt = Math.min(record.expiresAt, now);
  }

  clear(): void {
    this.#access.clear();
    this.#refresh.clear();
    this.reuseDetections = 0;
  }
}
