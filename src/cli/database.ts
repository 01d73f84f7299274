import { readSettings } from '../config';
import { openDatabase } from '../db';

/** The database the settings name, for command-line tools. */
export function openConfiguredDatabase() {
  const settings = readSettings();
  return openDatabase({
    url: settings.DATABASE_URL,
    dataDir: settings.PGLITE_DIR,
    migrationsDir: settings.MIGRATIONS_DIR,
    poolMax: 1,
  });
}
