/** The text that replaces a secret wherever one would leave the package. */
export const REDACTED = '[redacted]';

// `code` stays readable in bodies, where APIs use it for error codes; in URLs it is an OAuth authorization code.
const SECRET_KEY =
  /^(access_?token|refresh_?token|id_?token|client_?secret|password|authorization|api_?key|token|code_verifier|assertion)$/i;
const SECRET_PARAM =
  /^(access_?token|refresh_?token|id_?token|client_?secret|password|api_?key|token|code|code_verifier|assertion|key|sig|signature)$/i;
/** Credentials written after an auth scheme, in headers echoed into bodies or messages. */
const SCHEME_CREDENTIAL = /\b(Bearer|Basic|DPoP)\s+[A-Za-z0-9\-._~+/]+=*/gi;
/** Secrets shorter than this cannot be told from ordinary words, so they are not searched for. */
const MIN_SECRET_LENGTH = 8;
/** How many secrets that no owner holds any more are still scrubbed (rotated tokens, passwords after sign-in). */
const RECENT_LIMIT = 256;

/**
 * The secrets one owner (a session, a bearer strategy) holds now: its live tokens and its client
 * secret. They are scrubbed from every error, event and log text for as long as the owner holds
 * them, however many other secrets come and go; only when the owner lets one go (a rotation, a
 * sign-out) or is itself garbage collected does it join the bounded list of recent secrets.
 */
export class SecretSet {
  #fixed: ReadonlySet<string>;
  #live = new Set<string>();

  /** `fixed` secrets (a client secret) are held for the owner's whole life. */
  constructor(fixed: Iterable<string | undefined> = []) {
    this.#fixed = new Set(usable(fixed));
    owners.add(new WeakRef(this));
  }

  /** Makes `secrets` the live ones; the ones they replace become recent. */
  replace(secrets: Iterable<string | undefined>): void {
    const next = new Set(usable(secrets));
    for (const secret of this.#live) if (!next.has(secret)) rememberSecret(secret);
    this.#live = next;
  }

  /** Adds `secret` to the live ones (e.g. a password for the length of a sign-in). */
  hold(secret: string | undefined): void {
    for (const value of usable([secret])) this.#live.add(value);
  }

  /** Lets `secret` go: it becomes recent. */
  release(secret: string | undefined): void {
    if (secret !== undefined && this.#live.delete(secret)) rememberSecret(secret);
  }

  /** @internal */
  *secrets(): Iterable<string> {
    yield* this.#fixed;
    yield* this.#live;
  }
}

function* usable(secrets: Iterable<string | undefined>): Iterable<string> {
  for (const secret of secrets) {
    if (typeof secret === 'string' && secret.length >= MIN_SECRET_LENGTH) yield secret;
  }
}

const owners = new Set<WeakRef<SecretSet>>();
/** Secrets no owner holds now, oldest first; bounded so a long-lived process does not grow. */
const recent = new Set<string>();

/**
 * Registers a secret that no owner holds (a token just read from a token response, a rotated-away
 * token): scrubbed while it is among the last few hundred such secrets.
 */
export function rememberSecret(secret: string | undefined): void {
  for (const value of usable([secret])) {
    recent.delete(value);
    recent.add(value);
  }
  while (recent.size > RECENT_LIMIT) {
    const oldest = recent.values().next().value;
    if (oldest === undefined) break;
    recent.delete(oldest);
  }
}

function* knownSecrets(): Iterable<string> {
  for (const ref of owners) {
    const owner = ref.deref();
    if (owner) yield* owner.secrets();
    else owners.delete(ref);
  }
  yield* recent;
}

/** `text` with every known secret and every credential written after an auth scheme replaced. */
export function redactText(text: string): string {
  let result = text.replace(SCHEME_CREDENTIAL, `$1 ${REDACTED}`);
  for (const secret of knownSecrets()) {
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
  if (value === null || typeof value !== 'object') return value;
  // Deeper than any error body needs to be: dropped rather than searched, so nothing slips through.
  if (depth > 8) return REDACTED;
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
