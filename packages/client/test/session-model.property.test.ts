/**
 * A model-based property test of the session. fast-check generates schedules of concurrent calls
 * (GET and POST), clock jumps, token-endpoint outcomes, server-side revocation, logins, logouts and
 * aborts; after every schedule the invariants below must hold. Reproduce a failure with the seed it
 * prints: FC_SEED=<seed> npx vitest run test/session-model.property.test.ts
 */
import type { Fault } from '@org/mock-api';
import { createMockApi } from '@org/mock-api';
import fc from 'fast-check';
import { afterAll, expect, it, vi } from 'vitest';
import { z } from 'zod';
import {
  createClient,
  defineEndpoint,
  isApiError,
  oauth2,
  type SessionEventType,
} from '../src/index.js';
import { me } from './weather-api.js';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 1_000);
const SEED = Number(process.env.FC_SEED ?? Math.floor(Math.random() * 2 ** 31));
const BASE = 'https://api.example.com';
const api = createMockApi({ baseUrl: BASE, accessTokenTtl: 60 });
const realImmediate = globalThis.setImmediate;

const addFavorite = defineEndpoint({
  method: 'POST',
  path: '/v1/favorites',
  body: z.object({ city: z.string() }),
  response: z.object({ city: z.string() }),
});

type Step =
  | { kind: 'get'; count: number; abort: boolean }
  | { kind: 'post'; count: number; abort: boolean }
  | { kind: 'jump'; seconds: number }
  | { kind: 'token-fault'; fault: 'network' | '5xx' | '429' | 'malformed' | 'invalid_grant' }
  | { kind: 'revoke-access' }
  | { kind: 'revoke-family' }
  | { kind: 'logout' }
  | { kind: 'login' }
  | { kind: 'wait'; ms: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('get' as const),
      count: fc.integer({ min: 1, max: 8 }),
      abort: fc.boolean(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('post' as const),
      count: fc.integer({ min: 1, max: 4 }),
      abort: fc.boolean(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('jump' as const),
      seconds: fc.integer({ min: 1, max: 200 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('token-fault' as const),
      fault: fc.constantFrom(
        'network' as const,
        '5xx' as const,
        '429' as const,
        'malformed' as const,
        'invalid_grant' as const,
      ),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'revoke-access' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'revoke-family' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'logout' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'login' as const }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('wait' as const),
      ms: fc.integer({ min: 0, max: 5_000 }),
    }),
  },
);

const FAULTS: Record<Exclude<Extract<Step, { kind: 'token-fault' }>['fault'], never>, Fault> = {
  network: { kind: 'network' },
  '5xx': { kind: 'status', status: 503 },
  '429': { kind: 'status', status: 429, retryAfter: 1 },
  malformed: { kind: 'malformed-json' },
  invalid_grant: {
    kind: 'json',
    status: 400,
    body: { error: 'invalid_grant', error_description: 'injected' },
  },
};

/** Requests the mock API is still working on. */
let inFlight = 0;

/**
 * Lets in-process work finish before fake time moves: the mock signs and verifies tokens with Web
 * Crypto, which is real I/O on a thread pool, so this waits (in real time, at most 2 s) until no
 * request is in flight, then runs the fake timers that are due.
 */
async function flush(rounds = 6) {
  for (let i = 0; i < rounds; i++) {
    const deadline = process.hrtime.bigint() + 2_000_000_000n;
    do await new Promise((resolve) => realImmediate(resolve));
    while (inFlight > 0 && process.hrtime.bigint() < deadline);
    await vi.advanceTimersByTimeAsync(0);
  }
}

interface Observations {
  violations: string[];
  maxRefreshesInFlight: number;
}

/** What the schedules did in all, so a run that exercises nothing cannot pass unnoticed. */
// `rejectedAsExpected`: calls that ended in a typed error the schedule provoked (not a test failure).
const totals = { calls: 0, succeeded: 0, rejectedAsExpected: 0, refreshes: 0, replays: 0 };

