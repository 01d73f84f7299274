/**
 * `npm run test:quick`: the edit-test loop, on the embedded PGlite only, without the tests that
 * start server processes or browsers, wait on timers, or stream large exports (they run in
 * `npm test` and CI). Everything else is the same suite.
 */
const full = require('./jest.config');

// Scenario tests: seconds each of real processes, sockets or timeouts.
const SLOW = [
  'attacks',
  'cli-errors',
  'data-dir-lock',
  'dump',
  'examples',
  'export-cli',
  'export-stalls',
  'extraction-limits',
  'extraction-threads',
  'graphiql-browser',
  'metric-labels',
  'metrics-access',
  'mutation-timeout',
  'observability',
  'resilience',
  'scale-out',
  'scale-replicas',
  'shutdown',
].map((name) => `<rootDir>/test/${name}\\.test\\.ts$`);

const pglite = full.projects.find((project) => project.displayName === 'pglite');

module.exports = {
  ...full,
  projects: [{ ...pglite, testPathIgnorePatterns: [...pglite.testPathIgnorePatterns, ...SLOW] }],
};
