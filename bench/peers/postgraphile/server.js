/**
 * PostGraphile v4 as a peer in newskb's read benchmark, on the same database (BENCH_DATABASE_URL):
 *
 *   node bench/peers/postgraphile/server.js --port 4104 --pool 10
 *
 * Plain CommonJS with its own node_modules (graphql 15), so nothing of the project is loaded.
 * PostGraphile runs with its defaults, except what a production deployment sets: no GraphiQL, no
 * schema watching, no per-query log line; and postgraphile-plugin-connection-filter with
 * relation filters, without which PostGraphile cannot filter statements by their article's date
 * (the speaker-by-date scenario); and orderByNullsLast, so that its article pages are newskb's.
 *
 * Like bench/server.ts it answers GET /__bench/stats with { variant, pid, requests, sqlStatements }:
 * requests counted around the http handler, SQL statements by wrapping each pooled client's query.
 */
'use strict';
const http = require('node:http');
const { Pool } = require('pg');
const { postgraphile } = require('postgraphile');
const ConnectionFilterPlugin = require('postgraphile-plugin-connection-filter');

const STATS_PATH = '/__bench/stats';

function flag(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

const port = flag('port', 4104);
const counters = { requests: 0, sqlStatements: 0 };
const pool = new Pool({
  connectionString: process.env.BENCH_DATABASE_URL || 'postgres://root@127.0.0.1:5432/newskb_bench',
  max: flag('pool', 10),
});
const wrapped = new WeakSet();
pool.on('connect', (client) => {
  if (wrapped.has(client)) return;
  wrapped.add(client);
  const query = client.query;
  client.query = function countedQuery(...args) {
    counters.sqlStatements++;
    return query.apply(this, args);
  };
});

const middleware = postgraphile(pool, 'public', {
  graphiql: false,
  watchPg: false,
  disableQueryLog: true,
  retryOnInitFail: false,
  appendPlugins: [ConnectionFilterPlugin],
  // NULLS LAST puts the few undated articles last, as newskb's order does, so the pages match.
  graphileBuildOptions: { connectionFilterRelations: true, orderByNullsLast: true },
});

const server = http.createServer((req, res) => {
  if (req.url === STATS_PATH) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ variant: 'postgraphile', pid: process.pid, ...counters }));
    return;
  }
  counters.requests++;
  middleware(req, res);
});
server.keepAliveTimeout = 60_000;

// Answer stats only once the schema is built, so the runner's readiness wait covers introspection.
middleware.getGraphQLSchema().then(
  () =>
    server.listen(port, '127.0.0.1', () => {
      process.stderr.write(`[postgraphile] listening on http://127.0.0.1:${port} (pid ${process.pid})\n`);
    }),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);

let stopping = false;
function stop() {
  if (stopping) return;
  stopping = true;
  server.close();
  if (server.closeAllConnections) server.closeAllConnections();
  Promise.resolve(middleware.release && middleware.release())
    .then(() => pool.end())
    .catch(() => {})
    .finally(() => process.exit(0));
  setTimeout(() => process.exit(0), 3000).unref();
}
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
