import { parseArgs } from 'node:util';
import { writeDump } from '../dump/dump';
import { DumpError } from '../dump/manifest';
import { openConfiguredDatabase } from './database';
import { CliError, runCli, UsageError } from './run';

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

// A dump's or a restore's refusal (a folder that is no dump, a line that does not check) is a command given wrongly: exit 2.
runCli(
  () =>
    main().catch((error) => {
      throw error instanceof DumpError ? new CliError(error.message, 2) : error;
    }),
  USAGE,
);
