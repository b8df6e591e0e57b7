import { base64url, fromBase64url } from '../internal/base64url.js';

/** Claims of the mock's access tokens. */
export interface AccessTokenClaims {
  iss: string;
  sub: string;
  aud: string;
  client_id: string;
  scope: string;
  iat: number;
  exp: number;
  jti: string;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Signs and verifies HS256 JWTs with a development key, using Web Crypto (Node and browsers alike). */
export class JwtSigner {
  readonly #key: Promise<CryptoKey>;

  constructor(secret: string) {
    this.#key = crypto.subtle.importKey(
      'raw',
      encoder.encode(secret),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign', 'verify'],
    );
  }

  async sign(claims: AccessTokenClaims): Promise<string> {
    const header = base64url(encoder.encode(JSON.stringify({ alg: 'HS256', typ: 'JWT' })));
    const payload = base64url(encoder.encode(JSON.stringify(claims)));
    const signature = await crypto.subtle.sign(
      'HMAC',
      await this.#key,
      encoder.encode(`${header}.${payload}`),
    );
    return `${header}.${payload}.${base64url(new Uint8Array(signature))}`;
  }

  /** The claims of a token this signer made, or `undefined` for anything else (forged, garbled, not a JWT). */
  async verify(token: string): Promise<AccessTokenClaims | undefined> {
    const [header, payload, signature, ...rest] = token.split('.');
    if (!header || !payload || !signature || rest.length > 0) return undefined;
    try {
      const valid = await crypto.subtle.verify(
        'HMAC',
        await this.#key,
        fromBase64url(signature),
        encoder.encode(`${header}.${payload}`),
      );
      if (!valid) return undefined;
      return JSON.parse(decoder.decode(fromBase64url(payload))) as AccessTokenClaims;
    } catch {
      return undefined;
    }
  }
}
