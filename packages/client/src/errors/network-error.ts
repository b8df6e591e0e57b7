import { ApiError, type ApiErrorOptions, describeRequest } from './api-error.js';

/** The request never got a response: offline, DNS, connection refused or reset, CORS. */
export class NetworkError extends ApiError {
  override name = 'NetworkError';

  constructor(options: ApiErrorOptions = {}) {
    const reason =
      options.cause instanceof Error && options.cause.message ? `: ${options.cause.message}` : '';
    super(`Network error${reason}${describeRequest(options.request)}`, options);
  }
}
