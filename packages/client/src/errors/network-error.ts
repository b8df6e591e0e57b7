import { ApiError, type ApiErrorOptions, describeRequest } from './api-error.js';

/** Options of `NetworkError`. */
export interface NetworkErrorOptions extends ApiErrorOptions {
  /** What went wrong, when the client knows better than the platform's error (a refused redirect). */
  message?: string | undefined;
}

/** The request never got a (whole) response: offline, DNS, connection refused or reset, CORS, a body cut off. */
export class NetworkError extends ApiError {
  override name = 'NetworkError';
  /** The platform's error code, when it gave one: `ECONNREFUSED`, `ENOTFOUND`, `ECONNRESET`, `UND_ERR_SOCKET`… */
  readonly code: string | undefined;

  constructor(options: NetworkErrorOptions = {}) {
    const code = systemCodeOf(options.cause);
    const platform =
      options.cause instanceof Error && options.cause.message ? options.cause.message : undefined;
    const reason = options.message ?? platform;
    super(
      `Network error${reason ? `: ${reason}` : ''}${code ? ` (${code})` : ''}${describeRequest(options.request)}`,
      options,
    );
    this.code = code;
  }
}

/** The first error code along a cause chain (undici nests the socket's error as `cause`). */
function systemCodeOf(error: unknown): string | undefined {
  for (let depth = 0; depth < 5 && error instanceof Error; depth++) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z][A-Z0-9_]{2,40}$/.test(code)) return code;
    error = error.cause;
  }
  return undefined;
}
