import type { RouteName } from './routes.js';

/**
 * A failure the controller makes a route answer with instead of its normal response.
 * `latency` delays the request and then answers normally; the others replace the answer.
 */
export type Fault =
  | { kind: 'status'; status: number; retryAfter?: number | string; body?: unknown }
  | { kind: 'network' }
  | { kind: 'latency'; ms: number }
  | { kind: 'malformed-json'; status?: number }
  | { kind: 'non-json'; status?: number }
  | { kind: 'json'; status?: number; body: unknown };

/** Faults waiting for the next requests, per route (`*` for any route). */
export class FaultQueue {
  readonly #queues = new Map<RouteName | '*', Fault[]>();

  add(route: RouteName | '*', fault: Fault, times: number): void {
    const queue = this.#queues.get(route) ?? [];
    for (let i = 0; i < times; i++) queue.push(fault);
    this.#queues.set(route, queue);
  }

  /** The next fault for a request to `route`, consumed; route-specific faults go first. */
  take(route: RouteName): Fault | undefined {
    return this.#queues.get(route)?.shift() ?? this.#queues.get('*')?.shift();
  }

  clear(): void {
    this.#queues.clear();
  }
}

/** The response a replacing fault answers with. */
export function faultResponse(fault: Exclude<Fault, { kind: 'latency' | 'network' }>): Response {
  switch (fault.kind) {
    case 'status': {
      const headers = new Headers({ 'content-type': 'application/json' });
      if (fault.retryAfter !== undefined) headers.set('retry-after', String(fault.retryAfter));
      const body = fault.body ?? {
        error: fault.status === 429 ? 'rate_limited' : 'server_error',
        message: `Injected failure: status ${fault.status}`,
      };
      return new Response(JSON.stringify(body), { status: fault.status, headers });
    }
    case 'malformed-json':
      return new Response('{"access_token": "trunc', {
        status: fault.status ?? 200,
        headers: { 'content-type': 'application/json' },
      });
    case 'non-json':
      return new Response('<html><body><h1>502 Bad Gateway</h1></body></html>', {
        status: fault.status ?? 200,
        headers: { 'content-type': 'text/html' },
      });
    case 'json':
      return new Response(JSON.stringify(fault.body), {
        status: fault.status ?? 200,
        headers: { 'content-type': 'application/json' },
      });
  }
}
