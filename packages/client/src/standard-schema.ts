import type { StandardSchemaV1 } from 'ky';
import type { ValidationIssue } from './errors/validation-error.js';

export type { StandardSchemaV1 } from 'ky';

/** The type a schema accepts. */
export type SchemaInput<S> = S extends StandardSchemaV1<infer I, unknown> ? I : never;
/** The type a schema produces. */
export type SchemaOutput<S> = S extends StandardSchemaV1<unknown, infer O> ? O : never;

/** Whether `value` implements Standard Schema v1. */
export function isStandardSchema(value: unknown): value is StandardSchemaV1 {
  const standard = (value as { '~standard'?: { validate?: unknown } } | null | undefined)?.[
    '~standard'
  ];
  return (
    typeof standard === 'object' && standard !== null && typeof standard.validate === 'function'
  );
}

/** Runs a Standard Schema; issue paths are prefixed with `at` (e.g. `['query']`). */
export async function validate<S extends StandardSchemaV1>(
  schema: S,
  value: unknown,
  at: ReadonlyArray<string | number>,
): Promise<{ value: SchemaOutput<S> } | { issues: ValidationIssue[] }> {
  let result = schema['~standard'].validate(value);
  if (result instanceof Promise) result = await result;
  if (!result.issues) return { value: result.value as SchemaOutput<S> };
  return {
    issues: result.issues.map((issue) => ({
      path: [
        ...at,
        ...(issue.path ?? []).map((part) => {
          const key = typeof part === 'object' && part !== null ? part.key : part;
          return typeof key === 'number' ? key : String(key);
        }),
      ],
      message: issue.message,
    })),
  };
}
