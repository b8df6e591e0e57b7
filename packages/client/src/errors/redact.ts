/** The text that replaces a secret wherever one would leave the package. */
export const REDACTED = '[redacted]';

// `code` stays readable in bodies, where APIs use it for error codes; in URLs it is an OAuth authorization code.
const SECRET_KEY =
  /^(access_?token|refresh_?token|id_?token|client_?secret|password|authorization|api_?key|token|code_verifier|assertion)$/i;
const SECRET_PARAM =
  /^(access_?token|refresh_?token|id_?token|client_?secret|password|api_?key|token|code|code_verifier|assertion|key|sig|signature)$/i;

/**
 * Secrets the package has seen (tokens, client secrets, passwords). Error, event and log text is
 * scrubbed of every one of them, whatever field it turns up in.
 */
const knownSecrets = new Set<string>();

/** Registers a secret so no error, event or log line ever shows it. Short strings are ignored: they cannot be told from ordinary words. */
export function rememberSecret(secret: string | undefined): void {
  if (secret && secret.length >= 8) knownSecrets.add(secret);
  // Bound the set: old tokens stop mattering once rotated away, and a long-lived app must not grow.
  if (knownSecrets.size > 256) {
    const oldest = knownSecrets.values().next().value;
    if (oldest !== undefined) knownSecrets.delete(oldest);
  }
}

/** `text` with every known secret and every bearer credential replaced. */
export function redactText(text: string): string {
  let result = text.replace(/\b(Bearer|Basic)\s+[A-Za-z0-9\-._~+/]+=*/gi, `$1 ${REDACTED}`);
  for (const secret of knownSecrets) {
    if (result.includes(secret)) result = result.replaceAll(secret, REDACTED);
  }
  return result;
}

/** A URL with the values of credential-like query parameters and any user info replaced. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.username || parsed.password) {
      parsed.username = parsed.username ? REDACTED : '';
      parsed.password = parsed.password ? REDACTED : '';
    }
    for (const key of [...parsed.searchParams.keys()]) {
      if (SECRET_PARAM.test(key)) parsed.searchParams.set(key, REDACTED);
    }
    return redactText(parsed.toString());
  } catch {
    return redactText(url);
  }
}

/** A deep copy of a parsed body with secret-named fields and known secrets replaced. */
export function redactValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object' || depth > 8) return value;
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      key,
      SECRET_KEY.test(key) && item !== null && item !== undefined
        ? REDACTED
        : redactValue(item, depth + 1),
    ]),
  );
}
