/**
 * Sign-in in a popup and the callback page, on a stand-in browser window (the parts the flow uses:
 * open, location, name, opener, message events, history), against the mock provider: the opener
 * takes the callback only from its own origin and for its own state, never reads the popup's
 * location, and a closed or blocked popup is a typed error.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type AuthError, createClient, oauth2 } from '../src/index.js';
import { BASE, useMockApi } from './helpers.js';

const { controller } = useMockApi();
const ORIGIN = 'http://localhost:5173';
const MESSAGE = 'org-client:sign-in-callback';

interface FakePopup {
  closed: boolean;
  close(): void;
  location: { href: string };
}

const makePage = () =>
  Object.assign(new EventTarget(), {
    name: '',
    opener: null as { postMessage: (message: unknown, origin: string) => void } | null,
    location: {
      origin: ORIGIN,
      href: `${ORIGIN}/`,
      assign: vi.fn((_: URL) => {}),
    },
    history: { state: null, replaceState: vi.fn() },
    open: vi.fn((): FakePopup | null => popup),
    close: vi.fn(),
  });
let page: ReturnType<typeof makePage>;
let popup: FakePopup;

beforeEach(() => {
  popup = {
    closed: false,
    close() {
      this.closed = true;
    },
    location: { href: '' },
  };
  page = makePage();
  vi.stubGlobal('window', page);
  vi.stubGlobal('document', {});
});
afterEach(() => {
  vi.unstubAllGlobals();
});

const client = () =>
  createClient({
    baseUrl: BASE,
    auth: oauth2({
      issuer: BASE,
      clientId: 'weather-web',
      redirectUri: `${ORIGIN}/callback`,
      scope: 'openid profile',
    }),
  });

/** The person in the popup: signs in on the page the popup was sent to; returns the callback URL. */
async function signInInPopup(): Promise<string> {
  await vi.waitFor(() => expect(popup.location.href).toMatch(/^https:/));
  const html = await (await fetch(popup.location.href)).text();
  const transaction = /name="transaction" value="([^"]+)"/.exec(html)?.[1] ?? '';
  const back = await fetch(`${BASE}/oauth/authorize`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ transaction, username: 'demo', password: 'demo' }),
    redirect: 'manual',
  });
  return back.headers.get('location') ?? '';
}

const post = (origin: string, url: string) =>
  page.dispatchEvent(new MessageEvent('message', { origin, data: { type: MESSAGE, url } }));

describe('signInWithPopup', () => {
  it('opens the popup at once, sends it to the provider and signs in from its message', async () => {
    const app = client();
    const signingIn = app.session.signInWithPopup();
    // Opened in the click's task, before any await.
    expect(page.open).toHaveBeenCalledOnce();
    const callback = await signInInPopup();
    // Ignored: another origin, another sign-in's state, something that is not our message.
    post('https://evil.example', callback);
    post(ORIGIN, callback.replace(/state=[^&]+/, 'state=other'));
    page.dispatchEvent(new MessageEvent('message', { origin: ORIGIN, data: 'hello' }));
    post(ORIGIN, callback);
    await signingIn;
    expect(app.session.getState()).toMatchObject({
      status: 'authenticated',
      user: { sub: 'demo', name: 'Demo User' },
    });
    expect(popup.closed).toBe(true);
    expect(controller.requests.filter((r) => r.grantType === 'authorization_code')).toHaveLength(1);
  });

  it('takes the callback from a BroadcastChannel when the opener link was cut', async () => {
    const app = client();
    const signingIn = app.session.signInWithPopup();
    const callback = await signInInPopup();
    const channel = new BroadcastChannel(MESSAGE);
    channel.postMessage({ type: MESSAGE, url: callback });
    channel.close();
    await signingIn;
    expect(app.session.getState().status).toBe('authenticated');
  });

  it('rejects with popup_closed when the user closes the popup, whatever other pages post meanwhile', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] });
    const app = client();
    const signingIn = app.session.signInWithPopup().catch((e: AuthError) => e);
    const callback = await signInInPopup();
    // A page of another origin that learned the callback URL cannot complete the sign-in.
    post('https://evil.example', callback);
    popup.closed = true;
    await vi.advanceTimersByTimeAsync(1_100);
    expect(await signingIn).toMatchObject({ name: 'AuthError', code: 'popup_closed' });
    expect(app.session.getState().status).toBe('anonymous');
    expect(controller.requests.filter((r) => r.grantType === 'authorization_code')).toHaveLength(0);
  });

  it('rejects with popup_blocked when the browser refuses the window', async () => {
    page.open = vi.fn(() => null);
    await expect(client().session.signInWithPopup()).rejects.toMatchObject({
      code: 'popup_blocked',
    });
  });
});

describe('the callback page', () => {
  it('inside our popup: hands the URL to the opener on its own origin, cleans the address bar and closes', async () => {
    const opener = { postMessage: vi.fn() };
    const callback = `${ORIGIN}/callback?code=a-code-value-1234&state=s-1&iss=${encodeURIComponent(BASE)}`;
    page.name = 'org-client-sign-in';
    page.opener = opener;
    page.location.href = callback;
    expect(await client().session.handleRedirectCallback()).toEqual({});
    expect(opener.postMessage).toHaveBeenCalledWith({ type: MESSAGE, url: callback }, ORIGIN);
    expect(page.close).toHaveBeenCalledOnce();
    expect(
      (page.history as { replaceState: ReturnType<typeof vi.fn> }).replaceState,
    ).toHaveBeenCalledWith(null, '', `${ORIGIN}/callback`);
    expect(controller.requests).toEqual([]);
  });

  it('on the page itself: completes the sign-in, and a second call after the address bar was cleaned gives the same result', async () => {
    const app = client();
    const navigations: URL[] = [];
    page.location.assign = vi.fn((url: URL) => {
      navigations.push(url);
    });
    await app.session.signInWithRedirect({ returnTo: '/home' });
    popup.location.href = String(navigations[0]);
    const callback = await signInInPopup();
    page.location.href = callback;
    // StrictMode runs the effect twice in one go; the router may have moved on by the time the
    // code flow has loaded.
    const first = app.session.handleRedirectCallback();
    const second = app.session.handleRedirectCallback();
    page.location.href = `${ORIGIN}/home`;
    expect(await first).toEqual({ returnTo: '/home' });
    expect(await second).toEqual({ returnTo: '/home' });
    // Later, on the cleaned address: the same answer.
    page.location.href = `${ORIGIN}/callback`;
    expect(await app.session.handleRedirectCallback()).toEqual({ returnTo: '/home' });
    expect(controller.requests.filter((r) => r.grantType === 'authorization_code')).toHaveLength(1);
  });
});
