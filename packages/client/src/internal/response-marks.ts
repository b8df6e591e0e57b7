import type { ServerClock } from '../auth/server-clock.js';
import { parseRetryAfter } from './headers.js';

/** Responses to requests that carried the client's credential: a 401 among them rejected a token we sent. */
const authenticated = new WeakSet<Response>();

/** Records that `response` answers a request that carried the client's credential. */
export function markAuthenticated(response: Response): void {
  authenticated.add(response);
}

/** Whether `response` answers a request that carried the client's credential. */
export function wasAuthenticated(response: Response): boolean {
  return authenticated.has(response);
}

/** The server's idea of now: its `Date` header, else our clock moved by the offset learned so far. */
export function serverNow(headers: Headers, clock: ServerClock): number {
  const date = Date.parse(headers.get('date') ?? '');
  return Number.isNaN(date) ? clock.toServer(Date.now()) : date;
}

/**
 * A failed response whose `Retry-After` is an HTTP-date, with the date turned into seconds on the
 * server's own clock, so a client whose clock is off waits what the server meant. Anything else is
 * returned as it is.
 */
export function normalizeRetryAfter(response: Response, clock: ServerClock): Response {
  if (response.status < 400) return response;
  const value = response.headers.get('retry-after');
  if (value === null || /^\s*\d+\s*$/.test(value)) return response;
  const seconds = parseRetryAfter(value, serverNow(response.headers, clock));
  const headers = new Headers(response.headers);
  if (seconds === undefined) headers.delete('retry-after');
  else headers.set('retry-after', String(seconds));
  return new Response(response.body, {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
}
