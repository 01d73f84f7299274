import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { Logger } from 'drizzle-orm/logger';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import * as schema from '../../schema';
import { lockDataDir } from './data-dir-lock';
import { routeReadsToReplicas } from './replicas';

export type DatabaseSchema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, DatabaseSchema>;

export interface DatabaseHandle {
  db: Database;
  kind: 'pglite' | 'postgres';
  migrate(): Promise<void>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres:// URL; without it the embedded PGlite is used. */
  url?: string;
  /** Streaming replicas of `url`: queries read from them (src/db/replicas.ts). */
  replicaUrls?: string[];
  /** PGlite's data folder; undefined keeps the database in memory. One process holds it at a time. */
  dataDir?: string;
  /** Who holds `dataDir` while it is open, as a second process is told ("the newskb server"). */
  holder?: string;
  /** An already opened PGlite (tests clone one migrated database instead of migrating each). */
  pglite?: PGlite;
  migrationsDir: string;
  poolMax?: number;
  /** Postgres cancels any statement running longer (statement_timeout), which frees its connection. */
  statementTimeoutMs?: number;
  /** Names the connections in pg_stat_activity (the metrics find this instance's pool by it). */
  applicationName?: string;
  /** Called with every SQL statement Drizzle sends: the tests and the benchmark count them. */
  onQuery?: (query: string) => void;
}

/**
 * An embedded PGlite with the extensions the migrations need. `dataDir` undefined keeps it in
 * memory; `loadDataDir` starts it from a dump (the tests copy one migrated database this way).
 */
export function createPglite(options: { dataDir?: string; loadDataDir?: Blob } = {}) {
  // pg_trgm backs name search; Postgres has it built in, PGlite loads it as an extension.
  return PGlite.create({ ...options, extensions: { pg_trgm } });
}

function queryLogger(onQuery?: (query: string) => void): Logger | undefined {
  return onQuery ? { logQuery: (query) => onQuery(query) } : undefined;
}

/** The one place a database client is made: PGlite by default, postgres.js when given a URL. */
export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  const migrationsFolder = path.resolve(options.migrationsDir);
  const logger = queryLogger(options.onQuery);

  if (options.url) {
    const client = postgres(options.url, {
      max: options.poolMax ?? 10,
      // A database host that does not answer fails requests after 5 s, not postgres.js' 30.
      connect_timeout: 5,
      onnotice: () => {},
      connection: {
        // postgres.js prepares every statement, and after five runs Postgres may switch to a
        // generic plan that ignores the values; for filters whose selectivity varies from one
        // ID to the next that made pages and counts 15 to 300 times slower in the benchmark.
        plan_cache_mode: 'force_custom_plan',
        ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
        ...(options.applicationName ? { application_name: options.applicationName } : {}),
      },
    });
    const db = drizzlePostgres({ client, schema, logger });
    // Each replica is opened as the primary is, with the same pool size, timeouts and hooks.
    const replicas = await Promise.all((options.replicaUrls ?? []).map((url) => openDatabase({ ...options, url, replicaUrls: [] })));
    return {
      db: routeReadsToReplicas(
        db,
        replicas.map((replica) => replica.db),
      ),
      kind: 'postgres',
      migrate: () => migratePostgres(db, { migrationsFolder }),
      close: async () => {
        await Promise.all([client.end({ timeout: 5 }), ...replicas.map((replica) => replica.close())]);
      },
    };
  }

  if (options.replicaUrls?.length) throw new Error('DATABASE_REPLICA_URLS needs DATABASE_URL: the embedded PGlite has no replicas.');
  const lock = options.dataDir && !options.pglite ? lockDataDir(options.dataDir, options.holder ?? 'another newskb process') : undefined;
  const client =
    options.pglite ??
    (await createPglite({ dataDir: options.dataDir }).catch((error) => {
      lock?.release();
      throw error;
    }));
  // Set on PGlite too, so that both databases are configured alike; but PGlite runs its
  // statements in this thread, where neither timeout can interrupt one already running.
  if (options.statementTimeoutMs) await client.exec(`SET statement_timeout = ${Math.trunc(options.statementTimeoutMs)}`);
  const db = drizzlePglite({ client, schema, logger });
  return {
    db,
    kind: 'pglite',
    migrate: () => migratePglite(db, { migrationsFolder }),
    close: async () => {
      try {
        await client.close();
      } finally {
        lock?.release();
      }
    },
  };
}

/** Rows of a raw `db.execute`: PGlite answers { rows }, postgres.js an array of rows. */
export function rowsOf(result: unknown): Record<string, unknown>[] {
  return (Array.isArray(result) ? result : (result as { rows: Record<string, unknown>[] }).rows) as Record<string, unknown>[];
}
