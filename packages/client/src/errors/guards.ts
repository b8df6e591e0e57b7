import { ApiError, ERROR_BRAND } from './api-error.js';
import type { AuthError } from './auth-error.js';
import type { HttpError } from './http-error.js';
import type { NetworkError } from './network-error.js';
import type { TimeoutError } from './timeout-error.js';
import type { ValidationError } from './validation-error.js';

const branded = (error: unknown): error is ApiError =>
  error instanceof ApiError ||
  (typeof error === 'object' &&
    error !== null &&
    (error as Record<symbol, unknown>)[ERROR_BRAND] === true);

/** Whether `error` is any error of `@org/client`, even one from another copy of the package. */
export const isApiError = (error: unknown): error is ApiError => branded(error);
/** Whether `error` is an `HttpError`. */
export const isHttpError = (error: unknown): error is HttpError =>
  branded(error) && error.name === 'HttpError';
/** Whether `error` is an `AuthError`. */
export const isAuthError = (error: unknown): error is AuthError =>
  branded(error) && error.name === 'AuthError';
/** Whether `error` is a `ValidationError`. */
export const isValidationError = (error: unknown): error is ValidationError =>
  branded(error) && error.name === 'ValidationError';
/** Whether `error` is a `NetworkError`. */
export const isNetworkError = (error: unknown): error is NetworkError =>
  branded(error) && error.name === 'NetworkError';
/** Whether `error` is a `TimeoutError`. */
export const isTimeoutError = (error: unknown): error is TimeoutError =>
  branded(error) && error.name === 'TimeoutError';
