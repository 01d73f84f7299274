import type { KeysetSource, Row, RowStreamer } from '../db/row-stream';
import { encodeGlobalId } from '../core/global-id';
import { exportDefinitions, type ExportDefinition } from './columns';
import type { ExportPlan } from './parameters';

/** Rows fetched and sent at a time: a few hundred kilobytes of statements. */
export const EXPORT_BATCH_SIZE = 500;

/** What an export reads: its table, joins and filter, in primary key order. */
export function exportSource(plan: ExportPlan): KeysetSource {
  const definition: ExportDefinition = exportDefinitions[plan.type];
  return {
    table: definition.table,
    fields: Object.fromEntries(Object.entries(definition.columns).map(([name, column]) => [name, column.value])),
    join: definition.join,
    where: plan.where,
    keys: [definition.id],
  };
}

/** The key an export resumes after (`?after=`). */
export const resumeKey = (plan: ExportPlan) => (plan.after === undefined ? undefined : [plan.after]);

/** An export's rows, batch by batch, with their database ids turned into global IDs. */
export async function* exportRows(stream: RowStreamer, plan: ExportPlan, batchSize = EXPORT_BATCH_SIZE): AsyncGenerator<Row[]> {
  const columns = Object.entries(exportDefinitions[plan.type].columns as ExportDefinition['columns']);
  for await (const batch of stream(exportSource(plan), { after: resumeKey(plan), batchSize })) {
    yield batch.map((row) =>
      Object.fromEntries(
        columns.map(([name, column]) => {
          const value = row[name] ?? null;
          if (column.present) return [name, column.present(value, row)];
          return [name, column.globalId && value !== null ? encodeGlobalId(column.globalId, value as number) : value];
        }),
      ),
    );
  }
}
