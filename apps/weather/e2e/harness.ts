import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { type PreviewServer, preview } from 'vite';

/** Debian's Chromium: no test tool downloads a browser of its own here. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const OUTPUT = join(import.meta.dirname, '..', 'test-results');

/** The built app served by `vite preview` on 127.0.0.1, and a headless Chromium. */
export async function startHarness(): Promise<{
  url: string;
  browser: Browser;
  close: () => Promise<void>;
}> {
  if (!existsSync(join(import.meta.dirname, '..', 'dist', 'index.html'))) {
    throw new Error('apps/weather/dist is missing: run `npm run build` (turbo runs it before e2e)');
  }
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `No Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`,
    );
  }
  mkdirSync(OUTPUT, { recursive: true });
  const server: PreviewServer = await preview({
    root: join(import.meta.dirname, '..'),
    preview: { host: '127.0.0.1', port: 0, strictPort: false },
    logLevel: 'warn',
  });
  const address = server.httpServer.address();
  if (!address || typeof address === 'string') throw new Error('vite preview did not listen');
  const browser = await chromium.launch({
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
  return {
    url: `http://127.0.0.1:${address.port}/`,
    browser,
    close: async () => {
      await browser.close();
      await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
    },
  };
}
