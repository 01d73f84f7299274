import path from 'node:path';
import { readSettings } from '../config';
import { openDatabase } from '../db';
import { DataDirInUseError } from '../db/data-dir-lock';

const SCRIPTS: Record<string, string> = { migrate: 'db:migrate', seed: 'db:seed' };

/** What `npm run` calls this tool: the holder a second process is told about. */
function scriptName(): string {
  const tool = path.basename(process.argv[1] ?? 'newskb', path.extname(process.argv[1] ?? ''));
  return `npm run ${SCRIPTS[tool] ?? tool}`;
}

/** The database the settings name, for command-line tools. */
export async function openConfiguredDatabase() {
  const settings = readSettings();
  return openDatabase({
    url: settings.DATABASE_URL,
    dataDir: settings.PGLITE_DIR,
    holder: scriptName(),
    migrationsDir: settings.MIGRATIONS_DIR,
    poolMax: 1,
  }).catch((error) => {
    // A folder another process holds is a refusal to explain in one line, not a crash to trace.
    if (!(error instanceof DataDirInUseError)) throw error;
    console.error(error.message);
    process.exit(1);
  });
}
