import { isLoopbackUrl } from '@org/client';
import type { MockApiController } from '@org/mock-api';
import { createContext, useContext } from 'react';

/** How the app runs: against the in-browser mock (with its controller) or a real API. */
export interface Demo {
  /** The mock API's controller in mock mode; `undefined` against a real API. */
  mock: MockApiController | undefined;
  /** How often the dashboard polls, in ms. */
  pollMs: number;
  /** The API's base URL, shown in the footer. */
  apiUrl: string;
  /** Why the last sign-in through the provider failed, when it did (shown on the sign-in screen). */
  signInError?: string | undefined;
}

export const DemoContext = createContext<Demo>({ mock: undefined, pollMs: 10_000, apiUrl: '' });

/** The demo settings of the running app. */
export const useDemo = () => useContext(DemoContext);

/**
 * Demo knobs from the page URL, so a walkthrough (or an end-to-end test) can speed things up:
 * `?ttl=5` for 5-second access tokens in mock mode, `?poll=1000` to poll every second, and
 * `?api=http://127.0.0.1:4010` for an API on this machine (only loopback URLs are taken: a link
 * must not be able to send someone's password elsewhere).
 */
export function demoSettings(search: string): {
  accessTokenTtl: number;
  pollMs: number;
  api: string | undefined;
  debug: boolean;
} {
  const params = new URLSearchParams(search);
  const api = params.get('api') ?? undefined;
  const number = (key: string, fallback: number, min: number) => {
    const value = Number(params.get(key));
    return Number.isFinite(value) && value >= min ? value : fallback;
  };
  return {
    accessTokenTtl: number('ttl', 30, 2),
    pollMs: number('poll', 10_000, 500),
    api: api && isLoopbackUrl(api) ? api.replace(/\/+$/, '') : undefined,
    debug: params.has('debug'),
  };
}
