import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { SingleBar, Presets } from 'cli-progress';
import { readSettings } from '../config';
import { createEvents } from '../events';
import { isUserError } from '../services/errors';
import { announceImport, importArticle, type ImportArticleInput } from '../services/import-article';
import { openConfiguredDatabase } from './database';
import { runCli, UsageError } from './run';

const USAGE = `usage:
  npm run import -- <article.txt>...        each with its metadata beside it in <article>.json:
                                            { "url", "title", "publisher"?, "publishedAt"?, "language"? }
  npm run import -- --url <url> --title <title> [--publisher <name>] [--published-at YYYY-MM-DD] [--language en] <article.txt>`;

interface Metadata {
  url?: string;
  title?: string;
  publisher?: string;
  publishedAt?: string;
  language?: string;
}

const sidecarOf = (file: string) => path.join(path.dirname(file), `${path.basename(file, path.extname(file))}.json`);

/** The article's metadata: its sidecar <article>.json, overridden by the flags; null when neither has any. */
async function metadataOf(file: string, flags: Metadata): Promise<Metadata | null> {
  const fromFlags = Object.fromEntries(Object.entries(flags).filter(([, value]) => value != null));
  const fromFile = await readFile(sidecarOf(file), 'utf8').then(
    (text) => JSON.parse(text) as Metadata,
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null;
      throw error;
    },
  );
  if (!fromFile && Object.keys(fromFlags).length === 0) return null;
  return { ...fromFile, ...fromFlags };
}

async function main() {
  const { positionals: files, values } = parseArgs({
    allowPositionals: true,
    options: {
      url: { type: 'string' },
      title: { type: 'string' },
      publisher: { type: 'string' },
      'published-at': { type: 'string' },
      language: { type: 'string' },
    },
  });
  if (files.length === 0 || ((values.url || values.title) && files.length > 1)) throw new UsageError();
  const flags: Metadata = {
    url: values.url,
    title: values.title,
    publisher: values.publisher,
    publishedAt: values['published-at'],
    language: values.language,
  };

  const database = await openConfiguredDatabase();
  // With REDIS_URL set, running servers relay these imports to their subscribers.
  const events = createEvents(readSettings().REDIS_URL);
  const bar =
    files.length > 1 && process.stdout.isTTY
      ? new SingleBar({ format: 'importing [{bar}] {value}/{total} {file}' }, Presets.shades_classic)
      : null;
  const failures: string[] = [];
  let quotations = 0;
  try {
    await database.migrate();
    bar?.start(files.length, 0, { file: '' });
    for (const file of files) {
      bar?.update({ file: path.basename(file) });
      const metadata = await metadataOf(file, flags);
      if (!metadata) {
        failures.push(
          `${file}: no metadata: write ${sidecarOf(file)} ({ "url", "title", "publisher"?, "publishedAt"? }) or give --url and --title`,
        );
        bar?.increment();
        continue;
      }
      const input: ImportArticleInput = {
        url: metadata.url ?? '',
        title: metadata.title ?? '',
        body: await readFile(file, 'utf8'),
        publisher: metadata.publisher,
        publishedAt: metadata.publishedAt ? new Date(`${metadata.publishedAt}T00:00:00Z`) : null,
        language: metadata.language,
      };
      try {
        const result = await importArticle(database.db, input);
        announceImport(events, result);
        quotations += result.statements.length;
        const unattributed = result.statements.filter((statement) => statement.speakerId == null).length;
        if (!bar)
          console.log(
            `${file}: ${result.created ? 'filed' : 'updated'} ${result.statements.length} quotation(s), ${unattributed} unattributed`,
          );
      } catch (error) {
        if (!isUserError(error)) throw error;
        failures.push(`${file}: ${error.message}`);
      }
      bar?.increment();
    }
  } finally {
    bar?.stop();
    await Promise.all([database.close(), events.close()]);
  }
  console.log(`${files.length - failures.length} of ${files.length} article(s) imported, ${quotations} quotation(s).`);
  for (const failure of failures) console.error(failure);
  if (failures.length) process.exitCode = 1;
}

runCli(main, USAGE);
