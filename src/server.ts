import { createServer } from 'node:http';
import pino from 'pino';
import { isSeeded, seedDatabase } from '../seeds/seed';
import { createApp } from './app';
import { readSettings } from './config';
import { openDatabase } from './db';
import { createEvents } from './events';

/** The one file with start-up side effects: read settings, open and migrate the database, listen. */
async function main() {
  const settings = readSettings();
  const logger = pino({ level: settings.LOG_LEVEL });
  const database = await openDatabase({
    url: settings.DATABASE_URL,
    dataDir: settings.PGLITE_DIR,
    migrationsDir: settings.MIGRATIONS_DIR,
    poolMax: settings.DATABASE_POOL_MAX,
  });
  await database.migrate();
  // The embedded database is a demo that must work at once; a real Postgres is seeded on purpose.
  if (database.kind === 'pglite' && !(await isSeeded(database.db))) {
    logger.info('seeding the embedded database');
    await seedDatabase(database.db);
  }

  const events = createEvents(settings.REDIS_URL);
  const app = createApp({
    db: database.db,
    events,
    logger,
    jit: settings.GRAPHQL_JIT,
    requireReadToken: settings.REQUIRE_READ_TOKEN,
  });
  const server = createServer(app);
  server.listen(settings.PORT, settings.HOST, () => {
    const where = database.kind === 'pglite' ? `embedded PGlite in ${settings.PGLITE_DIR}` : 'Postgres';
    logger.info(`newskb on ${where}: GraphiQL at http://localhost:${settings.PORT}/graphql`);
  });

  const stop = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    server.close(() => {
      Promise.all([database.close(), events.close()]).finally(() => process.exit(0));
    });
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
