import { sql, type SQLWrapper } from 'drizzle-orm';
import type { Database } from '../db';

interface PreparedQuery {
  execute(values: Record<string, unknown>): Promise<unknown>;
}

/**
 * Built queries, kept per database and per shape. Drizzle rebuilds a query's SQL text on every
 * call, a sixth of a nested request's CPU in the benchmark's profile; nested pages, counts and
 * row lookups differ between calls only in their values, so each shape is built once with
 * placeholders (`= any($1)` keeps the text independent of how many keys there are). Like the
 * pool they belong to, they hold no request's data.
 */
const preparedQueries = new WeakMap<Database, Map<string, PreparedQuery>>();

export function preparedQuery(db: Database, shape: string, build: () => { prepare(name: string): PreparedQuery }) {
  let byShape = preparedQueries.get(db);
  if (!byShape) {
    byShape = new Map();
    preparedQueries.set(db, byShape);
  }
  let query = byShape.get(shape);
  if (!query) {
    query = build().prepare(`newskb_${byShape.size}`);
    byShape.set(shape, query);
  }
  return query;
}

/** `column = any(:name)`: one placeholder for a list of any length. */
export const isAnyOf = (column: SQLWrapper, placeholder: string) => sql`${column} = any(${sql.placeholder(placeholder)})`;
