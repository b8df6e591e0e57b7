import { redactValue } from '../internal/redact.js';
import { ApiError, type ApiErrorOptions, describeRequest } from './api-error.js';

/** What a failed status means, for branching without remembering numbers. (A 401 is always an `AuthError`, never an `HttpError`.) */
export type HttpErrorKind =
  /** 304: the cached copy is current (a conditional request); not a failure of the request. */
  | 'not_modified'
  /** Another 3xx that was not followed. */
  | 'redirect'
  | 'bad_request'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'rate_limited'
  | 'client_error'
  | 'server_error';

/** The kind of an HTTP error status. */
export function httpErrorKind(status: number): HttpErrorKind {
  switch (status) {
    case 400:
      return 'bad_request';
    case 403:
      return 'forbidden';
    case 404:
      return 'not_found';
    case 409:
      return 'conflict';
    case 429:
      return 'rate_limited';
    case 304:
      return 'not_modified';
    default:
      if (status >= 500) return 'server_error';
      return status < 400 ? 'redirect' : 'client_error';
  }
}

/** Options of `HttpError`. */
export interface HttpErrorOptions extends ApiErrorOptions {
  status: number;
  statusText?: string;
  /** The parsed body (JSON, else text); redacted before it is kept. */
  body?: unknown;
  /** Seconds the server asked to wait (`Retry-After`), when it said. */
  retryAfter?: number | undefined;
}

/** The server answered with a non-2xx status (after retries, where they apply). */
export class HttpError extends ApiError {
  override name = 'HttpError';
  readonly status: number;
  readonly kind: HttpErrorKind;
  /** The machine-readable error code from the body (`error` or `code`), when there is one. */
  readonly code: string | undefined;
  /** The parsed response body, with secrets removed. */
  readonly body: unknown;
  /** Seconds the server asked to wait before retrying, from `Retry-After`. */
  readonly retryAfter: number | undefined;

  constructor(options: HttpErrorOptions) {
    const body = redactValue(options.body);
    const code = codeOf(body);
    const detail = messageOf(body);
    super(
      `HTTP ${options.status}${options.statusText ? ` ${options.statusText}` : ''}${code ? ` ${code}` : ''}${
        detail ? `: ${detail}` : ''
      }${describeRequest(options.request)}`,
      options,
    );
    this.status = options.status;
    this.kind = httpErrorKind(options.status);
    this.code = code;
    this.body = body;
    this.retryAfter = options.retryAfter;
  }
}

function codeOf(body: unknown): string | undefined {
  if (body && typeof body === 'object') {
    const { error, code, type } = body as { error?: unknown; code?: unknown; type?: unknown };
    if (typeof error === 'string') return error;
    if (typeof code === 'string') return code;
    // RFC 9457 problem details: the problem type URI identifies the problem; about:blank says nothing.
    if (typeof type === 'string' && type !== '' && type !== 'about:blank') return type;
    if (
      error &&
      typeof error === 'object' &&
      typeof (error as { code?: unknown }).code === 'string'
    ) {
      return (error as { code: string }).code;
    }
  }
  return undefined;
}

function messageOf(body: unknown): string | undefined {
  if (body && typeof body === 'object') {
    const {
      message,
      error_description: description,
      title,
      detail,
    } = body as {
      message?: unknown;
      error_description?: unknown;
      title?: unknown;
      detail?: unknown;
    };
    if (typeof description === 'string') return description;
    if (typeof message === 'string') return message;
    // RFC 9457 problem details: the title names the problem, the detail says what happened here.
    if (typeof title === 'string' || typeof detail === 'string') {
      return [title, detail].filter((part) => typeof part === 'string' && part !== '').join(': ');
    }
  }
  if (
    typeof body === 'string' &&
    body.length > 0 &&
    body.length <= 200 &&
    !body.trimStart().startsWith('<')
  ) {
    return body;
  }
  return undefined;
}
