import { join } from 'node:path';
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

describe('tree-shaking', () => {
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
    ]) {
      expect(withOAuth2).toContain(marker);
      expect(withBearer).not.toContain(marker);
    }
    expect(withBearer.length).toBeLessThan(withOAuth2.length - 8_000);
  });
});
