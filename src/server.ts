import { createServer } from 'node:http';
import pino from 'pino';
import { isSeeded, seedDatabase } from '../seeds/seed';
import { createApp } from './app';
import { readSettings } from './config';
import { openDatabase } from './db';
import { createEvents } from './events';
import { createRateLimiter, limitsFrom } from './limits';

/** The one file with start-up side effects: read settings, open and migrate the database, listen. */
async function main() {
  const settings = readSettings();
  const logger = pino({ level: settings.LOG_LEVEL });
  const database = await openDatabase({
    url: settings.DATABASE_URL,
    dataDir: settings.PGLITE_DIR,
    migrationsDir: settings.MIGRATIONS_DIR,
    poolMax: settings.DATABASE_POOL_MAX,
    statementTimeoutMs: settings.STATEMENT_TIMEOUT_MS,
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
  });
  const app = createApp({
    db: database.db,
    events,
    logger,
    jit: settings.GRAPHQL_JIT,
    requireReadToken: settings.REQUIRE_READ_TOKEN,
    limits: limitsFrom(settings),
    rateLimiter,
    graphiql: settings.GRAPHIQL,
  });
  const server = createServer(app);
  // A client gets this long to send its whole request (slow senders hold a socket each).
  server.requestTimeout = settings.REQUEST_TIMEOUT_MS;
  server.headersTimeout = Math.min(settings.REQUEST_TIMEOUT_MS, 60_000);
  server.listen(settings.PORT, settings.HOST, () => {
    const where = database.kind === 'pglite' ? `embedded PGlite in ${settings.PGLITE_DIR}` : 'Postgres';
    logger.info(`newskb on ${where}: GraphiQL at http://localhost:${settings.PORT}/graphql`);
  });

  const stop = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    server.close(() => {
      Promise.all([database.close(), events.close(), rateLimiter.close()]).finally(() => process.exit(0));
    });
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
