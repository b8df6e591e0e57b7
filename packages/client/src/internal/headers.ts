/**
 * The longest `Retry-After` the client waits out by itself, in ms: the token path caps its wait here,
 * and an API call told to wait longer fails at once with `HttpError.retryAfter`, so the app decides.
 */
export const MAX_RETRY_AFTER_MS = 60_000;

/** Seconds to wait from a `Retry-After` header (delta-seconds or HTTP-date), or `undefined` when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d{1,10}$/.test(text)) return Number(text);
  // An HTTP-date names its time zone (RFC 9110 §5.6.7); Date.parse alone accepts things like "-5".
  if (text.length > 64 || !/GMT$/i.test(text)) return undefined;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

/** One challenge of a `WWW-Authenticate` header: its scheme and parameters (names lowercased), or a token68. */
export interface Challenge {
  scheme: string;
  params: Record<string, string>;
  token68?: string;
}

const TOKEN_CHAR = /[!#$%&'*+\-.^_`|~0-9A-Za-z]/;
const TOKEN68 = /^([A-Za-z0-9\-._~+/]+=*)[ \t]*(?:,|$)/;

/**
 * Every challenge in a `WWW-Authenticate` header (RFC 9110 §11.6.1): several challenges in one
 * header, quoted strings with escapes and commas, token68 credentials. Lenient with junk, never
 * throws, and bounded by the header's length.
 */
export function parseChallenges(header: string | null): Challenge[] {
  const challenges: Challenge[] = [];
  if (header === null || header.length > 8192) return challenges;
  let i = 0;
  const skipSpace = () => {
    while (header[i] === ' ' || header[i] === '\t') i++;
  };
  const token = () => {
    const start = i;
    while (i < header.length && TOKEN_CHAR.test(header[i] as string)) i++;
    return header.slice(start, i);
  };
  const quoted = () => {
    let value = '';
    for (i++; i < header.length && header[i] !== '"'; i++) {
      if (header[i] === '\\' && i + 1 < header.length) i++;
      value += header[i];
    }
    i++;
    return value;
  };
  let current: Challenge | undefined;
  while (i < header.length) {
    skipSpace();
    if (header[i] === ',') {
      i++;
      continue;
    }
    const name = token();
    if (name === '') {
      i++; // not a token character where one must be: skip it
      continue;
    }
    skipSpace();
    if (current && header[i] === '=') {
      i++;
      skipSpace();
      const value = header[i] === '"' ? quoted() : token();
      const key = name.toLowerCase();
      if (!(key in current.params)) current.params[key] = value;
      continue;
    }
    current = { scheme: name, params: {} };
    challenges.push(current);
    const credentials = TOKEN68.exec(header.slice(i));
    if (credentials?.[1]) {
      current.token68 = credentials[1];
      i += credentials[1].length;
      current = undefined;
    }
  }
  return challenges;
}

/** The parameters of the `Bearer` challenge in a `WWW-Authenticate` header (RFC 6750 §3), e.g. `{ error: 'insufficient_scope', scope: 'a b' }`. */
export function parseBearerChallenge(value: string | null): Record<string, string> {
  return (
    parseChallenges(value).find((challenge) => challenge.scheme.toLowerCase() === 'bearer')
      ?.params ?? {}
  );
}
