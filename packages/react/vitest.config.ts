import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'react',
    // jsdom keeps Node's own fetch, which msw intercepts as in any Node test.
    environment: 'jsdom',
    setupFiles: ['./test/setup.ts'],
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    typecheck: { enabled: true, include: ['test/**/*.test-d.tsx'] },
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
  },
});
