import type { StandardSchemaV1 } from 'ky';
import { isStandardSchema, type SchemaInput, type SchemaOutput } from './standard-schema.js';

/** HTTP methods an endpoint can use. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS';

type Segments<Path extends string> = Path extends `${infer Head}/${infer Tail}`
  ? Head | Segments<Tail>
  : Path;
type ParamName<Segment extends string> = Segment extends `:${infer Name}` ? Name : never;

/** The parameters of a path template: `'/v1/weather/current/:city'` → `{ city: string }`. */
export type PathParams<Path extends string> = {
  [Name in ParamName<Segments<Path>>]: string | number;
};

/** How an endpoint is declared: its method, path template and schemas. */
export interface EndpointDefinition<
  Method extends HttpMethod = HttpMethod,
  Path extends string = string,
  Params extends StandardSchemaV1 | undefined = StandardSchemaV1 | undefined,
  Query extends StandardSchemaV1 | undefined = StandardSchemaV1 | undefined,
  Body extends StandardSchemaV1 | undefined = StandardSchemaV1 | undefined,
  Response extends StandardSchemaV1 = StandardSchemaV1,
> {
  method: Method;
  /** A path relative to the client's `baseUrl`, with `:name` parameters: `/v1/weather/current/:city`. */
  path: Path;
  /** Validates (and may transform) path parameters; without it they are strings or numbers. */
  params?: Params;
  /** Validates the query; its output is serialized into the URL. */
  query?: Query;
  /** Validates the JSON body. */
  body?: Body;
  /** Validates the response body; its output is what `call()` resolves to. */
  response: Response;
  /** `false` for a public endpoint: no token is sent and no session is needed. Default `true`. */
  auth?: boolean;
}

/** A declared endpoint: pass it to `client.call`. */
export interface Endpoint<
  Method extends HttpMethod = HttpMethod,
  Path extends string = string,
  Params extends StandardSchemaV1 | undefined = StandardSchemaV1 | undefined,
  Query extends StandardSchemaV1 | undefined = StandardSchemaV1 | undefined,
  Body extends StandardSchemaV1 | undefined = StandardSchemaV1 | undefined,
  Response extends StandardSchemaV1 = StandardSchemaV1,
> extends Readonly<EndpointDefinition<Method, Path, Params, Query, Body, Response>> {
  /** `METHOD /path/template`, used in error messages and query keys. */
  readonly name: `${Method} ${Path}`;
  readonly auth: boolean;
}

/** Any endpoint, whatever its method, path and schemas: the constraint of generic helpers. */
// biome-ignore lint/suspicious/noExplicitAny: any endpoint, whatever its schemas
export type AnyEndpoint = Endpoint<HttpMethod, string, any, any, any, any>;

// biome-ignore lint/complexity/noBannedTypes: `{} extends T` is how TypeScript asks "are all keys optional"
type HasRequiredKeys<T> = {} extends T ? false : true;

type SchemaOf<E extends AnyEndpoint, Key extends 'params' | 'query' | 'body'> = NonNullable<E[Key]>;
type ParamsInput<E extends AnyEndpoint> = [SchemaOf<E, 'params'>] extends [never]
  ? PathParams<E['path']>
  : SchemaInput<SchemaOf<E, 'params'>>;
type QueryInput<E extends AnyEndpoint> = SchemaInput<SchemaOf<E, 'query'>>;
type BodyInput<E extends AnyEndpoint> = SchemaInput<SchemaOf<E, 'body'>>;

type Field<Key extends string, Value> = [Value] extends [never]
  ? { [K in Key]?: never }
  : HasRequiredKeys<Value> extends true
    ? { [K in Key]: Value }
    : { [K in Key]?: Value };

/** What `client.call(endpoint, input)` takes: `params`, `query` and `body`, each typed from the endpoint. */
export type CallInput<E extends AnyEndpoint> = Field<
  'params',
  ParamsInput<E> extends infer P ? (keyof P extends never ? never : P) : never
> &
  Field<'query', QueryInput<E>> &
  Field<'body', BodyInput<E>>;

/** What `client.call(endpoint, …)` resolves to: the output of the response schema. */
export type CallOutput<E extends AnyEndpoint> = SchemaOutput<E['response']>;

/** Whether an endpoint's input may be left out entirely. */
// biome-ignore lint/complexity/noBannedTypes: `{} extends T` is how TypeScript asks "are all keys optional"
export type InputIsOptional<E extends AnyEndpoint> = {} extends CallInput<E> ? true : false;

const METHODS = new Set<string>(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);

/**
 * Declares an endpoint: typed input and output, validated at run time.
 *
 * @example
 * ```ts
 * const currentWeather = defineEndpoint({
 *   method: 'GET',
 *   path: '/v1/weather/current/:city',
 *   query: z.object({ units: z.enum(['metric', 'imperial']).optional() }),
 *   response: z.object({ city: z.string(), temperature: z.number() }),
 * });
 * ```
 */
export function defineEndpoint<
  const Method extends HttpMethod,
  const Path extends string,
  Response extends StandardSchemaV1,
  Params extends StandardSchemaV1 | undefined = undefined,
  Query extends StandardSchemaV1 | undefined = undefined,
  Body extends StandardSchemaV1 | undefined = undefined,
>(
  definition: EndpointDefinition<Method, Path, Params, Query, Body, Response>,
): Endpoint<Method, Path, Params, Query, Body, Response> {
  const { method, path } = definition;
  if (!METHODS.has(method))
    throw new TypeError(`@org/client: defineEndpoint: unknown method "${String(method)}"`);
  if (typeof path !== 'string' || !path.startsWith('/')) {
    throw new TypeError(
      `@org/client: defineEndpoint: path must start with "/", got "${String(path)}"`,
    );
  }
  if ((method === 'GET' || method === 'HEAD') && definition.body !== undefined) {
    throw new TypeError(
      `@org/client: defineEndpoint ${method} ${path}: a ${method} request has no body; send the data as "query" instead`,
    );
  }
  for (const key of ['params', 'query', 'body', 'response'] as const) {
    const schema = definition[key];
    if ((schema !== undefined || key === 'response') && !isStandardSchema(schema)) {
      throw new TypeError(
        `@org/client: defineEndpoint ${method} ${path}: "${key}" must be a Standard Schema (zod, valibot, arktype, …)`,
      );
    }
  }
  return Object.freeze({
    ...definition,
    name: `${method} ${path}` as const,
    auth: definition.auth !== false,
  });
}