async function runSchedule(steps: Step[]): Promise<Observations> {
  api.controller.reset();
  inFlight = 0;
  const violations: string[] = [];
  let order = 0;
  let refreshesInFlight = 0;
  let maxRefreshesInFlight = 0;
  const knownExpiry = new Map<string, number>();
  const deadTokens = new Set<string>();
  const sendsPerCall = new Map<string, number>();
  /** Order of the last logout or session end; refreshes after it (before a new login) are violations. */
  let endedAt = -1;
  let loginStartedAt = -1;

  // The client's fetch: the mock API in-process, watched on the way out and back.
  const watchedFetch: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    // As a real fetch does: an aborted request fails at once.
    if (request.signal.aborted) throw request.signal.reason;
    const url = new URL(request.url);
    const sentAt = ++order;
    const token = request.headers.get('authorization')?.replace(/^Bearer /, '');
    let grant: URLSearchParams | undefined;
    if (url.pathname === '/oauth/token') {
      grant = new URLSearchParams(await request.clone().text());
      const type = grant.get('grant_type');
      if (type === 'refresh_token') {
        totals.refreshes++;
        refreshesInFlight++;
        maxRefreshesInFlight = Math.max(maxRefreshesInFlight, refreshesInFlight);
        if (endedAt > loginStartedAt)
          violations.push(`refresh sent after the session ended (#${sentAt})`);
        const refreshToken = grant.get('refresh_token') ?? '';
        if (deadTokens.has(refreshToken)) violations.push('a dead refresh token was sent');
      }
    } else if (token) {
      const expiry = knownExpiry.get(token);
      if (expiry !== undefined && Date.now() >= expiry)
        violations.push(`a token the session knew was expired was sent to ${url.pathname}`);
      if (deadTokens.has(token)) violations.push(`a dead access token was sent to ${url.pathname}`);
      const callId = request.headers.get('x-call-id');
      if (callId) {
        const sends = (sendsPerCall.get(callId) ?? 0) + 1;
        sendsPerCall.set(callId, sends);
        if (sends === 2) totals.replays++;
        if (sends > 2)
          violations.push(`call ${callId} was sent ${sends} times (replayed more than once)`);
      }
    }
    inFlight++;
    try {
      const response = await new Promise<Response>((resolve, reject) => {
        request.signal.addEventListener('abort', () => reject(request.signal.reason), {
          once: true,
        });
        api.fetch(request).then(resolve, reject);
      });
      if (grant && response.ok) {
        const body = await response
          .clone()
          .json()
          .catch(() => undefined);
        if (typeof body?.access_token === 'string' && typeof body.expires_in === 'number') {
          knownExpiry.set(body.access_token, Date.now() + body.expires_in * 1000);
        }
      }
      if (
        grant?.get('grant_type') === 'refresh_token' &&
        (response.status === 400 || response.status === 401)
      ) {
        // invalid_grant: every token issued so far is dead to this session.
        for (const known of knownExpiry.keys()) deadTokens.add(known);
        deadTokens.add(grant.get('refresh_token') ?? '');
      }
      return response;
    } finally {
      inFlight--;
      if (grant?.get('grant_type') === 'refresh_token') refreshesInFlight--;
    }
  };

  const client = createClient({
    baseUrl: BASE,
    fetch: watchedFetch,
    retry: 0,
    timeout: false,
    auth: oauth2({
      tokenUrl: '/oauth/token',
      revokeUrl: '/oauth/revoke',
      clientId: 'weather-web',
      refreshRetries: 2,
    }),
  });
  const events: Array<{ type: SessionEventType; order: number }> = [];
  client.session.subscribe((event) => {
    events.push({ type: event.type, order: ++order });
    if (event.type === 'expired') endedAt = order;
  });

  const login = client.session.login({ username: 'demo', password: 'demo' });
  await flush();
  await login;

  const pending: Array<Promise<unknown>> = [];
  let settled = 0;
  const track = (promise: Promise<unknown>, isCall: boolean) => {
    const wrapped = promise.then(
      () => {
        settled++;
        if (isCall) totals.succeeded++;
      },
      (error: unknown) => {
        settled++;
        if (isCall) totals.rejectedAsExpected++;
        if (isCall && !isApiError(error) && (error as { name?: string })?.name !== 'AbortError') {
          violations.push(`a call failed with an untyped error: ${String(error)}`);
        }
      },
    );
    pending.push(wrapped);
  };

  let calls = 0;
  for (const current of steps) {
    switch (current.kind) {
      case 'get':
      case 'post': {
        const abort = new AbortController();
        for (let i = 0; i < current.count; i++) {
          totals.calls++;
          const options = {
            headers: { 'x-call-id': String(++calls) },
            ...(current.abort && { signal: abort.signal }),
          };
          track(
            current.kind === 'get'
              ? client.call(me, undefined, options)
              : client.call(addFavorite, { body: { city: 'berlin' } }, options),
            true,
          );
        }
        if (current.abort) {
          await flush(1);
          abort.abort();
        }
        break;
      }
      case 'jump':
        vi.setSystemTime(Date.now() + current.seconds * 1000);
        break;
      case 'token-fault':
        api.controller.injectFault('POST /oauth/token', FAULTS[current.fault]);
        break;
      case 'revoke-access':
        api.controller.expireAccessTokens();
        break;
      case 'revoke-family':
        api.controller.revokeAll('demo');
        break;
      case 'logout':
        endedAt = ++order;
        track(client.session.logout(), false);
        break;
      case 'login':
        track(
          client.session.login({ username: 'demo', password: 'demo' }).then(() => {
            loginStartedAt = ++order;
          }),
          false,
        );
        break;
      case 'wait':
        await vi.advanceTimersByTimeAsync(current.ms);
        break;
    }
    await flush(2);
  }

  // Everything must settle: drive time forward until it does (a hang would never).
  for (let round = 0; round < 400 && settled < pending.length; round++) {
    await vi.advanceTimersByTimeAsync(1_000);
    await flush(2);
  }
  if (settled < pending.length)
    violations.push(`${pending.length - settled} of ${pending.length} calls never settled`);

  // 'expired' fires at most once per session (between logins).
  let expiredSinceLogin = 0;
  for (const event of events) {
    if (event.type === 'login') expiredSinceLogin = 0;
    if (event.type === 'expired' && ++expiredSinceLogin > 1)
      violations.push("'expired' fired twice for one session");
  }
  return { violations, maxRefreshesInFlight };
}

