import type { AnyEndpoint, CallOutput } from './define-endpoint.js';
import { ValidationError } from './errors/validation-error.js';
import { validate } from './standard-schema.js';

/**
 * Reads a successful response as JSON and validates it with the endpoint's response schema. An empty
 * body reads as `undefined`; a body that is not JSON is a `ValidationError` naming its content type.
 */
export async function readResponse<E extends AnyEndpoint>(
  endpoint: E,
  text: string,
  contentType: string | null,
  request: { method: string; url: string },
): Promise<CallOutput<E>> {
  let data: unknown;
  if (text.trim() !== '') {
    try {
      data = JSON.parse(text);
    } catch {
      const type = contentType ?? 'no content type';
      throw new ValidationError({
        direction: 'response',
        endpoint: endpoint.name,
        issues: [
          { path: [], message: `the body is not JSON (${type}, ${text.length} characters)` },
        ],
        request,
      });
    }
  }
  const result = await validate(endpoint.response, data, []);
  if ('issues' in result) {
    throw new ValidationError({
      direction: 'response',
      endpoint: endpoint.name,
      issues: result.issues,
      request,
    });
  }
  return result.value as CallOutput<E>;
}
