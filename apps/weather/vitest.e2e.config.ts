import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'weather-e2e',
    environment: 'node',
    include: ['e2e/**/*.e2e.ts'],
    // One browser, one built app: the journeys run one after another.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/e2e.json' },
  },
});
