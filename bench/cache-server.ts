/**
 * newskb with or without the response cache, for bench/cache.ts:
 *
 *   tsx bench/cache-server.ts --cache none|memory|redis [--port 4100]
 *
 * Like bench/server.ts (the shipped variant), it answers GET /__bench/stats with the requests it
 * served and the SQL statements it sent.
 */
import { createApp } from '../src/app';
import { createResponseCache } from '../src/cache/response-cache';
import { openDatabase } from '../src/db';
import { benchDatabaseUrl, MIGRATIONS_DIR, parseFlags } from './common';
import { serve, withStats } from './http';

export const CACHE_MODES = ['none', 'memory', 'redis'] as const;
export type CacheMode = (typeof CACHE_MODES)[number];

async function main() {
  const flags = parseFlags(process.argv.slice(2), { cache: 'string', port: 'number' });
  const mode = (flags.cache ?? 'none') as CacheMode;
  if (!CACHE_MODES.includes(mode)) throw new Error(`--cache must be one of ${CACHE_MODES.join(', ')}, got ${mode}`);

  const counters = { requests: 0, sqlStatements: 0 };
  const database = await openDatabase({
    url: benchDatabaseUrl(),
    migrationsDir: MIGRATIONS_DIR,
    poolMax: 10,
    onQuery: () => counters.sqlStatements++,
  });
  const responseCache =
    mode === 'none'
      ? undefined
      : createResponseCache({
          redisUrl: mode === 'redis' ? (process.env.REDIS_URL ?? 'redis://127.0.0.1:6379') : undefined,
          ttlMs: 600_000,
          // Its own keys: the Redis is shared with whatever else runs on the machine.
          keyPrefix: `newskb:bench:${process.pid}:`,
          maxEntries: 10_000,
        });
  const app = createApp({ db: database.db, responseCache });
  serve(`cache ${mode}`, flags.port ?? 4100, withStats(mode, counters, app), async () => {
    await responseCache?.close();
    await database.close();
  });
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
