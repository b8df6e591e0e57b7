import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { webStorage } from '../src/index.js';
import {
  eventually,
  fakeWebStorage,
  oauthClient,
  settle,
  useFakeDate,
  useMockApi,
} from './helpers.js';
import { me } from './weather-api.js';

const { controller } = useMockApi();

let origin = 0;
/** `count` clients that behave like tabs of one origin: one storage, one lock and channel name. */
function openTabs(count: number, lockTimeout = 10_000) {
  const storage = fakeWebStorage();
  const name = `tabs-${++origin}`;
  return Array.from({ length: count }, () =>
    oauthClient({ storage: webStorage(storage), crossTab: { name, lockTimeout } }),
  );
}

const tokenRequests = () => controller.requests.filter((r) => r.route === 'POST /oauth/token');

/** Makes this Node process look like a page: cross-tab coordination exists only in browsing contexts. */
function useBrowsingContext() {
  beforeEach(() => {
    vi.stubGlobal('document', Object.assign(new EventTarget(), { visibilityState: 'visible' }));
    vi.stubGlobal('window', new EventTarget());
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });
}

describe('cross-tab coordination (Web Locks and BroadcastChannel, as in Node 24)', () => {
  useBrowsingContext();

  it('signs every tab in when one tab signs in', async () => {
    const [first, second, third] = openTabs(3);
    await first?.session.login({ username: 'demo', password: 'demo' });
    await eventually(() => expect(second?.session.getState().status).toBe('authenticated'));
    await eventually(() => expect(third?.session.getState().status).toBe('authenticated'));
    expect(await third?.session.getAccessToken()).toBe(await first?.session.getAccessToken());
  });

  it('refreshes once for all tabs when they all find the token expired, and never reuses a refresh token', async () => {
    useFakeDate();
    const tabs = openTabs(4);
    await tabs[0]?.session.login({ username: 'demo', password: 'demo' });
    await eventually(() =>
      expect(tabs.every((tab) => tab.session.getState().status === 'authenticated')).toBe(true),
    );
    controller.clearRequests();
    vi.advanceTimersByTime(3_600_000);

    const { fulfilled, rejected } = await settle(
      tabs.flatMap((tab) => Array.from({ length: 25 }, () => tab.call(me))),
    );
    expect(rejected).toEqual([]);
    expect(fulfilled).toHaveLength(100);
    expect(tokenRequests()).toHaveLength(1);
    expect(controller.reuseDetections).toBe(0);
    const tokens = await Promise.all(tabs.map((tab) => tab.session.getAccessToken()));
    expect(new Set(tokens).size).toBe(1);
  });

  it('keeps the token family alive across many refresh cycles started in random tabs', async () => {
    const tabs = openTabs(3);
    await tabs[0]?.session.login({ username: 'demo', password: 'demo' });
    await eventually(() =>
      expect(tabs.every((tab) => tab.session.getState().status === 'authenticated')).toBe(true),
    );
    for (let cycle = 0; cycle < 20; cycle++) {
      // Two tabs race for the same refresh; the second must pick up the first one's tokens.
      await Promise.all([
        tabs[cycle % 3]?.session.refresh(),
        tabs[(cycle + 1) % 3]?.session.refresh(),
      ]);
    }
    expect(controller.reuseDetections).toBe(0);
    await Promise.all(tabs.map((tab) => tab.call(me)));
    expect(controller.requests.filter((r) => r.status >= 400)).toEqual([]);
    await eventually(async () => {
      const tokens = await Promise.all(tabs.map((tab) => tab.session.getAccessToken()));
      expect(new Set(tokens).size).toBe(1);
    });
  });

  it('signs every tab out when one tab signs out', async () => {
    const [first, second] = openTabs(2);
    await first?.session.login({ username: 'demo', password: 'demo' });
    await eventually(() => expect(second?.session.getState().status).toBe('authenticated'));
    const events: string[] = [];
    second?.session.subscribe((event) => events.push(event.type));
    await first?.session.logout();
    await eventually(() => expect(second?.session.getState().status).toBe('anonymous'));
    expect(events).toEqual(['logout']);
    await expect(second?.call(me)).rejects.toMatchObject({ code: 'no_session' });
  });

  it('does not let a tab that froze holding the lock block the others past the bound', async () => {
    const [frozen, waiting] = openTabs(2, 25);
    await frozen?.session.login({ username: 'demo', password: 'demo' });
    await eventually(() => expect(waiting?.session.getState().status).toBe('authenticated'));
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const locks = (
      navigator as unknown as {
        locks: { request: (n: string, cb: () => Promise<void>) => Promise<void> };
      }
    ).locks;
    void locks.request(`tabs-${origin}:refresh`, () => held);
    await expect(waiting?.session.refresh()).resolves.toBeUndefined();
    release();
    expect(controller.reuseDetections).toBe(0);
  });

  it('re-checks the token when the tab becomes visible or comes back online', async () => {
    useFakeDate();
    const page = Object.assign(new EventTarget(), { visibilityState: 'hidden' });
    const browserWindow = new EventTarget();
    vi.stubGlobal('document', page);
    vi.stubGlobal('window', browserWindow);
    try {
      const [tab] = openTabs(1);
      if (!tab) throw new Error('no tab');
      await tab.session.login({ username: 'demo', password: 'demo' });
      // Counts refreshes the session adopted (its `refresh` events), not only requested: the clock
      // must not jump while a refresh is still on its way back.
      let adopted = 0;
      tab.session.subscribe((event) => {
        if (event.type === 'refresh') adopted++;
      });
      const refreshes = () => tokenRequests().filter((r) => r.grantType === 'refresh_token').length;
      vi.advanceTimersByTime(3_590_000); // the laptop slept: the token is inside its leeway now
      page.visibilityState = 'visible';
      page.dispatchEvent(new Event('visibilitychange'));
      await eventually(() => expect(adopted).toBe(1));
      expect(refreshes()).toBe(1);
      vi.advanceTimersByTime(3_590_000);
      browserWindow.dispatchEvent(new Event('online'));
      await eventually(() => expect(adopted).toBe(2));
      expect(refreshes()).toBe(2);
      expect(controller.requests.filter((r) => r.route !== 'POST /oauth/token')).toEqual([]);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('falls back to per-tab behaviour where Web Locks and BroadcastChannel are missing', async () => {
    vi.stubGlobal('navigator', {});
    vi.stubGlobal('BroadcastChannel', undefined);
    try {
      const [tab] = openTabs(1);
      await tab?.session.login({ username: 'demo', password: 'demo' });
      await tab?.session.refresh();
      await expect(tab?.call(me)).resolves.toMatchObject({ sub: 'demo' });
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

describe('sessions that must stay apart', () => {
  it('never shares a session between clients of one server process (no browsing context), even with crossTab', async () => {
    expect(typeof window).toBe('undefined');
    const listener = new BroadcastChannel('shared');
    const seen: unknown[] = [];
    const sentinel = new Promise<void>((resolve) => {
      listener.onmessage = (event: MessageEvent) => {
        seen.push(event.data);
        if (event.data === 'sentinel') resolve();
      };
    });
    const alice = oauthClient({ crossTab: { name: 'shared' } });
    const bob = oauthClient({ crossTab: { name: 'shared' } });
    await alice.session.login({ username: 'demo', password: 'demo' });
    await bob.session.login({ username: 'viewer', password: 'viewer' });
    await alice.session.logout();
    const sender = new BroadcastChannel('shared');
    sender.postMessage('sentinel');
    await sentinel;
    listener.close();
    sender.close();
    expect(seen).toEqual(['sentinel']);
    expect(bob.session.getState().status).toBe('authenticated');
    await expect(bob.call(me)).resolves.toMatchObject({ sub: 'viewer' });
  });

  describe('in a page', () => {
    useBrowsingContext();

    it('keeps sessions stored under different keys apart: the default channel name includes the storage key', async () => {
      const storage = fakeWebStorage();
      const work = oauthClient({ crossTab: true, storage: webStorage(storage, 'work') });
      const workTab = oauthClient({ crossTab: true, storage: webStorage(storage, 'work') });
      const home = oauthClient({ crossTab: true, storage: webStorage(storage, 'home') });
      await home.session.login({ username: 'viewer', password: 'viewer' });
      await work.session.login({ username: 'demo', password: 'demo' });
      await eventually(() => expect(workTab.session.getState().status).toBe('authenticated'));
      await work.session.logout();
      // The other tab of the same session hears the sign-out; a session under another key must not.
      await eventually(() => expect(workTab.session.getState().status).toBe('anonymous'));
      expect(home.session.getState().status).toBe('authenticated');
      await expect(home.call(me)).resolves.toMatchObject({ sub: 'viewer' });
    });
  });
});

describe('what tabs tell each other', () => {
  useBrowsingContext();

  it('ends every tab when one tab finds its grant refused, each reporting expired once', async () => {
    const [first, second] = openTabs(2);
    await first?.session.login({ username: 'demo', password: 'demo' });
    await eventually(() => expect(second?.session.getState().status).toBe('authenticated'));
    const events: Record<string, string[]> = { first: [], second: [] };
    first?.session.subscribe((event) => events.first?.push(event.type));
    second?.session.subscribe((event) => events.second?.push(event.type));
    controller.revokeAll('demo');
    await expect(first?.session.refresh()).rejects.toMatchObject({ code: 'session_expired' });
    await eventually(() => expect(second?.session.getState().status).toBe('expired'));
    expect(events).toEqual({ first: ['expired'], second: ['expired'] });
  });

  it("a tab reports another tab's fresh tokens as a refresh, and the same tokens again as nothing", async () => {
    const [first, second] = openTabs(2);
    await first?.session.login({ username: 'demo', password: 'demo' });
    await eventually(() => expect(second?.session.getState().status).toBe('authenticated'));
    const events: string[] = [];
    second?.session.subscribe((event) => events.push(event.type));
    await first?.session.refresh();
    const fresh = await first?.session.getAccessToken();
    await eventually(() => expect(events).toEqual(['refresh']));
    expect(await second?.session.getAccessToken()).toBe(fresh);
    // A sign-out heard by a tab that is signed out already changes nothing there.
    await second?.session.logout();
    await eventually(() => expect(first?.session.getState().status).toBe('anonymous'));
    expect(events).toEqual(['refresh', 'logout']);
  });

  it('a sign-out in another tab ends a refresh in flight here: its answer counts for nothing', async () => {
    const [first, second] = openTabs(2);
    await first?.session.login({ username: 'demo', password: 'demo' });
    await eventually(() => expect(second?.session.getState().status).toBe('authenticated'));
    controller.setLatency(100);
    const refreshing = second?.session.refresh().catch((error: unknown) => error);
    await first?.session.logout();
    expect(await refreshing).toMatchObject({ code: 'logged_out' });
    expect(second?.session.getState().status).toBe('anonymous');
  });
});

describe('a tab that missed the news (separate channels, one storage)', () => {
  useBrowsingContext();

  /** Two clients sharing storage but not a channel or a lock, as when a message was lost. */
  const deafTabs = () => {
    const storage = webStorage(fakeWebStorage());
    const tab = () => oauthClient({ storage, crossTab: { name: `deaf-${++origin}` } });
    return tab;
  };

  it('takes the stored tokens before renewing, instead of spending a refresh token already used', async () => {
    const open = deafTabs();
    const first = open();
    await first.session.login({ username: 'demo', password: 'demo' });
    const second = open();
    await expect(second.session.getAccessToken()).resolves.toBe(
      await first.session.getAccessToken(),
    );
    await first.session.refresh();
    controller.clearRequests();
    const events: string[] = [];
    second.session.subscribe((event) => events.push(event.type));
    await second.session.refresh();
    expect(await second.session.getAccessToken()).toBe(await first.session.getAccessToken());
    expect(events).toEqual(['refresh']);
    expect(tokenRequests()).toEqual([]);
    expect(controller.reuseDetections).toBe(0);
  });

  it('picks up the stored tokens when the page becomes visible again', async () => {
    const page = Object.assign(new EventTarget(), { visibilityState: 'hidden' });
    vi.stubGlobal('document', page);
    const open = deafTabs();
    const first = open();
    await first.session.login({ username: 'demo', password: 'demo' });
    const second = open();
    await second.session.getAccessToken();
    await first.session.refresh();
    controller.clearRequests();
    // Still hidden: a visibilitychange to hidden is no reason to look.
    page.dispatchEvent(new Event('visibilitychange'));
    // The re-check reads storage and returns within a turn of the event loop.
    await new Promise((resolve) => setImmediate(resolve));
    expect(await second.session.getAccessToken()).not.toBe(await first.session.getAccessToken());
    page.visibilityState = 'visible';
    page.dispatchEvent(new Event('visibilitychange'));
    const fresh = await first.session.getAccessToken();
    await eventually(async () => expect(await second.session.getAccessToken()).toBe(fresh));
    expect(tokenRequests()).toEqual([]);
  });
});
