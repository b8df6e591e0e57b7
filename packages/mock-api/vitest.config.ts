import { defineConfig } from 'vitest/config';

// Under `npm run mutate` every mutant reruns the tests: leave out what cannot catch a mutant.
const mutation = process.env.MUTATION_RUN === '1';

export default defineConfig({
  test: {
    name: 'mock-api',
    environment: 'node',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    reporters: mutation ? ['dot'] : ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
  },
});
