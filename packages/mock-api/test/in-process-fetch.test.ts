import { describe, expect, it } from 'vitest';
import { createMockApi } from '../src/index.js';

describe('createMockApi().fetch', () => {
  it('answers from the handlers in-process, faults included', async () => {
    const { fetch: mockFetch, controller } = createMockApi({ baseUrl: 'https://api.example.com' });
    const token = await mockFetch('https://api.example.com/oauth/token', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'password',
        client_id: 'weather-web',
        username: 'demo',
        password: 'demo',
      }),
    });
    expect(token.status).toBe(200);
    expect((await mockFetch('https://api.example.com/v1/nowhere')).status).toBe(404);
    controller.injectFault('GET /v1/me', { kind: 'network' });
    await expect(mockFetch('https://api.example.com/v1/me')).rejects.toThrow(TypeError);
  });
});
