/**
 * The code flow in real Chromium against an OpenID provider that is not ours: panva's oidc-provider
 * (a certified OpenID Provider implementation) on one loopback origin, and a page on another that
 * loads the built package (dist/) as a browser app would. So the browser's rules apply: CORS on
 * every call to the provider, its sign-in and consent pages with their cookies, a full-page redirect
 * that keeps only localStorage, a popup, WebCrypto for PKCE and the ID token's signature.
 */
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import Provider from 'oidc-provider';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** Debian's Chromium: no test tool downloads a browser of its own here. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const PACKAGE = join(import.meta.dirname, '..');
/** The folder of a dependency's entry module, wherever npm put it. */
const folderOf = (specifier: string) => dirname(fileURLToPath(import.meta.resolve(specifier)));
/** Where the page's imports come from: this package's build and its two runtime dependencies. */
const MODULES: Record<string, string> = {
  '/dist/': join(PACKAGE, 'dist'),
  '/ky/': folderOf('ky'),
  '/oauth4webapi/': folderOf('oauth4webapi'),
};

let browser: Browser;
let app: Server;
let appOrigin = '';
let issuer = '';
let closeProvider: () => Promise<void> = async () => {};
/** Every request the provider answered, with the Origin it came from. */
const seen: { route: string; origin: string | undefined }[] = [];

async function freePort(): Promise<number> {
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** The test app: it signs in with the package as an app would, and exposes the session to the test. */
const page = (config: object) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>interop</title>
<script type="importmap">${JSON.stringify({ imports: { ky: '/ky/index.js', oauth4webapi: '/oauth4webapi/index.js' } })}</script>
</head><body>
<script type="module">
import { createClient, oauth2, webStorage } from '/dist/index.js';
const { issuer } = ${JSON.stringify(config)};
const client = createClient({
  baseUrl: issuer,
  auth: oauth2({
    issuer,
    clientId: 'interop-spa',
    redirectUri: location.origin + '/cb',
    scope: 'openid profile offline_access',
    storage: webStorage(localStorage, 'interop.session'),
  }),
});
const session = client.session;
window.interop = {
  signInWithRedirect: () => session.signInWithRedirect({ prompt: 'consent', returnTo: '/' }),
  signInWithPopup: () => session.signInWithPopup({ prompt: 'consent' }),
  state: async () => {
    await session.getAccessToken().catch(() => undefined);
    const { status, user } = session.getState();
    return { status, user };
  },
  token: () => session.getAccessToken(),
  refresh: () => session.refresh(),
  logout: (options) => session.logout(options),
};
if (location.pathname === '/cb') {
  try {
    const { returnTo } = await session.handleRedirectCallback();
    document.body.dataset.callback = 'done';
    document.body.dataset.returnTo = returnTo ?? '';
  } catch (error) {
    document.body.dataset.callback = error.code ?? String(error);
  }
}
document.body.dataset.ready = 'yes';
</script></body></html>`;

beforeAll(async () => {
  const [appPort, providerPort] = [await freePort(), await freePort()];
  appOrigin = `http://localhost:${appPort}`;
  issuer = `http://127.0.0.1:${providerPort}`;

  app = createServer(async (request, response) => {
    const path = new URL(request.url ?? '/', appOrigin).pathname;
    const prefix = Object.keys(MODULES).find((p) => path.startsWith(p));
    if (prefix) {
      const root = MODULES[prefix] ?? '';
      const file = normalize(join(root, path.slice(prefix.length)));
      if (!file.startsWith(root)) return void response.writeHead(403).end();
      try {
        const body = await readFile(file);
        response.writeHead(200, { 'content-type': 'text/javascript' }).end(body);
      } catch {
        response.writeHead(404).end();
      }
      return;
    }
    if (path === '/' || path === '/cb') {
      response.writeHead(200, { 'content-type': 'text/html' }).end(page({ issuer }));
      return;
    }
    response.writeHead(404).end();
  });
  app.listen(appPort, '127.0.0.1');
  await once(app, 'listening');

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: 'interop-spa',
        token_endpoint_auth_method: 'none',
        redirect_uris: [`${appOrigin}/cb`],
        post_logout_redirect_uris: [`${appOrigin}/`],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
      },
    ],
    pkce: { required: () => true },
    conformIdTokenClaims: false,
    claims: { openid: ['sub'], profile: ['name'] },
    findAccount: (_ctx: unknown, sub: string) => ({
      accountId: sub,
      claims: () => ({ sub, name: 'Interop User' }),
    }),
    features: {
      devInteractions: { enabled: true },
      revocation: { enabled: true },
      rpInitiatedLogout: { enabled: true },
    },
    cookies: { keys: ['interop-e2e-cookie-key'] },
  });
  provider.use(
    async (
      ctx: { method: string; path: string; get: (name: string) => string },
      next: () => Promise<void>,
    ) => {
      seen.push({ route: `${ctx.method} ${ctx.path}`, origin: ctx.get('origin') || undefined });
      await next();
    },
  );
  const server = provider.listen(providerPort, '127.0.0.1');
  await once(server, 'listening');
  closeProvider = () => new Promise<void>((resolve) => server.close(() => resolve()));

  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});

afterAll(async () => {
  await browser?.close();
  await closeProvider();
  await new Promise<void>((resolve) => (app ? app.close(() => resolve()) : resolve()));
});

