import { afterAll, afterEach, beforeAll } from 'vitest';
import type { MockApiOptions } from '../src/controller.js';
import { setupMockApiServer } from '../src/node.js';

export const BASE = 'https://api.example.com';

/** A mock API on msw's Node interceptor for one test file, reset after every test. */
export function useMockApi(options: MockApiOptions = {}) {
  const api = setupMockApiServer({ baseUrl: BASE, ...options });
  beforeAll(() => api.server.listen({ onUnhandledFrame: 'error' }));
  afterEach(() => api.controller.reset());
  afterAll(() => api.server.close());
  return api;
}

/** POSTs a form to the token endpoint (or another path) and returns status, headers and JSON body. */
export async function postForm(
  fields: Record<string, string>,
  { path = '/oauth/token', headers = {} }: { path?: string; headers?: Record<string, string> } = {},
) {
  const response = await fetch(`${BASE}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text ? JSON.parse(text) : undefined,
  };
}

/** Signs in with the password grant as a demo user through the public client. */
export async function login(username = 'demo', password = username, scope?: string) {
  const { status, body } = await postForm({
    grant_type: 'password',
    client_id: 'weather-web',
    username,
    password,
    ...(scope !== undefined && { scope }),
  });
  if (status !== 200) throw new Error(`login failed: ${status} ${JSON.stringify(body)}`);
  return body as {
    access_token: string;
    refresh_token: string;
    expires_in: number;
    scope: string;
    token_type: string;
  };
}

export const refresh = (refreshToken: string, extra: Record<string, string> = {}) =>
  postForm({
    grant_type: 'refresh_token',
    client_id: 'weather-web',
    refresh_token: refreshToken,
    ...extra,
  });

/** GETs (or another method) a resource path with a bearer token; returns status, headers and JSON body. */
export async function api(path: string, token?: string, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  if (token !== undefined) headers.set('authorization', `Bearer ${token}`);
  const response = await fetch(`${BASE}${path}`, { ...init, headers });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text ? JSON.parse(text) : undefined,
  };
}

export const basic = (id: string, secret: string) =>
  `Basic ${btoa(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`)}`;

export const decodeJwt = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
