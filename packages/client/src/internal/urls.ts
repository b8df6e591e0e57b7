const LOOPBACK = /^(localhost|[\w-]+\.localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/**
 * Whether `url` points at this machine (`localhost`, `*.localhost`, 127.0.0.0/8, `[::1]`) over
 * http(s): the only hosts the client lets a token reach over plain http. Apps use it to accept a
 * development API only when it is local.
 */
export function isLoopbackUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return /^https?:$/.test(parsed.protocol) && isLoopback(parsed.hostname);
  } catch {
    return false;
  }
}

/** Whether `hostname` (as `URL` parses it) is this machine. */
export function isLoopback(hostname: string): boolean {
  return LOOPBACK.test(hostname);
}

/** Joins a base URL and a path: `https://api.example.com/v2` + `/users` → `…/v2/users`. */
export function joinUrl(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

/** Whether the OAuth security rules let a request go to `url`: https, or http on this machine (RFC 8252). */
export const isSecureEnough = (url: URL) =>
  url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url.hostname));
