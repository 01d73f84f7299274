import { stringify } from 'csv-stringify/sync';
import type { Row } from '../db/row-stream';

/**
 * The two export formats. NDJSON: one JSON object a line, every column present (null when
 * empty). CSV (RFC 4180, by csv-stringify): a header line, then one record a row; fields holding
 * quotes, commas or line breaks are quoted, quotes doubled; lists (aliases) as JSON arrays; null
 * as an empty field.
 */

export interface ExportFormat {
  contentType: string;
  /** What comes before the first row: the header line for CSV. */
  start(columns: string[]): string;
  rows(columns: string[], batch: Row[]): string;
}

export const exportFormats = {
  ndjson: {
    contentType: 'application/x-ndjson; charset=utf-8',
    start: () => '',
    rows: (_columns, batch) => batch.map((row) => `${JSON.stringify(row)}\n`).join(''),
  },
  csv: {
    contentType: 'text/csv; charset=utf-8; header=present',
    start: (columns) => stringify([], { header: true, columns }),
    rows: (columns, batch) => stringify(batch, { columns, cast: { object: (value) => JSON.stringify(value) } }),
  },
} satisfies Record<string, ExportFormat>;

export type ExportFormatName = keyof typeof exportFormats;

export const isExportFormat = (name: string): name is ExportFormatName => Object.hasOwn(exportFormats, name);

/** An export as text chunks: the format's start, then one chunk per batch of rows. */
export async function* encodeExport(format: ExportFormatName, columns: string[], batches: AsyncIterable<Row[]>): AsyncGenerator<string> {
  const encoder: ExportFormat = exportFormats[format];
  const start = encoder.start(columns);
  if (start) yield start;
  for await (const batch of batches) yield encoder.rows(columns, batch);
}
