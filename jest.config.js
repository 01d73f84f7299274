/**
 * The suite runs on the embedded PGlite always, and a second time on a real Postgres when
 * TEST_DATABASE_URL is set. Each project tells its test files which database to open.
 */
const shared = {
  testEnvironment: 'node',
  transform: { '^.+\\.(ts|tsx|js|cjs|mjs)$': ['@swc/jest'] },
  // PGlite ships as ES modules: jest must transform it like our own code.
  transformIgnorePatterns: ['/node_modules/(?!@electric-sql/pglite/)'],
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  // The benchmark's PostGraphile peer has its own node_modules (graphql 15): never resolve from it.
  modulePathIgnorePatterns: ['<rootDir>/bench/peers/'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/bench/peers/'],
  // NEWSKB_TEST_CPU_LOG=<file>: each test file writes its CPU time there (docs/testing.md).
  setupFilesAfterEnv: process.env.NEWSKB_TEST_CPU_LOG ? ['<rootDir>/test/support/cpu-per-file.ts'] : [],
};

/**
 * Files that open no database at all (pure extraction, the configuration table): the same work
 * on either project, so they run once, in the PGlite project. A file that comes to open a
 * database leaves this list, or Postgres never sees it. extraction-sieve alone took about a
 * minute of a worker in the Postgres project.
 */
const WITHOUT_DATABASE = [
  'cluster-evaluation',
  'docs-config',
  'extraction',
  'extraction-evaluation',
  'extraction-sieve',
  'quote-spans',
  'quotes',
  'reported-speech-rules',
].map((name) => `<rootDir>/test/${name}\\.test\\.ts$`);

const projects = [{ ...shared, displayName: 'pglite', setupFiles: ['<rootDir>/test/support/use-pglite.ts'] }];
if (process.env.TEST_DATABASE_URL) {
  projects.push({
    ...shared,
    displayName: 'postgres',
    setupFiles: ['<rootDir>/test/support/use-postgres.ts'],
    testPathIgnorePatterns: [...shared.testPathIgnorePatterns, ...WITHOUT_DATABASE],
  });
}

module.exports = {
  projects,
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 60_000,
  // Two test files at a time. Jest's default on a 2-core machine is one worker (cores - 1), which
  // left the second core idle while files waited on server processes, sockets and PGlite: .ci/run
  // took 9 min 52 s on 10 min 27 s of CPU.
  maxWorkers: 2,
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
};
