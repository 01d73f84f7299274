import { and, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { PgDialect, QueryBuilder, type PgColumn, type PgTable } from 'drizzle-orm/pg-core';
import { PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import type postgres from 'postgres';
import { rowsOf, type Database } from './index';
import { primaryOf } from './replicas';

/**
 * Reading a table of any size in batches, with memory bound by one batch: exports and dumps
 * hand rows on as they come instead of loading the result first.
 *
 * On Postgres, rows come from one query through a server-side cursor (postgres.js's
 * `.cursor()`): a single snapshot, fetched a batch at a time. PGlite has one connection for the
 * whole server, and a cursor lives in an open transaction, which would hold every other request
 * back until the export ended; there each batch is its own keyset query ("after the last key,
 * limit n") and other requests run in between.
 */

export type Row = Record<string, unknown>;

export interface KeysetSource {
  table: PgTable;
  /** What each row holds: output name → SQL value. */
  fields: Record<string, SQLWrapper>;
  /** Joins the fields need (a statement's article URL); typed loosely, as in loaders/sources.ts. */
  join?: (query: any) => any;
  where?: SQL;
  /** A unique key (the primary key): the order rows come in, and where each batch starts. */
  keys: PgColumn[];
}

export interface StreamOptions {
  /** Start after this key (a resumed export); from the first row when omitted. */
  after?: readonly unknown[];
  batchSize: number;
}

/** Yields a source's rows batch by batch, in key order, on one connection or transaction. */
export type RowStreamer = (source: KeysetSource, options: StreamOptions) => AsyncGenerator<Row[]>;

const query = new QueryBuilder();
const dialect = new PgDialect();

const keyAlias = (index: number) => `_key${index}`;

/** (k1, k2, ...) > (v1, v2, ...): Postgres compares row values in order, as a keyset needs. */
function keysAfter(keys: PgColumn[], values: readonly unknown[]): SQL {
  return sql`(${sql.join(keys, sql`, `)}) > (${sql.join(
    values.map((value) => sql`${value}`),
    sql`, `,
  )})`;
}

function selectAfter(source: KeysetSource, after: readonly unknown[] | undefined, limit: number | undefined): SQL {
  const fields = Object.fromEntries([
    ...Object.entries(source.fields).map(([name, value]) => [name, sql`${value}`.as(name)]),
    ...source.keys.map((key, index) => [keyAlias(index), sql`${key}`.as(keyAlias(index))]),
  ]);
  let select = query.select(fields).from(source.table).$dynamic();
  if (source.join) select = source.join(select);
  select = select.where(and(source.where, after ? keysAfter(source.keys, after) : undefined)).orderBy(...source.keys);
  if (limit !== undefined) select = select.limit(limit);
  return select.getSQL();
}

const keyOf = (source: KeysetSource, row: Row) => source.keys.map((_, index) => row[keyAlias(index)]);

function postgresClientOf(db: Database): postgres.Sql | undefined {
  // With read replicas, db is Drizzle's routing object, not a PostgresJsDatabase: streams read
  // from the primary, where a long read is never cancelled by replay as on a hot standby.
  const primary = primaryOf(db);
  // drizzle() adds $client to the instance it returns; the shared Database type does not carry it.
  return primary instanceof PostgresJsDatabase ? (primary as unknown as { $client: postgres.Sql }).$client : undefined;
}

function cursorStreamer(client: postgres.Sql | postgres.TransactionSql): RowStreamer {
  return async function* streamByCursor(source, { after, batchSize }) {
    const statement = dialect.sqlToQuery(selectAfter(source, after, undefined));
    // Leaving this loop early (the client went away) closes the cursor and frees the connection.
    for await (const rows of client.unsafe(statement.sql, statement.params as never[]).cursor(batchSize)) {
      yield rows as Row[];
    }
  };
}

function keysetStreamer(db: Pick<Database, 'execute'>): RowStreamer {
  return async function* streamByKeyset(source, { after, batchSize }) {
    let last = after;
    for (;;) {
      const rows = rowsOf(await db.execute(selectAfter(source, last, batchSize)));
      if (rows.length > 0) yield rows;
      if (rows.length < batchSize) return;
      last = keyOf(source, rows[rows.length - 1]);
    }
  };
}

/** Streams on the database's pool: each stream is its own query. */
export function rowStreamer(db: Database): RowStreamer {
  const client = postgresClientOf(db);
  return client ? cursorStreamer(client) : keysetStreamer(db);
}

/**
 * Runs `read` in one read-only, repeatable-read transaction, so that every stream it opens sees
 * the same snapshot: a dump's files agree with each other whatever is written meanwhile.
 */
export async function inSnapshot<T>(db: Database, read: (stream: RowStreamer) => Promise<T>): Promise<T> {
  const client = postgresClientOf(db);
  if (client) {
    return client.begin('isolation level repeatable read read only', (transaction) => read(cursorStreamer(transaction))) as Promise<T>;
  }
  return db.transaction((transaction) => read(keysetStreamer(transaction)), { isolationLevel: 'repeatable read', accessMode: 'read only' });
}

/** How many rows a source holds, for progress bars. */
export async function countRows(db: Database, source: KeysetSource, after?: readonly unknown[]): Promise<number> {
  let select = query
    .select({ count: sql<number>`count(*)::int`.as('count') })
    .from(source.table)
    .$dynamic();
  if (source.join) select = source.join(select);
  const [row] = rowsOf(await db.execute(select.where(and(source.where, after ? keysAfter(source.keys, after) : undefined))));
  return Number(row.count);
}
