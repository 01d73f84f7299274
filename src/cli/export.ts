import { once } from 'node:events';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { Presets, SingleBar } from 'cli-progress';
import { GraphQLError } from 'graphql';
import { countRows, rowStreamer } from '../db/row-stream';
import { EXPORT_TYPES, exportDefinitions, isExportType } from '../export/columns';
import { exportFormats, isExportFormat } from '../export/formats';
import { isListParameter, parameterNames, planExport } from '../export/parameters';
import { exportRows, exportSource, resumeKey } from '../export/rows';
import { createLoaders } from '../loaders';
import { openConfiguredDatabase } from './database';
import { runCli, UsageError } from './run';

const USAGE = `usage:
  npm run export -- <type> [--format ndjson|csv] [--<filter> <value>]... [--after <id>] > <file>

  <type>      ${EXPORT_TYPES.join(', ')}
  filters     as in GET /export/<type>.<format> and the GraphQL filter of the same connection:
${EXPORT_TYPES.map((type) => `                ${type}: ${parameterNames(type).join(', ')}`).join('\n')}
  --after     the last ID of an export that stopped: continue after it

Rows go to standard output, progress to standard error.`;

/** Writes to stdout, waiting when the pipe is full, so a slow reader keeps memory flat. */
async function write(text: string) {
  if (!process.stdout.write(text)) await once(process.stdout, 'drain');
}

async function main() {
  const allParameters = new Set(EXPORT_TYPES.flatMap(parameterNames));
  const { positionals, values } = parseCommandLine({
    format: { type: 'string', default: 'ndjson' },
    ...Object.fromEntries([...allParameters].map((name) => [name, { type: 'string' as const, multiple: isListParameter(name) }])),
  });
  const [type] = positionals;
  const { format, ...filters } = values as Record<string, string | string[]>;
  if (positionals.length !== 1 || !isExportType(type) || typeof format !== 'string' || !isExportFormat(format)) throw new UsageError();

  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(filters)) {
    for (const item of [value].flat()) search.append(name, item);
  }

  const database = await openConfiguredDatabase();
  const bar = new SingleBar({ format: `exporting ${type} [{bar}] {value}/{total} rows`, stream: process.stderr }, Presets.shades_classic);
  try {
    const plan = await planExport(createLoaders(database.db), type, search);
    const columns = Object.keys(exportDefinitions[type].columns);
    const encoder = exportFormats[format];
    bar.start(await countRows(database.db, exportSource(plan), resumeKey(plan)), 0);
    await write(encoder.start(columns));
    for await (const batch of exportRows(rowStreamer(database.db), plan)) {
      await write(encoder.rows(columns, batch));
      bar.increment(batch.length);
    }
  } finally {
    bar.stop();
    await database.close();
  }
}

/** A mistake on the command line: said, with the usage, and exit code 2. */
function parseCommandLine(options: ParseArgsConfig['options']) {
  try {
    return parseArgs({ allowPositionals: true, options });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

// A filter's BAD_USER_INPUT names the option at fault, as the HTTP export names the parameter.
runCli(
  () =>
    main().catch((error) => {
      throw error instanceof GraphQLError ? new UsageError(error.message) : error;
    }),
  USAGE,
);
