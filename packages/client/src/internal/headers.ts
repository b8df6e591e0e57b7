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

/** The parameters of a `WWW-Authenticate: Bearer …` challenge (RFC 6750 §3), e.g. `{ error: 'insufficient_scope', scope: 'a b' }`. */
export function parseBearerChallenge(value: string | null): Record<string, string> {
  const params: Record<string, string> = {};
  if (value === null || value.length > 4096) return params;
  const bearer = /(?:^|,)\s*Bearer\b(.*)$/i.exec(value)?.[1];
  if (bearer === undefined) return params;
  for (const match of bearer.matchAll(
    /([A-Za-z_][\w-]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,"]+))/g,
  )) {
    const [, key, quoted, token] = match;
    if (key && !(key in params))
      params[key.toLowerCase()] = (quoted ?? token ?? '').replace(/\\(.)/g, '$1');
  }
  return params;
}
