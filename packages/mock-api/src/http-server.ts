import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getResponse, type HttpHandler } from 'msw';
import type { MockApiController, MockApiOptions } from './controller.js';
import { createMockApi } from './create-mock-api.js';
import { noRoute } from './internal/responses.js';

/** Options of `startMockHttpServer`: the mock API's options plus where to listen. */
export interface MockHttpServerOptions extends MockApiOptions {
  /** Port to listen on; 0 picks a free one. Default 4010. */
  port?: number;
  /** Address to listen on. Default `127.0.0.1`: the server is for this machine only. */
  host?: string;
  /** Receives one line per request (method, path, status, time); never tokens. Default: none. */
  log?: (line: string) => void;
  /** More msw handlers, tried before the mock API's own: fixtures of your own on the same server. */
  extraHandlers?: HttpHandler[];
}

/** A running mock API on a real socket. */
export interface MockHttpServer {
  /** The base URL, e.g. `http://127.0.0.1:4010`. */
  url: string;
  port: number;
  controller: MockApiController;
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

const CORS_HEADERS = {
  'access-control-allow-methods': 'GET, POST, PUT, DELETE, OPTIONS',
  'access-control-allow-headers': 'authorization, content-type, accept',
  'access-control-expose-headers': 'date, www-authenticate, retry-after',
  'access-control-max-age': '600',
};

function corsHeaders(request: IncomingMessage): Record<string, string> {
  const origin = request.headers.origin;
  return { ...CORS_HEADERS, 'access-control-allow-origin': origin ?? '*', vary: 'origin' };
}

async function toFetchRequest(message: IncomingMessage, origin: string): Promise<Request> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(message.headers)) {
    if (value === undefined || name === 'host' || name === 'connection') continue;
    headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const method = message.method ?? 'GET';
  let body: Buffer | undefined;
  if (method !== 'GET' && method !== 'HEAD') {
    const chunks: Buffer[] = [];
    for await (const chunk of message) chunks.push(chunk as Buffer);
    body = Buffer.concat(chunks);
  }
  return new Request(new URL(message.url ?? '/', origin), {
    method,
    headers,
    ...(body !== undefined && { body: new Uint8Array(body) }),
  });
}

/**
 * Serves the mock API's handlers over HTTP on 127.0.0.1, with CORS for browser apps on other
 * origins. The behaviour is the same as in tests: it runs the very same msw handlers.
 */
export async function startMockHttpServer(
  options: MockHttpServerOptions = {},
): Promise<MockHttpServer> {
  const { port = 4010, host = '127.0.0.1', log, extraHandlers = [], ...apiOptions } = options;
  const api = createMockApi(apiOptions);
  const { controller } = api;
  const handlers = [...extraHandlers, ...api.handlers];
  let origin = '';

  const handle = async (message: IncomingMessage, reply: ServerResponse) => {
    const started = performance.now();
    const cors = corsHeaders(message);
    let status = 0;
    try {
      if (message.method === 'OPTIONS') {
        status = 204;
        reply.writeHead(204, cors).end();
        return;
      }
      const request = await toFetchRequest(message, origin);
      const response = (await getResponse(handlers, request)) ?? noRoute(request);
      if (response.type === 'error') {
        message.socket.destroy();
        return;
      }
      status = response.status;
      const headers: Record<string, string> = { ...cors };
      response.headers.forEach((value, name) => {
        headers[name] = value;
      });
      const body = Buffer.from(await response.arrayBuffer());
      reply.writeHead(response.status, headers).end(body);
    } catch (error) {
      status = 500;
      if (!reply.headersSent) reply.writeHead(500, { 'content-type': 'application/json', ...cors });
      reply.end(JSON.stringify({ error: 'server_error', message: String(error) }));
    } finally {
      const path = (message.url ?? '/').replace(/([?&][^=&]*token[^=&]*=)[^&]*/gi, '$1[redacted]');
      log?.(
        `${message.method} ${path} → ${status || 'dropped'} ${Math.round(performance.now() - started)}ms`,
      );
    }
  };

  const server = createServer((message, reply) => void handle(message, reply));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  const hostInUrl = host.includes(':') ? `[${host}]` : host;
  origin = `http://${hostInUrl}:${bound}`;

  return {
    url: origin,
    port: bound,
    controller,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
