import { rememberSecret } from '../internal/redact.js';
import type { TokenSet } from './token-endpoint.js';

const STORAGE_VERSION = 1;

/** Tokens as a session writes them to its storage. */
export function encodeTokens(tokens: TokenSet): string {
  return JSON.stringify({ v: STORAGE_VERSION, ...tokens });
}

/** Reads what `encodeTokens` wrote; `undefined` for anything unreadable or of another version. */
export function decodeTokens(value: string | null | undefined): TokenSet | undefined {
  if (!value) return undefined;
  try {
    const stored = JSON.parse(value) as Partial<TokenSet> & { v?: number };
    if (stored.v !== STORAGE_VERSION || typeof stored.accessToken !== 'string') return undefined;
    const tokens: TokenSet = {
      accessToken: stored.accessToken,
      refreshToken: typeof stored.refreshToken === 'string' ? stored.refreshToken : undefined,
      expiresAt: typeof stored.expiresAt === 'number' ? stored.expiresAt : undefined,
      lifetime: typeof stored.lifetime === 'number' ? stored.lifetime : undefined,
      scope: Array.isArray(stored.scope)
        ? stored.scope.filter((s) => typeof s === 'string')
        : undefined,
    };
    rememberSecret(tokens.accessToken);
    rememberSecret(tokens.refreshToken);
    return tokens;
  } catch {
    return undefined;
  }
}
