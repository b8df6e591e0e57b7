import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import OAuth2Server from '@node-oauth/oauth2-server';

type Token = OAuth2Server.Token;
type RefreshToken = OAuth2Server.RefreshToken;

/**
 * A real OAuth2 server that no one here wrote (@node-oauth/oauth2-server) on 127.0.0.1, with an
 * in-memory model: a public client `web` (password, refresh_token with rotation), a confidential
 * client `service` (client_credentials) and a user `alice`.
 */
export async function startInteropServer() {
  const accessTokens = new Map<string, Token>();
  const refreshTokens = new Map<string, RefreshToken>();
  const clients: Record<string, OAuth2Server.Client & { secret?: string }> = {
    web: { id: 'web', grants: ['password', 'refresh_token'] },
    service: { id: 'service', secret: 'service-secret-value', grants: ['client_credentials'] },
  };
  const users: Record<string, { id: string; password: string }> = {
    alice: { id: 'alice', password: 'wonderland' },
  };

  const model: OAuth2Server.PasswordModel &
    OAuth2Server.RefreshTokenModel &
    OAuth2Server.ClientCredentialsModel = {
    async getClient(clientId, clientSecret) {
      const client = clients[clientId];
      if (!client) return false;
      if (client.secret !== undefined && clientSecret !== client.secret) return false;
      return client;
    },
    async getUser(username, password) {
      const user = users[username];
      return user && user.password === password ? { id: user.id } : false;
    },
    async getUserFromClient(client) {
      return { id: client.id };
    },
    async saveToken(token, client, user) {
      const saved = { ...token, client, user } as Token;
      accessTokens.set(token.accessToken, saved);
      if (token.refreshToken)
        refreshTokens.set(token.refreshToken, saved as unknown as RefreshToken);
      return saved;
    },
    async getAccessToken(accessToken) {
      return accessTokens.get(accessToken) ?? false;
    },
    async getRefreshToken(refreshToken) {
      return refreshTokens.get(refreshToken) ?? false;
    },
    async revokeToken(token) {
      return refreshTokens.delete(token.refreshToken);
    },
    async verifyScope() {
      return true;
    },
  };
  const oauth = new OAuth2Server({ model, accessTokenLifetime: 60 });

  const readBody = async (message: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const chunk of message) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  };

  const server = createServer(async (message, reply) => {
    const url = new URL(message.url ?? '/', 'http://127.0.0.1');
    const headers = Object.fromEntries(
      Object.entries(message.headers).map(([k, v]) => [
        k,
        Array.isArray(v) ? v.join(', ') : (v ?? ''),
      ]),
    );
    const text = await readBody(message);
    const body = headers['content-type']?.startsWith('application/x-www-form-urlencoded')
      ? Object.fromEntries(new URLSearchParams(text))
      : {};
    const request = new OAuth2Server.Request({
      method: message.method ?? 'GET',
      headers,
      query: Object.fromEntries(url.searchParams),
      body,
    });
    const response = new OAuth2Server.Response();
    try {
      if (url.pathname === '/token' && message.method === 'POST') {
        await oauth.token(request, response, {
          requireClientAuthentication: { password: false, refresh_token: false },
        });
      } else if (url.pathname === '/me') {
        const token = await oauth.authenticate(request, response);
        response.status = 200;
        response.body = { sub: (token.user as { id: string }).id, kind: 'user', scope: [] };
      } else {
        response.status = 404;
        response.body = { error: 'not_found' };
      }
    } catch (error) {
      const failure = error as { code?: number; name?: string; message?: string };
      response.status = failure.code ?? 500;
      response.body = { error: failure.name ?? 'server_error', error_description: failure.message };
    }
    reply.writeHead(response.status ?? 200, {
      ...response.headers,
      'content-type': 'application/json',
    });
    reply.end(JSON.stringify(response.body ?? {}));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    refreshTokens,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
