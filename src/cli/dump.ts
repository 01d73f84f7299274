import { parseArgs } from 'node:util';
import { writeDump } from '../dump/dump';
import { DumpError } from '../dump/manifest';
import { openConfiguredDatabase } from './database';

const USAGE = `usage:
  npm run dump -- <folder> [--with-tokens]

Writes the whole knowledge base of the configured database into <folder> (new or empty) as JSON
Lines, one file per table (docs/dump-format.md). --with-tokens adds the API tokens' names, scopes
and digests: for moving a server, not for a dump you share.`;

async function main() {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { 'with-tokens': { type: 'boolean', default: false } } });
  if (positionals.length !== 1) throw new UsageError();
  const database = await openConfiguredDatabase();
  try {
    const manifest = await writeDump(database.db, positionals[0], { withTokens: values['with-tokens'] });
    for (const { file, rows } of manifest.files) console.error(`${file}: ${rows} rows`);
  } finally {
    await database.close();
  }
}

class UsageError extends Error {}

main().catch((error) => {
  if (error instanceof DumpError) console.error(error.message);
  else console.error(error instanceof UsageError || error?.code?.startsWith?.('ERR_PARSE_ARGS') ? USAGE : error);
  process.exit(error instanceof UsageError || error instanceof DumpError ? 2 : 1);
});
