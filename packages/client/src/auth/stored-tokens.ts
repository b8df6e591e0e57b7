import { rememberSecret } from '../internal/redact.js';
import type { ServerClock } from './server-clock.js';
import type { TokenInput } from './session.js';
import { expiryOf, type TokenSet } from './token-endpoint.js';

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

/** The tokens of `session.setTokens()`, checked, with expiry on the local clock. */
export function tokensFromInput(input: TokenInput, clock: ServerClock): TokenSet {
  if (!input || typeof input.accessToken !== 'string' || input.accessToken.length === 0)
    throw new TypeError('@org/client: setTokens needs a non-empty accessToken');
  const { accessToken, refreshToken, expiresIn, scope } = input;
  if (expiresIn !== undefined && !(Number.isFinite(expiresIn) && expiresIn > 0))
    throw new TypeError('@org/client: setTokens: expiresIn must be a positive number of seconds');
  const expiresAt = input.expiresAt === undefined ? undefined : new Date(input.expiresAt).getTime();
  if (Number.isNaN(expiresAt)) throw new TypeError('@org/client: setTokens: invalid expiresAt');
  return {
    accessToken,
    refreshToken,
    scope: typeof scope === 'string' ? scope.split(' ').filter(Boolean) : scope,
    ...(expiresAt === undefined
      ? expiryOf(accessToken, expiresIn, Date.now(), clock)
      : { expiresAt: clock.toLocal(expiresAt) }),
  };
}
