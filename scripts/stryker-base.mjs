// The StrykerJS settings every package shares (`npm run mutate` runs them, see scripts/mutate.mjs).
/** @param {{ mutate: string[] }} options */
export function strykerConfig({ mutate }) {
  return {
    testRunner: 'vitest',
    vitest: { configFile: 'vitest.config.ts' },
    mutate,
    // Each mutant runs only the tests that cover it; two workers for two cores.
    coverageAnalysis: 'perTest',
    concurrency: 2,
    // Results are kept, so a second run tests only the mutants of code that changed.
    incremental: true,
    incrementalFile: 'reports/mutation/incremental.json',
    reporters: ['progress', 'clear-text', 'json'],
    jsonReporter: { fileName: 'reports/mutation/mutation.json' },
    clearTextReporter: { reportTests: false, reportMutants: true, maxTestsToLog: 0 },
    tempDirName: '.stryker-tmp',
    cleanTempDir: 'always',
    thresholds: { high: 85, low: 70, break: null },
    timeoutMS: 10_000,
  };
}
