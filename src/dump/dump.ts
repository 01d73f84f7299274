import { createWriteStream } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { SQLWrapper } from 'drizzle-orm';
import type { Database } from '../db';
import { inSnapshot, type KeysetSource, type Row, type RowStreamer } from '../db/row-stream';
import { isoDate, isoTimestamp } from '../db/text-values';
import { encodeGlobalId } from '../core/global-id';
import { DUMP_FORMAT, DUMP_FORMAT_VERSION, DumpError, MANIFEST_FILE, type DumpManifest } from './manifest';
import { columnOf, dumpTables, type DumpTable } from './tables';

/** Rows read at a time: memory holds one batch, whatever the size of the table. */
const DUMP_BATCH_SIZE = 1000;

function dumpSource(table: DumpTable): KeysetSource {
  const fields: Record<string, SQLWrapper> = table.nodeType ? { id: columnOf(table, 'id') } : {};
  for (const [name, field] of Object.entries(table.fields)) {
    const column = columnOf(table, field.column);
    fields[name] = field.kind === 'timestamp' ? isoTimestamp(column, 'microseconds') : field.kind === 'date' ? isoDate(column) : column;
  }
  return { table: table.table, fields, keys: table.keys.map((key) => columnOf(table, key)) };
}

/** One row as its JSON line: the row's global ID first, then the fields in their fixed order. */
function jsonLine(table: DumpTable, row: Row): string {
  const record: Record<string, unknown> = table.nodeType ? { id: encodeGlobalId(table.nodeType, row.id as number) } : {};
  for (const [name, field] of Object.entries(table.fields)) {
    const value = row[name] ?? null;
    record[name] =
      (field.kind === 'reference' || field.kind === 'identifier') && value !== null ? encodeGlobalId(field.type, value as number) : value;
  }
  return `${JSON.stringify(record)}\n`;
}

async function writeTable(stream: RowStreamer, table: DumpTable, folder: string): Promise<number> {
  let rows = 0;
  async function* lines() {
    for await (const batch of stream(dumpSource(table), { batchSize: DUMP_BATCH_SIZE })) {
      rows += batch.length;
      yield batch.map((row) => jsonLine(table, row)).join('');
    }
  }
  // pipeline waits for the file to drain before asking for the next batch.
  await pipeline(Readable.from(lines()), createWriteStream(path.join(folder, table.file)));
  return rows;
}

/**
 * Writes the whole knowledge base to `folder` (created if missing, refused if not empty): one
 * JSON Lines file per table and manifest.json, all read from one snapshot.
 */
export async function writeDump(db: Database, folder: string, { withTokens = false } = {}): Promise<DumpManifest> {
  await mkdir(folder, { recursive: true });
  if ((await readdir(folder)).length > 0) throw new DumpError(`${folder} is not empty: a dump goes into a new or empty folder.`);
  const tables = dumpTables(withTokens);
  const files = await inSnapshot(db, async (stream) => {
    const written: DumpManifest['files'] = [];
    for (const table of tables) {
      written.push({ file: table.file, type: table.nodeType ?? null, rows: await writeTable(stream, table, folder) });
    }
    return written;
  });
  const manifest: DumpManifest = { format: DUMP_FORMAT, version: DUMP_FORMAT_VERSION, apiTokens: withTokens, files };
  await writeFile(path.join(folder, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}
