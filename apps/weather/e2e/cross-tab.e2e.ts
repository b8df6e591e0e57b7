import { type MockHttpServer, startMockHttpServer } from '@org/mock-api/node';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness } from './harness.js';

let harness: Awaited<ReturnType<typeof startHarness>>;
let api: MockHttpServer;
beforeAll(async () => {
  harness = await startHarness();
  // One API for every tab: the mock as a real HTTP server, with 2-second access tokens and rotation.
  api = await startMockHttpServer({ port: 0, accessTokenTtl: 2 });
});
afterAll(async () => {
  await harness?.close();
  await api?.close();
});

const sessionId = (page: Page) =>
  page.evaluate(() =>
    (window as unknown as { weatherSessionId: () => unknown }).weatherSessionId(),
  );

describe('several tabs of one origin, one rotating refresh token', () => {
  let context: BrowserContext;
  let tabs: Page[];

  it('sign in together, refresh many times without ever reusing a refresh token, converge, and sign out together', async () => {
    context = await harness.browser.newContext();
    tabs = [];
    const problems: string[] = [];
    for (let i = 0; i < 3; i++) {
      const page = await context.newPage();
      page.on('pageerror', (error) => problems.push(error.message));
      await page.goto(`${harness.url}?api=${encodeURIComponent(api.url)}&poll=500&debug`);
      tabs.push(page);
    }
    const [first, second, third] = tabs as [Page, Page, Page];

    // The first tab signs in on the provider's page (the mock HTTP server's), with the code flow.
    await first.getByRole('button', { name: 'Sign in' }).click();
    await first.waitForURL(`${api.url}/oauth/authorize?**`);
    expect(await first.getByLabel('Username').inputValue()).toBe('');
    await first.getByLabel('Username').fill('demo');
    await first.getByLabel('Password').fill('demo');
    await first.getByRole('button', { name: 'Sign in' }).click();
    // Back on the app where it started, callback parameters gone from the address bar.
    await first.waitForURL(
      (url) => url.origin === new URL(harness.url).origin && url.searchParams.has('api'),
    );
    expect(first.url()).not.toMatch(/[?&](code|state)=/);
    await expect.poll(() => first.getByTestId('user').textContent()).toContain('Demo User');
    expect(
      api.controller.requests.filter((r) => r.grantType === 'authorization_code'),
    ).toHaveLength(1);
    // The other tabs learn of the sign-in from the first one.
    for (const tab of tabs) await tab.getByTestId('temperature-oslo').waitFor({ timeout: 15_000 });

    // About eight token lifetimes with every tab polling twice a second.
    const started = Date.now();
    await expect
      .poll(
        () =>
          api.controller.requests.filter((r) => r.grantType === 'refresh_token' && r.status === 200)
            .length,
        {
          timeout: 30_000,
          interval: 250,
        },
      )
      .toBeGreaterThanOrEqual(6);
    expect(Date.now() - started).toBeLessThan(30_000);

    expect(api.controller.reuseDetections).toBe(0);
    expect(
      api.controller.requests.filter((r) => r.route === 'POST /oauth/token' && r.status !== 200),
    ).toEqual([]);
    const presented = api.controller.requests
      .filter((r) => r.grantType === 'refresh_token')
      .map((r) => r.refreshToken);
    expect(new Set(presented).size).toBe(presented.length);
    for (const tab of tabs) expect(await tab.getByRole('alert').count()).toBe(0);

    await expect
      .poll(async () => new Set(await Promise.all(tabs.map(sessionId))).size, { timeout: 5_000 })
      .toBe(1);

    // A reload restores the session from storage, user included, without signing in again.
    await third.reload();
    await third.getByTestId('temperature-oslo').waitFor({ timeout: 10_000 });
    await expect.poll(() => third.getByTestId('user').textContent()).toContain('Demo User');
    expect(
      api.controller.requests.filter((r) => r.grantType === 'authorization_code'),
    ).toHaveLength(1);

    // Signing out in one tab revokes, signs every tab out, and ends the provider's session: that
    // tab goes by the provider and comes back to the app, against the same API.
    await second.getByRole('button', { name: 'Sign out' }).click();
    for (const tab of [first, second, third])
      await tab.getByRole('heading', { name: 'Sign in' }).waitFor({ timeout: 5_000 });
    await expect
      .poll(() => api.controller.requests.map((r) => r.route), { timeout: 5_000 })
      .toContain('GET /oauth/logout');
    await expect.poll(() => second.locator('footer').textContent()).toContain(api.url);
    expect(await third.getByRole('article').count()).toBe(0);
    expect(problems).toEqual([]);
    await context.close();
  });
});
