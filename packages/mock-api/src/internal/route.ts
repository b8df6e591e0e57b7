import { delay, type HttpHandler, http } from 'msw';
import type { MockApiState } from '../controller.js';
import { faultResponse } from '../faults.js';
import { BRIDGE_HEADER, bridged } from '../oauth/page-bridge.js';
import type { Grant, TokenStatus } from '../oauth/token-store.js';
import type { RecordedRequest } from '../request-log.js';
import type { RouteName } from '../routes.js';
import { apiError } from './responses.js';

/** The bearer credentials of a request, as the resource server sees them. */
export interface BearerCredentials {
  status: TokenStatus;
  /** Set when the Authorization header was present but not `Bearer <token>`. */
  malformed?: boolean;
  token?: string;
  grant?: Grant;
}

/** What a route's resolver gets. */
export interface RouteContext {
  request: Request;
  url: URL;
  params: Record<string, string>;
  state: MockApiState;
  bearer: BearerCredentials;
  /** This request's entry in the request log, for resolvers that add to it. */
  logEntry: RecordedRequest;
}

/** Answers one route's requests. */
export type RouteResolver = (context: RouteContext) => Response | Promise<Response>;

const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/;

async function readBearer(request: Request, state: MockApiState): Promise<BearerCredentials> {
  const header = request.headers.get('authorization');
  if (header === null) return { status: 'none' };
  const token = BEARER.exec(header.trim())?.[1];
  if (!token) return { status: 'invalid', malformed: true };
  return { token, ...(await state.tokens.inspect(token)) };
}

/**
 * Makes the msw handler of one route: records the request with its token, applies injected
 * faults and latency, runs the resolver, and stamps the mock clock's `Date` on the answer.
 */
export function route(
  state: MockApiState,
  baseUrl: string | undefined,
  name: RouteName,
  resolve: RouteResolver,
): HttpHandler {
  const [method = 'GET', path = '/'] = name.split(' ');
  const pattern = baseUrl ? `${baseUrl.replace(/\/+$/, '')}${path}` : `*${path}`;
  const methodHandler = http[method.toLowerCase() as 'get' | 'post' | 'put' | 'delete'];

  return methodHandler(pattern, async ({ request, params }) => {
    const url = new URL(request.url);
    const bearer = await readBearer(request, state);
    const logEntry = state.log.record({
      time: state.clock.now(),
      method,
      path: url.pathname + url.search,
      route: name,
      tokenStatus: bearer.status,
      ...(bearer.token !== undefined && { token: bearer.token }),
    });

    const fault = state.faults.take(name);
    if (fault) logEntry.fault = fault.kind;
    const wait = fault?.kind === 'latency' ? fault.ms : state.latency;
    if (wait > 0) await delay(wait);

    let response: Response;
    if (fault?.kind === 'network') {
      return Response.error();
    } else if (fault && fault.kind !== 'latency') {
      response = faultResponse(fault);
    } else {
      try {
        response = await resolve({
          request,
          url,
          params: params as Record<string, string>,
          state,
          bearer,
          logEntry,
        });
      } catch (error) {
        console.error('@org/mock-api: a route failed', error);
        response = apiError(500, 'server_error', 'The mock API failed to answer this request');
      }
    }
    if (request.headers.has(BRIDGE_HEADER)) response = bridged(response);
    response.headers.set('date', new Date(state.clock.now()).toUTCString());
    logEntry.status = response.status;
    return response;
  });
}