/** What a person does on oidc-provider's pages: signs in (any password), then consents. */
async function signInAndConsent(on: Page, login: string) {
  await on.locator('input[name="login"]').fill(login);
  await on.locator('input[name="password"]').fill('any');
  await on.locator('button[type="submit"]').click();
  await on.getByRole('button', { name: 'Continue' }).click();
}

const ready = (on: Page) => on.waitForSelector('body[data-ready="yes"]', { state: 'attached' });
type Interop = {
  signInWithRedirect(): Promise<void>;
  signInWithPopup(): Promise<void>;
  state(): Promise<{ status: string; user?: Record<string, unknown> }>;
  token(): Promise<string>;
  refresh(): Promise<void>;
  logout(options?: object): Promise<void>;
};
/** Runs `run` in the page with its `window.interop` (the function's source goes there, not its closure). */
const interop = <T>(on: Page, run: (api: Interop) => Promise<T>) =>
  on.evaluate(`(${run.toString()})(window.interop)`) as Promise<T>;

describe('interoperability in Chromium with oidc-provider (a certified OpenID provider)', () => {
  it('signs in by redirect, survives a reload, refreshes with rotation, revokes and ends the session', async () => {
    const context = await browser.newContext();
    const tab = await context.newPage();
    const problems: string[] = [];
    tab.on('pageerror', (error) => problems.push(error.message));
    await tab.goto(`${appOrigin}/`);
    await ready(tab);
    await Promise.all([
      tab.waitForURL((url) => url.origin === issuer),
      interop(tab, (api) => api.signInWithRedirect()),
    ]);
    await signInAndConsent(tab, 'interop-user');
    await tab.waitForURL(`${appOrigin}/cb`);
    await ready(tab);
    expect(await tab.locator('body').getAttribute('data-callback')).toBe('done');
    // The address bar no longer carries the code or state.
    expect(new URL(tab.url()).search).toBe('');
    expect(await interop(tab, (api) => api.state())).toMatchObject({
      status: 'authenticated',
      user: { iss: issuer, sub: 'interop-user', aud: 'interop-spa', name: 'Interop User' },
    });

    // A reload: the session comes back from localStorage.
    await tab.reload();
    await ready(tab);
    expect((await interop(tab, (api) => api.state())).status).toBe('authenticated');
    const first = await interop(tab, (api) => api.token());

    // Two refreshes: the provider rotates the refresh token and would refuse a reused one.
    await interop(tab, (api) => api.refresh());
    const second = await interop(tab, (api) => api.token());
    await interop(tab, (api) => api.refresh());
    const third = await interop(tab, (api) => api.token());
    expect(new Set([first, second, third]).size).toBe(3);
    // The user stays the one signed in, on ID tokens the refreshes brought (checked like the first).
    expect((await interop(tab, (api) => api.state())).user).toMatchObject({
      sub: 'interop-user',
      name: 'Interop User',
    });
    const refreshes = seen.filter((r) => r.route === 'POST /token');
    expect(refreshes.length).toBeGreaterThanOrEqual(3); // the code exchange and two refreshes
    // Every call to the provider's API came from the page, under CORS.
    expect(refreshes.every((r) => r.origin === appOrigin)).toBe(true);

    // Sign out: tokens revoked, then the provider's own logout page, then back to the app.
    const revokedBefore = seen.filter((r) => r.route === 'POST /token/revocation').length;
    await Promise.all([
      tab.waitForURL((url) => url.origin === issuer),
      interop(tab, (api) => api.logout({ endSession: true, returnTo: `${location.origin}/` })),
    ]);
    expect(seen.filter((r) => r.route === 'POST /token/revocation').length).toBeGreaterThan(
      revokedBefore,
    );
    await tab.getByRole('button', { name: 'Yes, sign me out' }).click();
    await tab.waitForURL((url) => url.origin === appOrigin);
    await ready(tab);
    expect((await interop(tab, (api) => api.state())).status).toBe('anonymous');
    expect(await tab.evaluate(() => localStorage.getItem('interop.session'))).toBeNull();
    expect(problems).toEqual([]);
    await context.close();
  });

  it('signs in in a popup, the page staying where it was', async () => {
    const context = await browser.newContext();
    const tab = await context.newPage();
    await tab.goto(`${appOrigin}/`);
    await ready(tab);
    const [popup] = await Promise.all([
      tab.waitForEvent('popup'),
      // A click, as browsers require for a popup.
      tab
        .evaluate(() => {
          const button = document.createElement('button');
          button.textContent = 'Sign in';
          button.onclick = () => {
            (window as unknown as { done: Promise<unknown> }).done = (
              window as unknown as { interop: Interop }
            ).interop
              .signInWithPopup()
              .then(
                () => 'signed in',
                (error: { code?: string }) => error.code ?? String(error),
              );
          };
          document.body.append(button);
        })
        .then(() => tab.getByRole('button', { name: 'Sign in' }).click()),
    ]);
    await popup.waitForURL((url) => url.origin === issuer);
    const closed = popup.waitForEvent('close');
    await signInAndConsent(popup, 'popup-user');
    await closed;
    expect(await tab.evaluate(() => (window as unknown as { done: Promise<unknown> }).done)).toBe(
      'signed in',
    );
    expect(tab.url()).toBe(`${appOrigin}/`);
    expect(await interop(tab, (api) => api.state())).toMatchObject({
      status: 'authenticated',
      user: { sub: 'popup-user' },
    });
    await context.close();
  });
});
