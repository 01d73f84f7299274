import { writeFile } from 'node:fs/promises';
import { createPglite, openDatabase } from '../../src/db';
import { seedDatabase } from '../../seeds/seed';
import { redisAnswers, TEST_REDIS_URL } from './redis';
import { adminConnection, MIGRATIONS_DIR, pgliteTemplateFile, postgresTemplate, postgresUrl } from './databases';

/**
 * Migrates and seeds once per run; test files then copy the result instead of paying for
 * migrations each (PGlite takes seconds to initialise, a copy under one).
 */
export default async function globalSetup() {
  process.env.NEWSKB_TEST_RUN = String(process.pid);

  const redis = await redisAnswers();
  process.env.NEWSKB_TEST_REDIS = redis ? 'yes' : 'no';
  if (!redis && process.env.NEWSKB_REQUIRE_REDIS === 'true') {
    throw new Error(`NEWSKB_REQUIRE_REDIS is set but no Redis answers at ${TEST_REDIS_URL}`);
  }
  if (!redis) console.log(`\nNo Redis answers at ${TEST_REDIS_URL}: the tests that need one are skipped.\n`);

  const pglite = await createPglite();
  const embedded = await openDatabase({ pglite, migrationsDir: MIGRATIONS_DIR });
  await embedded.migrate();
  await seedDatabase(embedded.db);
  const dump = await pglite.dumpDataDir('none');
  await writeFile(pgliteTemplateFile(), Buffer.from(await dump.arrayBuffer()));
  await embedded.close();

  if (!process.env.TEST_DATABASE_URL) {
    console.log('\nTEST_DATABASE_URL is not set: running the suite on the embedded PGlite only.\n');
    return;
  }
  const admin = adminConnection();
  await admin.unsafe(`CREATE DATABASE "${postgresTemplate()}"`);
  await admin.end();
  const real = await openDatabase({ url: postgresUrl(postgresTemplate()), migrationsDir: MIGRATIONS_DIR, poolMax: 1 });
  await real.migrate();
  await seedDatabase(real.db);
  await real.close();
  console.log(`\nAlso running the suite on Postgres (${new URL(process.env.TEST_DATABASE_URL).host}).\n`);
}
