import { base64url, randomToken } from '../internal/base64url.js';

/** A public key as the JWKS document publishes it (RFC 7517): ES256 on P-256. */
export interface PublicJwk {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
  kid: string;
  alg: 'ES256';
  use: 'sig';
}

interface KeyPair {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: PublicJwk;
}

/** Keys published after a rotation, so tokens signed before it still verify. */
const PUBLISHED_KEYS = 3;

const encoder = new TextEncoder();

/**
 * The provider's ID-token signing keys: ES256 key pairs made with Web Crypto (Node and browsers),
 * private keys not extractable. The newest signs; the JWKS lists it and the two before it, so a
 * relying party that cached the old set finds a new `kid` missing and must fetch the set again.
 */
export class SigningKeys {
  #keys: Promise<KeyPair>[] = [];

  /** The key that signs from now on (made on first use). */
  #current(): Promise<KeyPair> {
    if (this.#keys.length === 0) this.#keys.push(generate());
    return this.#keys[0] as Promise<KeyPair>;
  }

  /** Starts signing with a new key; the old ones stay published. */
  rotate(): void {
    this.#keys = [generate(), ...this.#keys].slice(0, PUBLISHED_KEYS);
  }

  /** Forgets every key: the next signature makes a new one. */
  clear(): void {
    this.#keys = [];
  }

  /** The JWKS document (`GET /oauth/jwks`). */
  async jwks(): Promise<{ keys: PublicJwk[] }> {
    await this.#current();
    const pairs = await Promise.all(this.#keys);
    return { keys: pairs.map((pair) => pair.publicJwk) };
  }

  /** A compact JWS of `claims` with the current key: `{ alg: ES256, typ: JWT, kid }`. */
  async sign(claims: Record<string, unknown>): Promise<string> {
    const { kid, privateKey } = await this.#current();
    const header = base64url(encoder.encode(JSON.stringify({ alg: 'ES256', typ: 'JWT', kid })));
    const payload = base64url(encoder.encode(JSON.stringify(claims)));
    const signature = await crypto.subtle.sign(
      { name: 'ECDSA', hash: 'SHA-256' },
      privateKey,
      encoder.encode(`${header}.${payload}`),
    );
    return `${header}.${payload}.${base64url(new Uint8Array(signature))}`;
  }
}

async function generate(): Promise<KeyPair> {
  const pair = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
  const jwk = await crypto.subtle.exportKey('jwk', pair.publicKey);
  const kid = randomToken(8);
  return {
    kid,
    privateKey: pair.privateKey,
    publicJwk: {
      kty: 'EC',
      crv: 'P-256',
      x: jwk.x as string,
      y: jwk.y as string,
      kid,
      alg: 'ES256',
      use: 'sig',
    },
  };
}
