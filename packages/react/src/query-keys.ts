import type { AnyEndpoint, Client, SessionState } from '@org/client';

/** First element of every query key this package makes. */
export const QUERY_KEY_ROOT = '@org/client';

/** The principal of a session whose token names nobody (an opaque token): every sign-in may be someone else. */
export const UNKNOWN_PRINCIPAL = 'authenticated';

/**
 * Who the session is, for query keys: the token's subject (or client id) while authenticated,
 * else the status. Two users never share a cache entry, and neither does an anonymous visitor.
 */
export function principalOf(state: SessionState): string {
  if (state.status !== 'authenticated') return state.status;
  // The ID token's user (validated) first; else a JWT access token's subject (opaque tokens have none).
  const subject = state.user?.sub ?? state.claims?.sub ?? state.claims?.client_id;
  return typeof subject === 'string' || typeof subject === 'number'
    ? `user:${subject}`
    : UNKNOWN_PRINCIPAL;
}

const clientNumbers = new WeakMap<Client, number>();
let clientsSeen = 0;

/**
 * The key prefix of every query of one client: purge, cancel or invalidate them all with it. It
 * names the API and the client: its `name` (`createClient({ name })`) when it has one, else a number
 * for the client object (in the order this module first sees clients). So two clients of one API,
 * such as two users side by side, never share or purge each other's entries. A server-rendered
 * client needs the same `name` as its browser twin for prefetched data to hydrate.
 */
export function clientQueryKey(client: Client): readonly [string, string, string | number] {
  if (client.name !== undefined) return [QUERY_KEY_ROOT, client.baseUrl, client.name] as const;
  let number = clientNumbers.get(client);
  if (number === undefined) {
    number = ++clientsSeen;
    clientNumbers.set(client, number);
  }
  return [QUERY_KEY_ROOT, client.baseUrl, number] as const;
}

/**
 * The query key of one endpoint for the current principal: `['@org/client', baseUrl, endpoint.name,
 * principal, input]`. Without `input`, a prefix that matches every input (for invalidation).
 */
export function authedQueryKey(client: Client, endpoint: AnyEndpoint, ...input: [] | [unknown]) {
  const base = [...clientQueryKey(client), endpoint.name] as const;
  if (input.length === 0) return base;
  return [...base, principalOf(client.session.getState()), input[0] ?? null] as const;
}
