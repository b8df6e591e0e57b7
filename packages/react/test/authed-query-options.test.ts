import { createClient, oauth2 } from '@org/client';
import { describe, expect, it } from 'vitest';
import { authedQueryOptions } from '../src/index.js';
import { BASE, currentWeather, withMockApi } from './helpers.js';

const { controller } = withMockApi({ refreshTokenTtl: 60 });

const input = { params: { city: 'oslo' } };

describe('authedQueryOptions', () => {
  it('polls only while the session is authenticated: not when anonymous, not after it expired', async () => {
    const client = createClient({
      baseUrl: BASE,
      auth: oauth2({ tokenUrl: '/oauth/token', clientId: 'weather-web', refreshRetries: 0 }),
    });
    const interval = () =>
      authedQueryOptions(client, currentWeather, input, { refetchInterval: 5_000 }).refetchInterval;
    expect(interval()).toBe(false);
    await client.session.login({ username: 'demo', password: 'demo' });
    expect(interval()).toBe(5_000);
    controller.revokeAll('demo');
    await client.session.refresh().catch(() => undefined);
    expect(client.session.getState().status).toBe('expired');
    expect(interval()).toBe(false);
  });

  it('waits (disabled) while anonymous, and asks the client not to retry on its own', async () => {
    const client = createClient({
      baseUrl: BASE,
      auth: oauth2({ tokenUrl: '/oauth/token', clientId: 'weather-web' }),
    });
    expect(authedQueryOptions(client, currentWeather, input).enabled).toBe(false);
    await client.session.login({ username: 'demo', password: 'demo' });
    const options = authedQueryOptions(client, currentWeather, input);
    expect(options.enabled).toBe(true);
    const calls: unknown[] = [];
    const spy = {
      ...client,
      call: (...args: unknown[]) => {
        calls.push(args[2]);
        return client.call(currentWeather, input);
      },
    };
    const fn = authedQueryOptions(spy as typeof client, currentWeather, input).queryFn as (c: {
      signal: AbortSignal;
    }) => Promise<unknown>;
    await fn({ signal: new AbortController().signal });
    expect(calls).toEqual([expect.objectContaining({ retry: 0 })]);
  });
});
