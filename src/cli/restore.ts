import { restoreDump } from '../dump/restore';
import { DumpError } from '../dump/manifest';
import { openConfiguredDatabase } from './database';
import { CliError, runCli, UsageError } from './run';

const USAGE = `usage:
  npm run restore -- <folder>

Loads a dump written by npm run dump into the configured database, which must be empty: a new
PGLITE_DIR, or a new Postgres database in DATABASE_URL. It is migrated first, then filled in one
transaction; any bad line or reference, and nothing is written.`;

async function main() {
  const folders = process.argv.slice(2);
  if (folders.length !== 1 || folders[0].startsWith('-')) throw new UsageError();
  const database = await openConfiguredDatabase();
  try {
    await database.migrate();
    const manifest = await restoreDump(database.db, folders[0]);
    const rows = manifest.files.reduce((total, { rows }) => total + rows, 0);
    console.error(`Restored ${rows} rows from ${manifest.files.length} files.`);
  } finally {
    await database.close();
  }
}

// A dump's or a restore's refusal (a folder that is no dump, a line that does not check) is a command given wrongly: exit 2.
runCli(
  () =>
    main().catch((error) => {
      throw error instanceof DumpError ? new CliError(error.message, 2) : error;
    }),
  USAGE,
);
