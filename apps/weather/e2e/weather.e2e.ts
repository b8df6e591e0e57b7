import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OUTPUT, startHarness } from './harness.js';

let harness: Awaited<ReturnType<typeof startHarness>>;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness?.close();
});

/** A fresh page on the built app, with 4-second access tokens and polling every second. */
async function openApp(viewport = { width: 1200, height: 860 }, query = '?ttl=4&poll=1000') {
  const page = await harness.browser.newPage({ viewport });
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(`${harness.url}${query}`);
  return { page, problems };
}

/** Clicks the app's "Sign in" and returns the provider's login page, opened in a popup. */
async function openSignIn(page: Page): Promise<Page> {
  const [popup] = await Promise.all([
    page.waitForEvent('popup'),
    page.getByRole('button', { name: 'Sign in' }).click(),
  ]);
  await popup.getByLabel('Username').waitFor();
  return popup;
}

/** Types credentials on the provider's login page and submits them. */
async function submitCredentials(popup: Page, username: string, password = username) {
  await popup.getByLabel('Username').fill(username);
  await popup.getByLabel('Password').fill(password);
  await popup.getByRole('button', { name: 'Sign in' }).click();
}

/** The whole sign-in, as a person does it: the popup, the credentials, the popup closing by itself. */
async function signIn(page: Page, username: string, password = username) {
  const popup = await openSignIn(page);
  const closed = popup.waitForEvent('close');
  await submitCredentials(popup, username, password);
  await closed;
}

const refreshCount = async (page: Page) =>
  Number(await page.getByTestId('refresh-count').textContent());

