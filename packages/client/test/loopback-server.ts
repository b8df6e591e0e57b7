import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as a server written apart from our mock saw it. */
export interface SeenRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A small real HTTP server on 127.0.0.1, behaving however a test says: not our mock API. */
export interface LoopbackServer {
  /** `http://127.0.0.1:<port>`: each server is an origin of its own. */
  url: string;
  seen: SeenRequest[];
  close(): Promise<void>;
}

/** Starts a server whose `handle` answers every request; its body is read first, so `seen` has it. */
export async function startLoopbackServer(
  handle: (request: SeenRequest, response: ServerResponse) => unknown,
): Promise<LoopbackServer> {
  const seen: SeenRequest[] = [];
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const entry = {
      method: request.method ?? 'GET',
      path: request.url ?? '/',
      headers: request.headers,
      body: Buffer.concat(chunks).toString('utf8'),
    };
    seen.push(entry);
    try {
      await handle(entry, response);
    } catch {
      response.destroy();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Answers with JSON. */
export function json(response: ServerResponse, status: number, body: unknown, headers = {}) {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

/** A minimal OAuth2 token endpoint: rotating opaque tokens, as many servers issue them. */
export function tokenResponse(response: ServerResponse, n: number, expiresIn = 3600) {
  json(response, 200, {
    access_token: `access-token-number-${n}`,
    refresh_token: `refresh-token-number-${n}`,
    token_type: 'Bearer',
    expires_in: expiresIn,
  });
}
