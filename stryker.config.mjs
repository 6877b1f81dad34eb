// Mutation testing, `npm run mutation` (not part of CI: a full run takes long on a 2-core machine).
// StrykerJS puts one small fault at a time into src/ (a changed condition, operator, string, ...) and
// runs the tests that cover it: a mutant that no test kills is a fault the suite would let through.
// Incremental: a later run retests only mutants in changed code or covered by changed tests
// (reports/stryker-incremental.json; delete it, or pass --force, for a full run).
import { fileURLToPath } from 'node:url'

// Inherited by the test processes: the proxy tests' mock vendors use the throwaway test CA, as in npm test.
process.env.NODE_EXTRA_CA_CERTS = fileURLToPath(new URL('test-support/tls/ca.pem', import.meta.url))
// Leaves out the proxy tests' dist mode: the bundle never holds a mutant (and dist/ is not the build of mutated src/).
process.env.VENDOR_TOKEN_MUTATION_RUN = '1'

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  // As jest.config.js collectCoverageFrom: the entry points run only bundled, the stubs only in dist/.
  mutate: ['src/**/*.ts', '!src/index.ts', '!src/index-post.ts', '!src/bundle-stubs/**'],
  testRunner: 'jest',
  // ESM TypeScript tests, as npm test runs them.
  testRunnerNodeArgs: ['--experimental-vm-modules', '--no-warnings'],
  jest: {
    projectType: 'custom',
    configFile: 'jest.config.js',
    config: {
      collectCoverage: false,
      // Runs only the test files that can hold a mutant's covering tests (see the file).
      testSequencer: '<rootDir>/test-support/mutation-test-sequencer.mjs',
      // These run dist/ or scripts in child processes, so they can kill no mutant of src/.
      testPathIgnorePatterns: [
        '/node_modules/',
        '/__tests__/e2e-dist\\.test\\.ts$',
        '/__tests__/e2e-first-run\\.test\\.ts$',
        '/__tests__/e2e-discovery\\.test\\.ts$',
        '/__tests__/e2e-secretless\\.test\\.ts$',
        '/__tests__/demo\\.test\\.ts$',
        '/__tests__/local-action\\.test\\.ts$'
      ]
    }
  },
  coverageAnalysis: 'perTest',
  // Every mutant's run loads the test files afresh into ESM vm contexts, which Node keeps: a runner reused
  // for hundreds of mutants grew past 4 GB and spent its time collecting garbage. A fresh one every 50 runs.
  maxTestRunnerReuse: 50,
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.json',
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  reporters: ['clear-text', 'progress', 'html'],
  // The survivors with their diffs, not the list of every test.
  clearTextReporter: { reportTests: false },
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  tempDirName: '.stryker-tmp',
  ignorePatterns: ['coverage', 'reports', '.bench'],
  concurrency: 2,
  thresholds: { high: 90, low: 85, break: null }
}