describe('the weather app in Chromium, on the in-browser mock API', () => {
  it('signs in, keeps data live through token refreshes, adds a favorite, signs out clean', async () => {
    const { page, problems } = await openApp();
    expect(await page.getByLabel('Password').count()).toBe(0); // the app never asks for it

    // The provider's page, in a popup the mock running in this page answers.
    const popup = await openSignIn(page);
    expect(await popup.title()).toBe('Sign in · org mock API');
    await popup.screenshot({ path: join(OUTPUT, 'sign-in.png') });
    await submitCredentials(popup, 'demo', 'not-the-password');
    await expect
      .poll(() => popup.getByRole('alert').textContent())
      .toBe('That username and password do not match. Check them and try again.');
    expect(await popup.evaluate(() => document.activeElement?.id)).toBe('password');
    const closed = popup.waitForEvent('close');
    await submitCredentials(popup, 'demo');
    await closed;
    await page.getByTestId('temperature-oslo').waitFor();
    expect(await page.getByTestId('user').textContent()).toBe(
      'Demo User (demo, from the ID token)',
    );
    expect(await page.getByTestId('temperature-oslo').textContent()).toMatch(/-?\d+\.\d°C$/);
    const firstObservation = await page
      .getByTestId('observed-oslo')
      .getAttribute('data-observed-at');

    // At least two silent refreshes, while the values keep updating and no error shows.
    await expect
      .poll(() => refreshCount(page), { timeout: 20_000, interval: 250 })
      .toBeGreaterThanOrEqual(2);
    await expect
      .poll(() => page.getByTestId('observed-oslo').getAttribute('data-observed-at'), {
        timeout: 15_000,
        interval: 250,
      })
      .not.toBe(firstObservation);
    expect(await page.getByRole('alert').count()).toBe(0);

    await page.getByLabel('Add a city').selectOption('berlin');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByTestId('temperature-berlin').waitFor();
    await page.screenshot({ path: join(OUTPUT, 'dashboard.png'), fullPage: true });

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await page.getByRole('article').count()).toBe(0);

    await signIn(page, 'viewer');
    await page.getByTestId('temperature-new-york').waitFor();
    expect(await page.getByTestId('temperature-oslo').count()).toBe(0);
    expect(await page.getByTestId('temperature-berlin').count()).toBe(0);
    expect(await page.getByTestId('user').textContent()).toBe(
      'Read-only Viewer (viewer, from the ID token)',
    );
    expect(problems).toEqual([]);
    await page.close();
  });

  it('tells the user when they cancel on the provider’s page or close it, and signs in after', async () => {
    const { page, problems } = await openApp();
    let popup = await openSignIn(page);
    const closed = popup.waitForEvent('close');
    await popup.getByRole('button', { name: 'Cancel' }).click();
    await closed;
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toBe('You cancelled the sign-in.');

    popup = await openSignIn(page);
    expect(await page.getByRole('alert').count()).toBe(0);
    await popup.close();
    await expect
      .poll(() => page.getByRole('alert').textContent(), { timeout: 5_000 })
      .toBe('The sign-in window was closed before you signed in.');

    await signIn(page, 'viewer');
    await page.getByTestId('temperature-new-york').waitFor();
    expect(problems).toEqual([]);
    await page.close();
  });

  it('refreshes and replays when the server expires the token, showing no error', async () => {
    // Hour-long tokens and no polling: nothing refreshes early and nothing refetches by itself, so
    // a refresh can only come from a 401, and a second request for a route only from the replay.
    const { page, problems } = await openApp(undefined, '?ttl=3600&poll=600000');
    const api: string[] = [];
    page.on('response', (response) => {
      const { pathname } = new URL(response.url());
      if (/\/(v1|oauth)\//.test(pathname))
        api.push(`${response.request().method()} ${pathname} ${response.status()}`);
    });
    await signIn(page, 'demo');
    await page.getByTestId('temperature-tokyo').waitFor();
    const before = await refreshCount(page);
    await page.getByRole('button', { name: 'Expire token now' }).click();
    await expect
      .poll(() => refreshCount(page), { timeout: 10_000, interval: 100 })
      .toBeGreaterThan(before);
    // Every request the server refused is sent again after the refresh, and answered.
    const unreplayed = () => {
      const refresh = api.lastIndexOf('POST /api/oauth/token 200');
      const refused = api.filter((line) => line.endsWith(' 401'));
      if (refused.length === 0 || refresh < 0) return ['waiting for a 401 and a refresh'];
      const after = api.slice(refresh + 1);
      return refused.filter((line) => !after.includes(line.replace(/ 401$/, ' 200')));
    };
    await expect.poll(unreplayed, { timeout: 10_000, interval: 100 }).toEqual([]);
    expect(await page.getByRole('alert').count()).toBe(0);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('works from the keyboard alone: sign in, open a forecast, sign out', async () => {
    const { page } = await openApp();
    await page.getByRole('button', { name: 'Sign in' }).focus();
    const opened = page.waitForEvent('popup');
    await page.keyboard.press('Enter');
    const popup = await opened;
    await popup.getByLabel('Username').waitFor();
    expect(await popup.evaluate(() => document.activeElement?.id)).toBe('username');
    const closed = popup.waitForEvent('close');
    await popup.keyboard.type('demo');
    await popup.keyboard.press('Tab');
    await popup.keyboard.type('demo');
    await popup.keyboard.press('Enter');
    await closed;
    await page.getByTestId('temperature-oslo').waitFor();
    // Tab through the page until the Oslo card's name is focused, then open its forecast.
    for (let i = 0; i < 30; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate(() => document.activeElement?.textContent === 'Oslo')) break;
    }
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Oslo: next 24 hours' }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.close();
  });

  it('shows the read-only user disabled write controls with the reason, and fits a phone screen', async () => {
    const { page } = await openApp({ width: 390, height: 844 });
    await signIn(page, 'viewer');
    await page.getByTestId('temperature-paris').waitFor();
    expect(await page.getByLabel('Add a city').isDisabled()).toBe(true);
    expect(await page.getByText('Read-only account: changing favorites needs').isVisible()).toBe(
      true,
    );
    expect(
      await page.getByRole('button', { name: 'Remove Paris from favorites' }).isDisabled(),
    ).toBe(true);
    expect(await page.getByRole('alert').count()).toBe(0);
    // The session panel is collapsed on a phone: the first screen shows the weather.
    expect(await page.locator('.session details').getAttribute('open')).toBeNull();
    const firstCard = await page.getByRole('article', { name: 'New York' }).boundingBox();
    expect(firstCard && firstCard.y + firstCard.height).toBeLessThanOrEqual(844);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(OUTPUT, 'phone.png'), fullPage: false });
    await page.close();
  });

  it('on a phone, opens a tapped city’s forecast in view, with legible labels in the city’s time zone', async () => {
    const { page } = await openApp({ width: 390, height: 844 });
    await signIn(page, 'demo');
    await page.getByTestId('temperature-tokyo').waitFor();
    await page.getByRole('button', { name: 'Tokyo', exact: true }).click();
    const heading = page.getByRole('heading', { name: 'Tokyo: next 24 hours' });
    await heading.waitFor();
    await expect
      .poll(async () => {
        const box = await heading.boundingBox();
        return box !== null && box.y >= 0 && box.y + box.height <= 844;
      })
      .toBe(true);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('forecast-title');
    const smallest = await page.evaluate(() =>
      Math.min(
        ...[...document.querySelectorAll('.chart .label')].map(
          (label) => label.getBoundingClientRect().height,
        ),
      ),
    );
    expect(smallest).toBeGreaterThanOrEqual(11);
    expect(await page.getByText('times in Tokyo (Asia/Tokyo)').count()).toBe(1);
    await page.screenshot({ path: join(OUTPUT, 'phone-forecast.png') });
    await page.close();
  });

  it('shows what the SDK did after "Expire token now": 401, refresh, replay', async () => {
    const { page } = await openApp(undefined, '?ttl=3600&poll=600000');
    await signIn(page, 'demo');
    await page.getByTestId('temperature-oslo').waitFor();
    // Signed in, the focus is on the dashboard, not lost on <body>.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Your cities');
    await page.getByRole('button', { name: 'Expire token now' }).click();
    const strip = page.getByRole('list', { name: 'What the SDK did' });
    const steps = () => strip.locator('li').allTextContents();
    await expect
      .poll(async () =>
        (await steps()).some((step) =>
          /^replay GET \S*\/v1\/\S* → 200(, and \d+ more)?$/.test(step),
        ),
      )
      .toBe(true);
    const shown = await steps();
    expect(shown.some((step) => / → 401 \(token expired\)(, and \d+ more)?$/.test(step))).toBe(
      true,
    );
    expect(shown).toContain('refresh → 200');
    expect(shown.join(' ')).not.toMatch(/eyJ|Bearer/);
    await page.screenshot({ path: join(OUTPUT, 'session-activity.png') });
    await page.close();
  });
});
