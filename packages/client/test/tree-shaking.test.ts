import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

/** Bundles a size fixture as a browser app would be bundled, and returns the code. */
async function bundle(fixture: string) {
  const result = await build({
    entryPoints: [join(import.meta.dirname, '..', 'size', fixture)],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]?.text ?? '';
}

/** Bundles a fixture with code splitting: the entry (what a page loads first) and the lazy chunks. */
async function split(fixture: string) {
  const result = await build({
    entryPoints: [join(import.meta.dirname, '..', 'size', fixture)],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    splitting: true,
    outdir: join(import.meta.dirname, '..', 'size', '.out'),
    write: false,
    logLevel: 'silent',
    metafile: true,
  });
  const outputs = result.metafile?.outputs ?? {};
  const files = result.outputFiles.map((file) => {
    const name = Object.keys(outputs).find((key) => file.path.endsWith(key)) ?? file.path;
    return { name, text: file.text, entry: outputs[name]?.entryPoint?.endsWith(fixture) === true };
  });
  // What the entry imports statically is loaded with it; dynamic imports wait.
  const entry = files.find((file) => file.entry);
  const statics = new Set(
    (outputs[entry?.name ?? '']?.imports ?? [])
      .filter((i) => i.kind === 'import-statement')
      .map((i) => i.path),
  );
  const startup = files.filter((file) => file.entry || statics.has(file.name));
  const lazy = files.filter((file) => !startup.includes(file));
  const gz = (list: typeof files) =>
    list.reduce((sum, file) => sum + gzipSync(file.text).length, 0);
  return {
    startup: startup.map((f) => f.text).join('\n'),
    lazy: lazy.map((f) => f.text).join('\n'),
    startupGz: gz(startup),
    lazyGz: gz(lazy),
  };
}

describe('tree-shaking', () => {
  it('loads the code flow and oauth4webapi only when a sign-in or callback needs them', async () => {
    const app = await split('code-flow-app.js');
    for (const marker of ['code_challenge', 'jwks_uri', 'openid-configuration']) {
      expect(app.startup.includes(marker), `${marker} at startup`).toBe(false);
      expect(app.lazy.includes(marker), `${marker} in the lazy chunk`).toBe(true);
    }
    // The figures the README gives: what a signed-in page loads, and what the first sign-in adds.
    console.info(`code-flow app: ${app.startupGz} B gz at startup, ${app.lazyGz} B gz on sign-in`);
    expect(app.startupGz).toBeLessThan(27_500);
    expect(app.lazyGz).toBeLessThan(13_000);
  });

  it('leaves the OAuth2 session out of an app that imports only bearer()', async () => {
    const [withBearer, withOAuth2] = await Promise.all([
      bundle('bearer-app.js'),
      bundle('oauth2-app.js'),
    ]);
    for (const marker of [
      'refresh_token',
      'client_credentials',
      'grant_type',
      'BroadcastChannel',
      'code_challenge',
    ]) {
      expect(withOAuth2).toContain(marker);
      expect(withBearer).not.toContain(marker);
    }
    expect(withBearer.length).toBeLessThan(withOAuth2.length - 8_000);
  });
});
