import { ApiError, type ApiErrorOptions, describeRequest } from './api-error.js';

/** The request took longer than its `timeout` (per attempt) or `totalTimeout` (all attempts). */
export class TimeoutError extends ApiError {
  override name = 'TimeoutError';

  constructor(options: ApiErrorOptions = {}) {
    super(`Request timed out${describeRequest(options.request)}`, options);
  }
}
