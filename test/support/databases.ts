import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';

/**
 * Names of what one test run creates, tagged with the run's id (set by global setup and
 * inherited by the workers), so that two runs on one machine never touch each other's databases.
 */
const runId = () => process.env.NEWSKB_TEST_RUN ?? 'local';

/** The migrated, seeded PGlite data folder, as a tarball, that every test file loads. */
export const pgliteTemplateFile = () => path.join(os.tmpdir(), `newskb-test-${runId()}.tar`);

/** The migrated PGlite data folder with no rows, as a tarball: scratch databases for restores. */
export const pgliteEmptyTemplateFile = () => path.join(os.tmpdir(), `newskb-test-${runId()}-empty.tar`);

/** Every Postgres database of this run starts with this prefix. */
export const postgresPrefix = () => `newskb_test_${runId()}_`;

/** The Postgres template database; each test file gets a fresh copy of it. */
export const postgresTemplate = () => `${postgresPrefix()}template`;

/** The migrated Postgres database with no rows, the template of empty scratch databases. */
export const postgresEmptyTemplate = () => `${postgresPrefix()}empty`;

export const MIGRATIONS_DIR = 'schema/migrations';

export function postgresUrl(database: string): string {
  const url = new URL(process.env.TEST_DATABASE_URL!);
  url.pathname = `/${database}`;
  return url.toString();
}

/** A connection to TEST_DATABASE_URL, for creating and dropping databases. */
export function adminConnection() {
  return postgres(process.env.TEST_DATABASE_URL!, { max: 1, onnotice: () => {} });
}
