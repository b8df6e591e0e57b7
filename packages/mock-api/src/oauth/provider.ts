import type { MockClient } from '../identities.js';
import type { RouteContext } from '../internal/route.js';

/**
 * The issuer identifier (OpenID Connect Discovery §4.3): the mock's `baseUrl` when it has one, else
 * the origin (and any path prefix) the request came to, so the HTTP server on 127.0.0.1:4010 and a
 * page's own origin in the browser each name themselves.
 */
export function issuerOf({ url, logEntry, state }: RouteContext): string {
  if (state.baseUrl !== undefined) return state.baseUrl;
  const path = logEntry.route.slice(logEntry.route.indexOf(' ') + 1);
  const prefix = url.pathname.endsWith(path) ? url.pathname.slice(0, -path.length) : '';
  return `${url.origin}${prefix}`;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Whether `uri` is one of `registered`, compared exactly (no prefix or pattern matching); on
 * loopback http any port matches, since native and development apps get whatever port is free
 * (RFC 8252 §7.3).
 */
export function isRegisteredUri(uri: string, registered: readonly string[] | undefined): boolean {
  if (!registered) return false;
  let asked: URL;
  try {
    asked = new URL(uri);
  } catch {
    return false;
  }
  if (asked.hash !== '') return false;
  return registered.some((entry) => {
    if (entry === uri) return true;
    const known = new URL(entry);
    if (asked.protocol !== 'http:' || known.protocol !== 'http:') return false;
    if (!LOOPBACK_HOSTS.has(asked.hostname) || asked.hostname !== known.hostname) return false;
    return asked.pathname === known.pathname && asked.search === known.search;
  });
}

/** Whether `client` is public (no secret), so it must prove possession of the code with PKCE. */
export const isPublicClient = (client: MockClient) => client.clientSecret === undefined;

/** `uri` with `params` added to its query (or to its fragment, for `response_mode=fragment`). */
export function withParams(
  uri: string,
  params: Record<string, string | undefined>,
  mode: 'query' | 'fragment' = 'query',
): string {
  const target = new URL(uri);
  const entries = Object.entries(params).filter(
    (entry): entry is [string, string] => entry[1] !== undefined,
  );
  if (mode === 'fragment') {
    target.hash = new URLSearchParams(entries).toString();
  } else {
    for (const [name, value] of entries) target.searchParams.set(name, value);
  }
  return target.href;
}

/** A 303 See Other to `location`: the browser follows it with a GET, whatever the method was. */
export function seeOther(location: string): Response {
  return new Response(null, {
    status: 303,
    headers: { location, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' },
  });
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML content and attribute values. */
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

/** A fresh CSP nonce: 16 random bytes, base64. */
function nonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

/**
 * A page of the provider: a small, self-contained HTML document (inline styles; no script but the
 * given one, allowed by a nonce) that no other site may frame, and whose forms may only post back to
 * the provider itself or to `formTargets` (Chromium checks `form-action` on the redirect after a post,
 * too).
 */
export function htmlPage(
  title: string,
  body: string,
  options: { status?: number; formTargets?: string[]; script?: string } = {},
): Response {
  const formAction = ["'self'", ...(options.formTargets ?? [])].join(' ');
  const scriptNonce = options.script === undefined ? undefined : nonce();
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
${scriptNonce === undefined ? '' : `<script nonce="${scriptNonce}">${options.script}</script>\n`}</body>
</html>
`;
  return new Response(html, {
    status: options.status ?? 200,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-security-policy': `default-src 'none'; style-src 'unsafe-inline';${scriptNonce === undefined ? '' : ` script-src 'nonce-${scriptNonce}';`} form-action ${formAction}; frame-ancestors 'none'; base-uri 'none'`,
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
    },
  });
}

/** A page that explains a request the provider will not send back to the app (unknown client, unregistered redirect URI). */
export function errorPage(status: number, title: string, explanation: string): Response {
  return htmlPage(
    title,
    `<h1>${escapeHtml(title)}</h1>
<p role="alert">${escapeHtml(explanation)}</p>
<p>Nothing was sent back to the application. Close this page and start again from the app.</p>`,
    { status },
  );
}

const STYLE = `
:root { color-scheme: light dark; font-family: system-ui, sans-serif; line-height: 1.5; }
body { margin: 0; min-height: 100vh; display: grid; place-items: center; background: Canvas; color: CanvasText; }
main { width: min(24rem, calc(100vw - 2rem)); padding: 1.5rem; border: 1px solid color-mix(in srgb, CanvasText 20%, transparent); border-radius: 12px; }
h1 { font-size: 1.4rem; margin: 0 0 0.5rem; }
label { display: block; margin-top: 1rem; font-weight: 600; }
input { box-sizing: border-box; width: 100%; padding: 0.6rem; font: inherit; margin-top: 0.25rem; border-radius: 6px; border: 1px solid color-mix(in srgb, CanvasText 40%, transparent); }
input:focus-visible, button:focus-visible { outline: 3px solid Highlight; outline-offset: 2px; }
.actions { display: flex; gap: 0.75rem; margin-top: 1.5rem; }
button { flex: 1; padding: 0.7rem; font: inherit; border-radius: 6px; border: 1px solid transparent; cursor: pointer; min-height: 44px; }
button[value="sign-in"] { background: #1d4ed8; color: #fff; }
button[value="cancel"] { background: transparent; color: inherit; border-color: color-mix(in srgb, CanvasText 40%, transparent); }
[role="alert"] { padding: 0.6rem 0.8rem; border-radius: 6px; background: color-mix(in srgb, #dc2626 15%, Canvas); }
ul { padding-left: 1.2rem; }
.muted { opacity: 0.8; font-size: 0.9rem; }
`;
