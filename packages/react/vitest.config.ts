import { defineConfig } from 'vitest/config';

// Under `npm run mutate` every mutant reruns the tests: leave out what cannot catch a mutant.
const mutation = process.env.MUTATION_RUN === '1';

export default defineConfig({
  test: {
    name: 'react',
    // jsdom keeps Node's own fetch, which msw intercepts as in any Node test.
    environment: 'jsdom',
    setupFiles: ['./test/setup.ts'],
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    typecheck: { enabled: !mutation, include: ['test/**/*.test-d.tsx'] },
    reporters: mutation ? ['dot'] : ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
  },
});
