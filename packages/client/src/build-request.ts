import type { AnyEndpoint } from './define-endpoint.js';
import { ValidationError, type ValidationIssue } from './errors/validation-error.js';
import { joinUrl } from './internal/urls.js';
import { validate } from './standard-schema.js';

/** The validated parts of a call, ready for the wire. */
export interface PreparedRequest {
  url: string;
  searchParams: URLSearchParams | undefined;
  json: unknown;
}

interface RawInput {
  params?: Record<string, unknown>;
  query?: unknown;
  body?: unknown;
}

const PATH_PARAM = /:([A-Za-z_$][\w$]*)/g;

/** Why a value would escape its path segment, or `undefined` when it is safe. */
function unsafeSegment(value: string): string | undefined {
  if (value === '') return 'is empty';
  if (/^(?:\.|%2e){1,2}$/i.test(value)) return `"${value}" would change the request path`;
  if (/[/\\?#]|%2f|%5c/i.test(value))
    return 'contains "/", "\\", "?" or "#", which would change the request path';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we reject
  if (/[\u0000-\u001f\u007f]/.test(value)) return 'contains control characters';
  return undefined;
}

function serializeQuery(query: unknown, issues: ValidationIssue[]): URLSearchParams | undefined {
  if (query === undefined || query === null) return undefined;
  if (typeof query !== 'object' || Array.isArray(query)) {
    issues.push({ path: ['query'], message: 'must be an object' });
    return undefined;
  }
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item === undefined) continue;
      if (item === null || typeof item === 'object') {
        if (item instanceof Date) {
          params.append(key, item.toISOString());
          continue;
        }
        issues.push({
          path: ['query', key],
          message: 'must be a string, number, boolean, Date or an array of them',
        });
        continue;
      }
      params.append(key, String(item));
    }
  }
  return params;
}

/**
 * Validates a call's input against the endpoint's schemas and builds its URL. Every problem is
 * reported at once, as a `ValidationError` with direction `request`; nothing is sent.
 */
export async function prepareRequest(
  endpoint: AnyEndpoint,
  baseUrl: string,
  input: RawInput = {},
): Promise<PreparedRequest> {
  const issues: ValidationIssue[] = [];
  const check = async (key: 'params' | 'query' | 'body', value: unknown) => {
    const result = await validate(endpoint[key] as NonNullable<AnyEndpoint[typeof key]>, value, [
      key,
    ]);
    if ('issues' in result) {
      issues.push(...result.issues);
      return undefined;
    }
    return result.value;
  };

  // Without a schema there is nothing to wait for: most endpoints have one or two schemas at most.
  const params = (
    endpoint.params ? await check('params', input.params ?? {}) : (input.params ?? {})
  ) as Record<string, unknown> | undefined;
  const query = endpoint.query ? await check('query', input.query ?? {}) : input.query;
  const body = endpoint.body ? await check('body', input.body) : input.body;

  const path = endpoint.path.replace(PATH_PARAM, (_, name: string) => {
    const value = params?.[name];
    if (value === undefined || value === null) {
      if (params) issues.push({ path: ['params', name], message: 'is required by the path' });
      return '';
    }
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'bigint') {
      issues.push({ path: ['params', name], message: 'must be a string or a number' });
      return '';
    }
    const text = String(value);
    const problem = unsafeSegment(text);
    if (problem) {
      issues.push({ path: ['params', name], message: problem });
      return '';
    }
    return encodeURIComponent(text);
  });
  const searchParams = serializeQuery(query, issues);

  if (issues.length > 0) {
    throw new ValidationError({ direction: 'request', endpoint: endpoint.name, issues });
  }
  return {
    url: joinUrl(baseUrl, path),
    searchParams: searchParams?.size ? searchParams : undefined,
    json: body,
  };
}
