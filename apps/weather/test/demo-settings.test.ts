import { describe, expect, it } from 'vitest';
import { demoSettings } from '../src/demo.js';

describe('demoSettings: the ?api= guard, the sample app’s one security check', () => {
  it.each([
    'http://127.0.0.1:4010',
    'http://localhost:4010/',
    'http://[::1]:4010',
    'https://localhost',
    'http://127.9.9.9:1',
  ])('takes an API on this machine: %s', (api) => {
    expect(demoSettings(`?api=${encodeURIComponent(api)}`).api).toBe(api.replace(/\/+$/, ''));
  });

  it.each([
    'https://evil.example',
    'http://127.0.0.1.evil.example',
    'http://localhost.evil.example:4010',
    'https://api.example.com@evil.example',
    'javascript:alert(1)',
    'file:///etc/passwd',
    '//evil.example',
    'not a url',
  ])('refuses anything else, so a link cannot send a password away: %s', (api) => {
    expect(demoSettings(`?api=${encodeURIComponent(api)}`).api).toBeUndefined();
  });

  it('reads the demo knobs with bounds and defaults', () => {
    expect(demoSettings('')).toEqual({
      accessTokenTtl: 30,
      pollMs: 10_000,
      api: undefined,
      debug: false,
    });
    expect(demoSettings('?ttl=5&poll=1000&debug')).toMatchObject({
      accessTokenTtl: 5,
      pollMs: 1000,
      debug: true,
    });
    expect(demoSettings('?ttl=0&poll=1')).toMatchObject({ accessTokenTtl: 30, pollMs: 10_000 });
  });
});
