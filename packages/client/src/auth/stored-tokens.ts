import { rememberSecret } from '../internal/redact.js';
import type { ServerClock } from './server-clock.js';
import type { TokenInput } from './session.js';
import { expiryOf, type TokenSet } from './token-endpoint.js';

const STORAGE_VERSION = 1;

/**
 * A sign-in on its way through the provider (authorization code flow): what the callback is checked
 * against, kept in the session's storage so a full-page redirect finds it again.
 */
export interface SignInTransaction {
  state: string;
  nonce: string;
  /** The PKCE code verifier: a secret until the code is exchanged. */
  verifier: string;
  redirectUri: string;
  /** The scopes asked for: with `openid`, the answer must carry an ID token. */
  scope: string;
  /** Where the app goes after the sign-in, as the app gave it. */
  returnTo?: string | undefined;
  /** The `max_age` asked for, checked against the ID token's `auth_time`. */
  maxAge?: number | undefined;
  /** When it began, local ms: transactions end after 10 minutes. */
  createdAt: number;
}

/** How long a sign-in may take from its authorization URL to its callback. */
export const TRANSACTION_TTL = 10 * 60_000;
/** At most this many sign-ins are kept waiting (abandoned tabs, double clicks); the oldest go first. */
const MAX_PENDING = 5;

/** What a session keeps in its storage: its tokens, and the sign-ins it is waiting for. */
export interface StoredSession {
  tokens?: TokenSet | undefined;
  pending: SignInTransaction[];
}

/** The session as it is written to storage; `undefined` when there is nothing to keep. */
export function encodeSession({ tokens, pending }: StoredSession): string | undefined {
  const live = livePending(pending);
  if (!tokens && live.length === 0) return undefined;
  return JSON.stringify({
    v: STORAGE_VERSION,
    ...tokens,
    ...(live.length > 0 && { pending: live }),
  });
}

/** Tokens as a session writes them to its storage. */
export function encodeTokens(tokens: TokenSet): string {
  return encodeSession({ tokens, pending: [] }) as string;
}

/** What `encodeSession` wrote; `undefined` for a value that is not ours. */
export function decodeSession(value: string | null | undefined): StoredSession | undefined {
  if (!value) return { pending: [] };
  let stored: { v?: unknown; pending?: unknown };
  try {
    stored = JSON.parse(value);
  } catch {
    return undefined;
  }
  if (stored === null || typeof stored !== 'object' || stored.v !== STORAGE_VERSION)
    return undefined;
  const pending = Array.isArray(stored.pending)
    ? livePending(stored.pending.filter(isTransaction))
    : [];
  for (const transaction of pending) rememberSecret(transaction.verifier);
  const tokens = decodeTokens(value);
  if (!tokens && pending.length === 0) return undefined;
  return { tokens, pending };
}

function isTransaction(value: unknown): value is SignInTransaction {
  const t = value as Partial<SignInTransaction> | null;
  return (
    typeof t === 'object' &&
    t !== null &&
    typeof t.state === 'string' &&
    typeof t.nonce === 'string' &&
    typeof t.verifier === 'string' &&
    typeof t.redirectUri === 'string' &&
    typeof t.scope === 'string' &&
    typeof t.createdAt === 'number' &&
    (t.returnTo === undefined || typeof t.returnTo === 'string') &&
    (t.maxAge === undefined || typeof t.maxAge === 'number')
  );
}

/** The transactions still open now, newest last, at most `MAX_PENDING`. */
function livePending(pending: SignInTransaction[]): SignInTransaction[] {
  const now = Date.now();
  return pending
    .filter((t) => t.createdAt <= now && now - t.createdAt < TRANSACTION_TTL)
    .slice(-MAX_PENDING);
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
      idToken: typeof stored.idToken === 'string' ? stored.idToken : undefined,
      user:
        stored.user !== null && typeof stored.user === 'object' && !Array.isArray(stored.user)
          ? stored.user
          : undefined,
    };
    rememberSecret(tokens.accessToken);
    rememberSecret(tokens.refreshToken);
    rememberSecret(tokens.idToken);
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
