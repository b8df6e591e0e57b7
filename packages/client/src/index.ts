export type {
  AuthContext,
  Authenticator,
  AuthStrategy,
  TokenProvider,
} from './auth/auth-strategy.js';
export { type BearerOptions, type BearerToken, bearer } from './auth/bearer.js';
export type { CrossTabOptions } from './auth/cross-tab.js';
export { type OAuth2Options, oauth2 } from './auth/oauth2.js';
export type { Navigate } from './auth/openid/sign-in.js';
export type { ServerClock } from './auth/server-clock.js';
export type {
  LogoutOptions,
  PasswordCredentials,
  PopupSignInOptions,
  RedirectCallbackResult,
  Session,
  SessionEvent,
  SessionEventType,
  SessionState,
  SessionStatus,
  SignInOptions,
  TokenInput,
} from './auth/session.js';
export { memoryStorage, type TokenStorage, webStorage } from './auth/storage.js';
export {
  type CallOptions,
  type Client,
  type ClientEvent,
  type ClientOptions,
  createClient,
} from './create-client.js';
export {
  type AnyEndpoint,
  type CallInput,
  type CallOutput,
  defineEndpoint,
  type Endpoint,
  type EndpointDefinition,
  type HttpMethod,
  type InputIsOptional,
  type PathParams,
} from './define-endpoint.js';
export { ApiError, type ApiErrorOptions, type RequestSummary } from './errors/api-error.js';
export { AuthError, type AuthErrorCode, type AuthErrorOptions } from './errors/auth-error.js';
export {
  isApiError,
  isAuthError,
  isHttpError,
  isNetworkError,
  isTimeoutError,
  isValidationError,
} from './errors/guards.js';
export { HttpError, type HttpErrorKind, type HttpErrorOptions } from './errors/http-error.js';
export { NetworkError, type NetworkErrorOptions } from './errors/network-error.js';
export { isRetryable, retryAfterMs } from './errors/retryable.js';
export { TimeoutError } from './errors/timeout-error.js';
export {
  ValidationError,
  type ValidationErrorOptions,
  type ValidationIssue,
} from './errors/validation-error.js';
export { isLoopbackUrl } from './internal/urls.js';
export type { SchemaInput, SchemaOutput, StandardSchemaV1 } from './standard-schema.js';
