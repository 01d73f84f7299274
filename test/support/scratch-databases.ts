import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createPglite, openDatabase, type DatabaseHandle } from '../../src/db';
import {
  adminConnection,
  MIGRATIONS_DIR,
  pgliteEmptyTemplateFile,
  pgliteTemplateFile,
  postgresEmptyTemplate,
  postgresPrefix,
  postgresTemplate,
  postgresUrl,
} from './databases';

/**
 * Databases of the jest project's kind that the harness does not make: an empty one (migrated,
 * not seeded) for restores, and ones a command-line tool opens from its environment
 * (PGLITE_DIR on disk, or DATABASE_URL), as `npm run export` and `npm run restore` do.
 */
export interface ScratchDatabase {
  /** What the command-line tools read to open this database. */
  env: Record<string, string>;
  open(): Promise<DatabaseHandle>;
  remove(): Promise<void>;
}

const onPostgres = () => process.env.NEWSKB_TEST_DB === 'postgres';

async function postgresDatabase(template: string | undefined): Promise<ScratchDatabase> {
  const name = `${postgresPrefix()}${randomBytes(6).toString('hex')}`;
  const admin = adminConnection();
  await admin.unsafe(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ''}`);
  await admin.end();
  const url = postgresUrl(name);
  return {
    env: { DATABASE_URL: url },
    open: () => openDatabase({ url, migrationsDir: MIGRATIONS_DIR, poolMax: 2 }),
    async remove() {
      const cleanup = adminConnection();
      await cleanup.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

async function pgliteDatabase(loadDataDir: Blob | undefined): Promise<ScratchDatabase> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'newskb-scratch-'));
  const creating = await createPglite({ dataDir, loadDataDir });
  await creating.close();
  return {
    env: { PGLITE_DIR: dataDir, DATABASE_URL: '' },
    open: () => openDatabase({ dataDir, migrationsDir: MIGRATIONS_DIR }),
    remove: () => rm(dataDir, { recursive: true, force: true }),
  };
}

/** A copy of the migrated, seeded test database, on disk or in its own Postgres database. */
export async function seededScratchDatabase(): Promise<ScratchDatabase> {
  if (onPostgres()) return postgresDatabase(postgresTemplate());
  return pgliteDatabase(new Blob([await readFile(pgliteTemplateFile())]));
}

/**
 * A migrated database with no rows at all: a copy of the empty template global setup migrated,
 * not a fresh initdb and migration of its own (5-6 s of CPU each on PGlite).
 */
export async function emptyScratchDatabase(): Promise<ScratchDatabase> {
  if (onPostgres()) return postgresDatabase(postgresEmptyTemplate());
  return pgliteDatabase(new Blob([await readFile(pgliteEmptyTemplateFile())]));
}
