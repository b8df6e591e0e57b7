import { configDefaults, defineConfig } from 'vitest/config';

// Under `npm run mutate` every mutant reruns the tests: leave out what cannot catch a mutant.
const mutation = process.env.MUTATION_RUN === '1';

export default defineConfig({
  test: {
    name: 'client',
    environment: 'node',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // The package as installed is the built one: mutating sources cannot change it.
    exclude: mutation
      ? [...configDefaults.exclude, 'test/packaging.test.ts']
      : configDefaults.exclude,
    typecheck: { enabled: !mutation, include: ['test/**/*.test-d.ts'] },
    reporters: mutation ? ['dot'] : ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
  },
});
