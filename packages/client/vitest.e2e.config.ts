import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'client-e2e',
    environment: 'node',
    include: ['e2e/**/*.e2e.ts'],
    // One browser: the journeys run one after another.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/e2e.json' },
  },
});