afterAll(() => {
  vi.useRealTimers();
});

it(`keeps every session invariant over ${RUNS} random schedules (seed ${SEED})`, async () => {
  vi.useFakeTimers({
    now: new Date('2026-06-01T12:00:00Z'),
    toFake: ['Date', 'setTimeout', 'clearTimeout', 'performance'],
  });
  let schedules = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), async (steps) => {
      schedules++;
      const { violations, maxRefreshesInFlight } = await runSchedule(steps);
      expect(violations).toEqual([]);
      expect(maxRefreshesInFlight).toBeLessThanOrEqual(1);
    }),
    { numRuns: RUNS, seed: SEED, ...(process.env.FC_PATH && { path: process.env.FC_PATH }) },
  );
  expect(schedules).toBeGreaterThanOrEqual(RUNS);
  console.log(
    `session model: ${schedules} schedules passed (seed ${SEED}): ${Object.entries(totals)
      .map(([key, value]) => `${key} ${value}`)
      .join(', ')}`,
  );
  expect(totals.succeeded).toBeGreaterThan(RUNS);
  expect(totals.rejectedAsExpected).toBeGreaterThan(0);
  expect(totals.refreshes).toBeGreaterThan(RUNS / 10);
  expect(totals.replays).toBeGreaterThan(0);
}, 600_000);
