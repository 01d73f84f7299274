import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { createPglite, openDatabase } from '../../src/db';
import { seedDatabase } from '../../seeds/seed';
import { redisAnswers, TEST_REDIS_URL } from './redis';
import {
  adminConnection,
  MIGRATIONS_DIR,
  pgliteEmptyTemplateFile,
  pgliteTemplateFile,
  postgresEmptyTemplate,
  postgresTemplate,
  postgresUrl,
} from './databases';

/**
 * Migrates and seeds once per run; test files then copy the result instead of paying for
 * migrations each (PGlite takes seconds to initialise, a copy under one). Each database is
 * written twice: migrated with no rows (for restores) and seeded. The PGlite and the Postgres
 * templates are built at the same time.
 */
export default async function globalSetup() {
  process.env.NEWSKB_TEST_RUN = String(process.pid);

  const redis = await redisAnswers();
  process.env.NEWSKB_TEST_REDIS = redis ? 'yes' : 'no';
  if (!redis && process.env.NEWSKB_REQUIRE_REDIS === 'true') {
    throw new Error(`NEWSKB_REQUIRE_REDIS is set but no Redis answers at ${TEST_REDIS_URL}`);
  }
  if (!redis) console.log(`\nNo Redis answers at ${TEST_REDIS_URL}: the tests that need one are skipped.\n`);

  if (!process.env.TEST_DATABASE_URL) {
    console.log('\nTEST_DATABASE_URL is not set: running the suite on the embedded PGlite only.\n');
    await pgliteTemplates();
    return;
  }
  await Promise.all([pgliteTemplates(), postgresTemplates()]);
  console.log(`\nAlso running the suite on Postgres (${new URL(process.env.TEST_DATABASE_URL).host}).\n`);
}

async function pgliteTemplates() {
  const pglite = await initialisedPglite();
  await dropTemplateDatabases(pglite);
  const embedded = await openDatabase({ pglite, migrationsDir: MIGRATIONS_DIR });
  await embedded.migrate();
  await writeDataDir(pglite, pgliteEmptyTemplateFile());
  await seedDatabase(embedded.db);
  await writeDataDir(pglite, pgliteTemplateFile());
  await embedded.close();
}

async function postgresTemplates() {
  const admin = adminConnection();
  try {
    await admin.unsafe(`CREATE DATABASE "${postgresEmptyTemplate()}"`);
    const empty = await openDatabase({ url: postgresUrl(postgresEmptyTemplate()), migrationsDir: MIGRATIONS_DIR, poolMax: 1 });
    await empty.migrate();
    await empty.close();
    await admin.unsafe(`CREATE DATABASE "${postgresTemplate()}" TEMPLATE "${postgresEmptyTemplate()}"`);
  } finally {
    await admin.end();
  }
  const real = await openDatabase({ url: postgresUrl(postgresTemplate()), migrationsDir: MIGRATIONS_DIR, poolMax: 1 });
  await seedDatabase(real.db);
  await real.close();
}

/**
 * initdb writes three databases, and the app and the tests use one, `postgres`: template0 and
 * template1 are 600 of the data folder's 1,000 files and 15 MB of its 40, which every test file
 * wrote into a new PGlite's memory (about 0.4 s of its CPU). Dropped from the catalog as Postgres
 * drops any database, so the copy is a whole, consistent data folder, only smaller. Nothing in
 * a PGlite copy creates a database, which is all a template is for.
 */
async function dropTemplateDatabases(pglite: PGlite) {
  await pglite.exec("UPDATE pg_database SET datistemplate = false WHERE datname IN ('template0', 'template1')");
  await pglite.exec('DROP DATABASE template0');
  await pglite.exec('DROP DATABASE template1');
}

async function writeDataDir(pglite: PGlite, file: string) {
  const dump = await pglite.dumpDataDir('none');
  await writeFile(file, Buffer.from(await dump.arrayBuffer()));
}

/**
 * A PGlite just past initdb, which is most of the setup's CPU (4-5 s of 6): the folder initdb
 * writes depends only on the PGlite release, so it is kept between runs in the temporary folder,
 * named by that release, and a run loads it instead when it is there.
 */
async function initialisedPglite(): Promise<PGlite> {
  // The package exports no package.json; its entry point sits in dist/.
  const packageFile = path.join(path.dirname(require.resolve('@electric-sql/pglite')), '..', 'package.json');
  const { version } = JSON.parse(await readFile(packageFile, 'utf8')) as { version: string };
  const cached = path.join(os.tmpdir(), `newskb-test-initdb-pglite-${version}.tar`);
  const tarball = await readFile(cached).catch(() => undefined);
  if (tarball) {
    try {
      return await createPglite({ loadDataDir: new Blob([tarball]) });
    } catch {
      await rm(cached, { force: true });
    }
  }
  const pglite = await createPglite();
  // Written under a name of this run's own, then renamed: two runs at once never read half a file.
  const partial = `${cached}.${process.pid}`;
  await writeDataDir(pglite, partial);
  await rename(partial, cached);
  return pglite;
}
