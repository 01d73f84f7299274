/**
 * `npm run test:quick`: the edit-test loop, under a minute on a 2-core machine, on the embedded
 * PGlite only. A chosen subset of the suite, not a weaker one: the files below run exactly as in
 * `npm test`, and at least one covers each layer. What it leaves out runs in `npm test` and CI:
 * the scenario tests (server processes, browsers, command-line tools, timers, large exports)
 * and the files whose subject the ones here already reach at a fraction of their time
 * (docs/testing.md has the figures and how to measure a file).
 */
const full = require('./jest.config');

const QUICK = [
  // The schema and the HTTP layer: graphql-http's conformance, CORS, odd requests.
  'conformance',
  'cors',
  'http-edges',
  // Reads: global IDs and nodes, pages, filters, the columns and loaders one request uses.
  'nodes',
  'pagination',
  'filters',
  'read-shapes',
  'per-request-work',
  'batching',
  'incremental',
  // Writes: mutations, idempotency keys, the database's own constraints and indexes.
  'mutations',
  'idempotency',
  'constraints',
  'indexes',
  // Tokens and scopes; request limits and rate limits; the response cache.
  'api-token-nodes',
  'operation-scopes',
  'limits',
  'limits-size',
  'rate-limits',
  'scale-response-cache',
  // Imports through importArticle, search, the JSON-LD and export routes.
  'statement-sources',
  'search-bounds',
  'claims-jsonld',
  'export',
  // The extraction, pure (no database).
  'extraction',
  'quotes',
  'cluster-evaluation',
  // What README.md and docs/ tell a reader to type, and the generated configuration table.
  'docs',
  'docs-config',
];

const pglite = full.projects.find((project) => project.displayName === 'pglite');

module.exports = {
  ...full,
  projects: [{ ...pglite, testMatch: QUICK.map((name) => `<rootDir>/test/${name}.test.ts`) }],
};
