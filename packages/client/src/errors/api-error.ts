import { redactText, redactUrl } from '../internal/redact.js';

/** Brand that identifies the package's errors across bundles and realms, where `instanceof` fails. */
export const ERROR_BRAND = Symbol.for('@org/client/error');

/** The request an error is about: method and URL, credentials already removed. */
export interface RequestSummary {
  method: string;
  url: string;
}

/** Options every error class takes. */
export interface ApiErrorOptions {
  request?: { method: string; url: string } | undefined;
  cause?: unknown;
}

/**
 * Base class of every error `@org/client` throws. Messages, `request`, `toJSON()` and
 * `util.inspect` output never contain an access token, refresh token, client secret or password.
 */
export class ApiError extends Error {
  override name = 'ApiError';
  /** The request that failed, redacted; absent for failures before any request (e.g. no session). */
  readonly request: RequestSummary | undefined;

  constructor(message: string, options: ApiErrorOptions = {}) {
    const cause = sanitizeCause(options.cause);
    super(redactText(message), cause === undefined ? undefined : { cause });
    this.request = options.request && {
      method: options.request.method,
      url: redactUrl(options.request.url),
    };
    Object.defineProperty(this, ERROR_BRAND, { value: true });
  }

  /** A plain, secret-free description for logs and `JSON.stringify`. */
  toJSON(): Record<string, unknown> {
    const fields: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(this)) if (key !== 'cause') fields[key] = value;
    return { name: this.name, message: this.message, ...fields };
  }
}

/**
 * A copy of an underlying error that is safe to keep: same name and code, redacted message, and no
 * request, response or headers hanging off it (they may hold an Authorization header).
 */
function sanitizeCause(cause: unknown): Error | undefined {
  if (!(cause instanceof Error)) return undefined;
  const copy = new Error(redactText(cause.message));
  copy.name = cause.name;
  const code = (cause as { code?: unknown }).code;
  if (typeof code === 'string') Object.assign(copy, { code });
  copy.stack = `${copy.name}: ${copy.message}`;
  return copy;
}

/** Describes a request for an error message: `GET https://api.example.com/v1/me`. */
export function describeRequest(request: RequestSummary | undefined): string {
  return request ? ` (${request.method} ${redactUrl(request.url)})` : '';
}
