import { eq, like, or, sql, type AnyColumn } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { encodeGlobalId, type NodeTypeName } from '../core/global-id';
import { NotFoundError } from './errors';
import { idFromInput } from './input';
import type { Executor } from './write';

type TableWithId = PgTable & { id: AnyColumn };

/**
 * The row an input's ID names, locked until the transaction ends (FOR UPDATE) so that a
 * concurrent delete cannot pull it out from under the write; NotFoundError when there is none.
 */
export async function requireRow<Table extends TableWithId>(
  tx: Executor,
  table: Table,
  type: NodeTypeName,
  id: number,
  path: string[],
): Promise<Table['$inferSelect']> {
  const [row] = await tx
    .select()
    .from(table as PgTable)
    .where(eq(table.id, id))
    .for('update');
  if (!row) {
    const globalId = encodeGlobalId(type, id);
    throw new NotFoundError(`${path.join('.')}: no ${type} has the ID "${globalId}".`, path, globalId);
  }
  return row as Table['$inferSelect'];
}

/**
 * The row an input's global ID refers to (a speaker's country, a statement's article…): the ID
 * decoded as idFromInput does (ValidationError when malformed or of another type), then the row
 * required and locked as requireRow does (NotFoundError when there is none).
 */
export function requireReferenced<Table extends TableWithId>(
  tx: Executor,
  table: Table,
  type: NodeTypeName,
  globalId: string,
  path: string[],
): Promise<Table['$inferSelect']> {
  return requireRow(tx, table, type, idFromInput(globalId, type, path), path);
}

/** The id behind an optional reference, checked as requireReferenced does: null clears it, undefined leaves it. */
export async function referencedId(
  tx: Executor,
  table: TableWithId,
  type: NodeTypeName,
  globalId: string | null | undefined,
  path: string[],
): Promise<number | null | undefined> {
  return globalId == null ? globalId : ((await requireReferenced(tx, table, type, globalId, path)) as { id: number }).id;
}

/** `base`, or `base-2`, `base-3`… whichever is free; the unique key settles a race. */
export async function freeSlug(tx: Executor, table: PgTable & { slug: PgColumn }, base: string): Promise<string> {
  const taken = await slugsTakenQuery(tx, table, base);
  const used = new Set(taken.map((row) => row.slug as string));
  if (!used.has(base)) return base;
  for (let suffix = 2; ; suffix += 1) {
    if (!used.has(`${base}-${suffix}`)) return `${base}-${suffix}`;
  }
}

/**
 * The slugs `base` and `base-…` already taken; the prefix test reads the pattern indexes of
 * migration 0009 (the tests EXPLAIN this query to check it).
 */
export const slugsTakenQuery = (tx: Executor, table: PgTable & { slug: PgColumn }, base: string) =>
  tx
    .select({ slug: table.slug })
    .from(table as PgTable)
    .where(or(eq(table.slug, base), like(table.slug, `${base}-%`)));

/** Distinct strings, first spelling kept, none equal (ignoring case) to the ones in `except`. */
export function mergeNames(names: string[], except: string[] = []): string[] {
  const seen = new Set(except.map((name) => name.toLowerCase()));
  return names.filter((name) => {
    const key = name.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export const now = sql`now()`;

/**
 * Before a merge repoints absorb's mentions at keep: a mention of absorb in a place (article and
 * statement) where keep is already mentioned would break the unique key, and says nothing more.
 */
export async function dropDuplicateMentions(tx: Executor, column: 'speaker_id' | 'organization_id', keepId: number, absorbId: number) {
  const target = sql.identifier(column);
  await tx.execute(sql`
    DELETE FROM mentions absorbed WHERE absorbed.${target} = ${absorbId} AND EXISTS (
      SELECT 1 FROM mentions kept WHERE kept.${target} = ${keepId}
        AND kept.article_id = absorbed.article_id AND kept.statement_id IS NOT DISTINCT FROM absorbed.statement_id)`);
}
