/** Decides which requests may carry the token: see `createOriginPolicy`. */
export interface OriginPolicy {
  allows(url: string): boolean;
}

/**
 * Tokens go only to the API's origin and the allowed origins, never over plain http except to this
 * machine, and never as a bearer to the credential endpoints (token, revocation). Origins are compared
 * after URL parsing, so case, default ports and user-info tricks (`https://api.example.com@evil.test`)
 * cannot smuggle a token out.
 */
export function createOriginPolicy(
  origins: readonly string[],
  credentialUrls: readonly string[],
): OriginPolicy {
  const allowed = new Set(origins.map((origin) => new URL(origin).origin));
  const credential = new Set(credentialUrls.map((url) => stripQuery(url)));
  // Apps call the same few URLs again and again: remember recent answers instead of parsing each time.
  const recent = new Map<string, boolean>();
  const decide = (url: string): boolean => {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return false;
    }
    // Allowed origins are https, or http on this machine: createClient refuses any other.
    if (!allowed.has(parsed.origin)) return false;
    return !credential.has(stripQuery(parsed.toString()));
  };
  return {
    allows(url) {
      let answer = recent.get(url);
      if (answer === undefined) {
        answer = decide(url);
        if (recent.size >= 256) recent.clear();
        recent.set(url, answer);
      }
      return answer;
    },
  };
}

function stripQuery(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`;
}
