import { redactText } from '../internal/redact.js';
import { ApiError, type ApiErrorOptions } from './api-error.js';

/** One failed check: where (`['query', 'hours']`) and what. */
export interface ValidationIssue {
  path: ReadonlyArray<string | number>;
  message: string;
}

/** Options of `ValidationError`. */
export interface ValidationErrorOptions extends ApiErrorOptions {
  /** `request`: the input did not match the endpoint's schemas (nothing was sent). `response`: the server's answer did not. */
  direction: 'request' | 'response';
  /** The endpoint, as `METHOD /path/template`. */
  endpoint: string;
  issues: readonly ValidationIssue[];
}

const formatPath = (path: ReadonlyArray<string | number>) =>
  path.length === 0
    ? '(root)'
    : path.map((part) => (typeof part === 'number' ? `[${part}]` : part)).join('.');

/** Input or response did not match the endpoint's schema; names the endpoint, the direction and each failing path. */
export class ValidationError extends ApiError {
  override name = 'ValidationError';
  readonly direction: 'request' | 'response';
  readonly endpoint: string;
  readonly issues: readonly ValidationIssue[];

  constructor(options: ValidationErrorOptions) {
    const issues = options.issues.map((issue) => ({
      path: [...issue.path],
      message: redactText(issue.message),
    }));
    const list = issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`).join('; ');
    super(`Invalid ${options.direction} for ${options.endpoint}: ${list}`, options);
    this.direction = options.direction;
    this.endpoint = options.endpoint;
    this.issues = issues;
  }
}
