import { createServer } from 'node:http';
import pino from 'pino';
import { isSeeded, seedDatabase } from '../seeds/seed';
import { createApp } from './app';
import { createResponseCache } from './cache/response-cache';
import { readSettings } from './config';
import { openDatabase } from './db';
import { DataDirInUseError } from './db/data-dir-lock';
import { createEvents } from './events';
import type { Lifecycle } from './health';
import { extractionFor } from './extraction/threads';
import { createRateLimiter, limitsFrom } from './limits';
import { loadPersistedOperations } from './limits/persisted-operations';
import { APPLICATION_NAME, createMetrics } from './observability/metrics';
import { serveMetrics } from './observability/metrics-access';
import { createTracing } from './observability/tracing';
import { createRecentWriters } from './read-your-writes';

/** The one file with start-up side effects: read settings, open and migrate the database, listen. */
async function main() {
  const settings = readSettings();
  const logger = pino({ level: settings.LOG_LEVEL });
  // A failure nobody awaited must be seen, not end the process: the other requests go on.
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection'));

  const metrics = settings.METRICS
    ? createMetrics({
        operationNames: settings.METRICS_OPERATION_NAMES,
        knownOperations: loadPersistedOperations(settings.PERSISTED_OPERATIONS_FILE).values(),
      })
    : undefined;
  const database = await openDatabase({
    url: settings.DATABASE_URL,
    replicaUrls: settings.DATABASE_REPLICA_URLS,
    dataDir: settings.PGLITE_DIR,
    holder: 'the newskb server',
    migrationsDir: settings.MIGRATIONS_DIR,
    poolMax: settings.DATABASE_POOL_MAX,
    statementTimeoutMs: settings.STATEMENT_TIMEOUT_MS,
    applicationName: APPLICATION_NAME,
    onQuery: metrics?.countStatement,
  });
  await database.migrate();
  // The embedded database is a demo that must work at once; a real Postgres is seeded on purpose.
  if (database.kind === 'pglite' && !(await isSeeded(database.db))) {
    logger.info('seeding the embedded database');
    await seedDatabase(database.db);
  }

  const events = createEvents(settings.REDIS_URL);
  const rateLimiter = createRateLimiter({
    anonymous: settings.RATE_LIMIT_ANONYMOUS,
    token: settings.RATE_LIMIT_TOKEN,
    windowSeconds: settings.RATE_LIMIT_WINDOW_SECONDS,
    redisUrl: settings.REDIS_URL,
    trustProxy: settings.TRUST_PROXY,
    proxyHops: settings.TRUST_PROXY_HOPS,
    costPerPoint: settings.RATE_LIMIT_COST_PER_POINT,
  });
  // Replicas lag: a writer reads from the primary for a while, and the cache keeps nothing read meanwhile.
  const replicated = settings.DATABASE_REPLICA_URLS.length > 0;
  const lagWindowMs = replicated ? settings.READ_YOUR_WRITES_MS : 0;
  const recentWriters = replicated ? createRecentWriters({ windowMs: lagWindowMs, redisUrl: settings.REDIS_URL }) : undefined;
  const responseCache = settings.RESPONSE_CACHE
    ? createResponseCache({ redisUrl: settings.REDIS_URL, ttlMs: settings.RESPONSE_CACHE_TTL_MS, quietAfterWriteMs: lagWindowMs, events })
    : undefined;
  const tracing = settings.OTEL_EXPORTER_OTLP_ENDPOINT ? createTracing(settings.OTEL_EXPORTER_OTLP_ENDPOINT) : undefined;
  const lifecycle: Lifecycle = { draining: false };
  const extraction = extractionFor(settings);
  await extraction?.prepare();
  const app = createApp({
    db: database.db,
    events,
    logger,
    jit: settings.GRAPHQL_JIT,
    requireReadToken: settings.REQUIRE_READ_TOKEN,
    limits: limitsFrom(settings),
    rateLimiter,
    graphiql: settings.GRAPHIQL,
    corsOrigins: settings.CORS_ORIGINS,
    maxConcurrentExports: settings.MAX_CONCURRENT_EXPORTS,
    maxExportsPerClient: settings.MAX_EXPORTS_PER_CLIENT,
    exportIdleTimeoutMs: settings.EXPORT_IDLE_TIMEOUT_MS,
    responseCache,
    recentWriters,
    lifecycle,
    metrics,
    metricsToken: settings.METRICS_TOKEN,
    metricsElsewhere: settings.METRICS_PORT != null,
    extraPlugins: tracing ? [tracing.plugin] : [],
    extract: extraction?.extract,
  });
  // While draining, each answer closes its connection: a keep-alive client opens its next one
  // where the load balancer now sends it, instead of on a socket about to close.
  const server = createServer((request, response) => {
    if (lifecycle.draining) response.setHeader('connection', 'close');
    return app(request, response);
  });
  // A client gets this long to send its whole request (slow senders hold a socket each).
  server.requestTimeout = settings.REQUEST_TIMEOUT_MS;
  server.headersTimeout = Math.min(settings.REQUEST_TIMEOUT_MS, 60_000);
  server.listen(settings.PORT, settings.HOST, () => {
    const where = database.kind === 'pglite' ? `embedded PGlite in ${settings.PGLITE_DIR}` : 'Postgres';
    logger.info(`newskb on ${where}: GraphiQL at http://localhost:${settings.PORT}/graphql`);
  });
  const metricsServer =
    metrics && settings.METRICS_PORT != null
      ? await serveMetrics(metrics.registry, settings.METRICS_PORT, settings.METRICS_HOST ?? settings.HOST)
      : undefined;

  /**
   * First a readiness drain: /readyz says 503 while the instance goes on serving, since a load
   * balancer keeps sending requests until its probe notices, and connections the kernel had
   * accepted but Node had not read yet were reset by an immediate close (23 of 30 reads sent 20 ms
   * before the signal). Then stop listening, let the requests in flight (mutations included)
   * finish, and close the database. Requests still running after the grace period (subscriptions,
   * by their nature) are cut; and whatever hangs (a database close that never returns), the
   * process exits at the deadline, so that an orchestrator never has to kill it.
   */
  const stop = (signal: string) => {
    logger.info({ signal, drainMs: settings.SHUTDOWN_DRAIN_MS }, 'draining');
    lifecycle.draining = true;
    setTimeout(() => {
      logger.error({ timeoutMs: settings.SHUTDOWN_TIMEOUT_MS }, 'shutdown deadline passed: exiting with work unfinished');
      process.exit(1);
    }, settings.SHUTDOWN_TIMEOUT_MS).unref();
    setTimeout(closeListener, settings.SHUTDOWN_DRAIN_MS);
  };
  const closeListener = () => {
    logger.info('closing the listener');
    const cut = setTimeout(() => {
      logger.warn('grace period over: closing the connections still open');
      server.closeAllConnections();
    }, settings.SHUTDOWN_GRACE_MS);
    metricsServer?.close();
    server.close(() => {
      clearTimeout(cut);
      Promise.allSettled([
        database.close(),
        events.close(),
        rateLimiter.close(),
        tracing?.close(),
        responseCache?.close(),
        recentWriters?.close(),
        extraction?.close(),
      ]).finally(() => {
        logger.info('stopped');
        process.exit(0);
      });
    });
    // Keep-alive connections with no request in flight would hold server.close() open.
    server.closeIdleConnections();
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

main().catch((error) => {
  console.error(error instanceof DataDirInUseError ? error.message : error);
  process.exit(1);
});
