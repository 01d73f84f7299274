import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { getTableName, sql, type SQL } from 'drizzle-orm';
import { GraphQLError } from 'graphql';
import type { Database } from '../db';
import { rowsOf } from '../db';
import { databaseIdOf, type NodeTypeName } from '../core/global-id';
import { DUMP_FORMAT, DUMP_FORMAT_VERSION, DumpError, MANIFEST_FILE, type DumpManifest } from './manifest';
import { columnOf, dumpTables, type DumpTable } from './tables';

/** Rows inserted per statement: well under Postgres's 65,535 parameters for the widest table. */
const INSERT_BATCH_SIZE = 500;

type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];

/** The ids read so far, by type, and the two links that composite foreign keys tie together. */
interface Restored {
  ids: Map<NodeTypeName, Set<number>>;
  /** A statement's role must be one of its speaker's. */
  speakerOfRole: Map<number, number>;
  /** A mention's statement must be in the mention's article. */
  articleOfStatement: Map<number, number>;
}

async function readManifest(folder: string): Promise<DumpManifest> {
  let manifest: DumpManifest;
  try {
    manifest = JSON.parse(await readFile(path.join(folder, MANIFEST_FILE), 'utf8'));
  } catch (error) {
    throw new DumpError(`${folder} holds no readable ${MANIFEST_FILE}: is it a newskb dump? (${(error as Error).message})`);
  }
  if (manifest?.format !== DUMP_FORMAT) throw new DumpError(`${MANIFEST_FILE} does not describe a newskb dump.`);
  if (manifest.version !== DUMP_FORMAT_VERSION) {
    throw new DumpError(`This dump is in format version ${manifest.version}; this newskb reads version ${DUMP_FORMAT_VERSION}.`);
  }
  const expected = dumpTables(Boolean(manifest.apiTokens)).map((table) => table.file);
  const listed = Array.isArray(manifest.files) ? manifest.files.map((entry) => entry.file) : [];
  if (listed.join() !== expected.join()) {
    throw new DumpError(`${MANIFEST_FILE} lists ${listed.join(', ') || 'no files'}; a dump holds ${expected.join(', ')}, in that order.`);
  }
  return manifest;
}

/** Refuses a database that holds anything: a restore never merges into existing data. */
async function checkEmpty(db: Database) {
  const occupied: string[] = [];
  for (const table of dumpTables(true)) {
    const [row] = rowsOf(await db.execute(sql`select exists (select 1 from ${table.table}) as occupied`));
    if (row.occupied) occupied.push(getTableName(table.table));
  }
  if (occupied.length > 0) {
    throw new DumpError(
      `The database is not empty (${occupied.join(', ')} hold rows): restore into a new database, migrated but not seeded ` +
        '(a new PGLITE_DIR, or a new Postgres database in DATABASE_URL).',
    );
  }
}

/** The driver's message under Drizzle's wrapper ("Failed query: ..." with every parameter). */
function databaseMessage(error: unknown): string {
  let current = error as { message?: string; cause?: unknown };
  while (current?.cause instanceof Error) current = current.cause as typeof current;
  return current?.message ?? String(error);
}

function decodeReference(value: unknown, type: NodeTypeName, field: string): number {
  if (typeof value !== 'string') throw new DumpError(`\`${field}\` must be a global ID or null.`);
  try {
    return databaseIdOf(value, type, field);
  } catch (error) {
    throw error instanceof GraphQLError ? new DumpError(error.message) : error;
  }
}

/** One JSON line as the values of an insert, every reference checked against what came before. */
function rowValues(table: DumpTable, record: unknown, restored: Restored): Record<string, unknown> {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) throw new DumpError('a line must hold a JSON object.');
  const fields = (table.nodeType ? ['id'] : []).concat(Object.keys(table.fields));
  const given = Object.keys(record);
  const missing = fields.filter((name) => !given.includes(name));
  const unknown = given.filter((name) => !fields.includes(name));
  if (missing.length || unknown.length) {
    throw new DumpError(
      [missing.length ? `missing ${missing.join(', ')}` : '', unknown.length ? `unknown ${unknown.join(', ')}` : '']
        .filter(Boolean)
        .join('; '),
    );
  }
  const line = record as Record<string, unknown>;
  const values: Record<string, unknown> = {};
  if (table.nodeType) {
    const id = decodeReference(line.id, table.nodeType, 'id');
    const seen = restored.ids.get(table.nodeType) ?? new Set<number>();
    if (seen.has(id)) throw new DumpError(`the ID ${line.id} appears twice.`);
    seen.add(id);
    restored.ids.set(table.nodeType, seen);
    values.id = id;
  }
  for (const [name, field] of Object.entries(table.fields)) {
    const value = line[name];
    if (field.kind === 'reference' && value !== null) {
      const id = decodeReference(value, field.type, name);
      if (!restored.ids.get(field.type)?.has(id)) throw new DumpError(`\`${name}\` is ${value}, which no earlier file holds.`);
      values[field.column] = id;
    } else if (field.kind === 'identifier' && value !== null) {
      values[field.column] = decodeReference(value, field.type, name);
    } else {
      // The database parses timestamps itself, microseconds included.
      values[field.column] = field.kind === 'timestamp' && value !== null ? sql`${value}::timestamptz` : value;
    }
  }
  checkCompositeReferences(table, values, restored);
  return values;
}

