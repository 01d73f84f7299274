import { restoreDump } from '../dump/restore';
import { DumpError } from '../dump/manifest';
import { openConfiguredDatabase } from './database';

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

class UsageError extends Error {}

main().catch((error) => {
  if (error instanceof DumpError) console.error(error.message);
  else console.error(error instanceof UsageError ? USAGE : error);
  process.exit(error instanceof UsageError || error instanceof DumpError ? 2 : 1);
});
