/**
 * One variant of newskb for the benchmark, on BENCH_DATABASE_URL:
 *
 *   tsx bench/server.ts --variant shipped|unbatched [--port 4100] [--pool 10]
 *
 * shipped   = createApp({ db, jit }), exactly what src/server.ts serves (GRAPHQL_JIT as set, on by default);
 * unbatched = createApp({ db, jit, loaderOptions: { batch: false } }): DataLoaders off, one SQL
 *             statement per key (the N+1 baseline).
 *
 * Besides /graphql it answers GET /__bench/stats with { requests, sqlStatements }: requests
 * counted by a wrapper around the node http handler (so Yoga is not involved), SQL statements
 * by openDatabase's onQuery hook. The runner takes deltas around each measurement.
 */
import { createApp } from '../src/app';
import { settingsSchema } from '../src/config';
import { openDatabase } from '../src/db';
import { benchDatabaseUrl, MIGRATIONS_DIR, parseFlags } from './common';
import { serve, withStats } from './http';

async function main() {
  const flags = parseFlags(process.argv.slice(2), { variant: 'string', port: 'number', pool: 'number' });
  const variant = flags.variant ?? 'shipped';
  if (variant !== 'shipped' && variant !== 'unbatched') throw new Error(`--variant must be shipped or unbatched, got ${variant}`);

  const counters = { requests: 0, sqlStatements: 0 };
  const database = await openDatabase({
    url: benchDatabaseUrl(),
    migrationsDir: MIGRATIONS_DIR,
    poolMax: flags.pool ?? 10,
    onQuery: () => {
      counters.sqlStatements++;
    },
  });
  // As src/server.ts reads it: GRAPHQL_JIT=false measures graphql-js's interpreter.
  const jit = settingsSchema.shape.GRAPHQL_JIT.parse(process.env.GRAPHQL_JIT);
  const app =
    variant === 'shipped' ? createApp({ db: database.db, jit }) : createApp({ db: database.db, jit, loaderOptions: { batch: false } });

  serve(variant, flags.port ?? 4100, withStats(variant, counters, app), () => database.close());
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