/** The two references that hold only together: said here, with the line, rather than by the database. */
function checkCompositeReferences(table: DumpTable, values: Record<string, unknown>, restored: Restored) {
  if (table.nodeType === 'SpeakerRole') restored.speakerOfRole.set(values.id as number, values.speakerId as number);
  if (table.nodeType === 'Statement') {
    restored.articleOfStatement.set(values.id as number, values.articleId as number);
    if (values.speakerRoleId != null && restored.speakerOfRole.get(values.speakerRoleId as number) !== values.speakerId) {
      throw new DumpError('`speakerRole` is a role of another speaker than `speaker`.');
    }
  }
  if (
    table.file === 'mentions.jsonl' &&
    values.statementId != null &&
    restored.articleOfStatement.get(values.statementId as number) !== values.articleId
  ) {
    throw new DumpError('`statement` is in another article than `article`.');
  }
}

async function insertBatch(tx: Transaction, table: DumpTable, batch: Record<string, unknown>[], firstLine: number) {
  try {
    // Rows keep their database ids, so every global ID a client holds stays valid.
    const insert = table.nodeType ? tx.insert(table.table).overridingSystemValue() : tx.insert(table.table);
    await insert.values(batch as never);
  } catch (error) {
    throw new DumpError(`${table.file}, lines ${firstLine}–${firstLine + batch.length - 1}: ${databaseMessage(error)}`);
  }
}

async function restoreTable(tx: Transaction, folder: string, table: DumpTable, expectedRows: number, restored: Restored) {
  const lines = createInterface({ input: createReadStream(path.join(folder, table.file)), crlfDelay: Infinity });
  let batch: Record<string, unknown>[] = [];
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber++;
    try {
      batch.push(rowValues(table, JSON.parse(line), restored));
    } catch (error) {
      if (!(error instanceof DumpError || error instanceof SyntaxError)) throw error;
      throw new DumpError(`${table.file}, line ${lineNumber}: ${error.message}`);
    }
    if (batch.length === INSERT_BATCH_SIZE) {
      await insertBatch(tx, table, batch, lineNumber - batch.length + 1);
      batch = [];
    }
  }
  if (batch.length > 0) await insertBatch(tx, table, batch, lineNumber - batch.length + 1);
  if (lineNumber !== expectedRows) {
    throw new DumpError(`${table.file} holds ${lineNumber} rows where ${MANIFEST_FILE} says ${expectedRows}: the dump is incomplete.`);
  }
}

/** Identity columns continue after the restored ids, so the next row filed gets a fresh one. */
async function continueIdentities(tx: Transaction) {
  for (const table of dumpTables(true).filter((candidate) => candidate.keys.join() === 'id')) {
    const id = columnOf(table, 'id');
    const next: SQL = sql`coalesce(max(${id}), 0) + 1`;
    await tx.execute(sql`select setval(pg_get_serial_sequence(${getTableName(table.table)}, 'id'), ${next}, false) from ${table.table}`);
  }
}

/**
 * Loads a dump written by writeDump into an empty, migrated database, in one transaction: all
 * of it, or nothing when any line is malformed, any reference points nowhere or the database
 * refuses a row.
 */
export async function restoreDump(db: Database, folder: string): Promise<DumpManifest> {
  const manifest = await readManifest(folder);
  await checkEmpty(db);
  const restored: Restored = { ids: new Map(), speakerOfRole: new Map(), articleOfStatement: new Map() };
  const tables = dumpTables(manifest.apiTokens);
  await db.transaction(async (tx) => {
    // The dump's history is restored as it was: the rows inserted here are not changes to record again.
    await tx.execute(sql`SELECT set_config('newskb.restoring', 'on', true)`);
    for (const [index, table] of tables.entries()) {
      await restoreTable(tx, folder, table, manifest.files[index].rows, restored);
    }
    await continueIdentities(tx);
  });
  return manifest;
}
