import { Column, is, noopDecoder, Placeholder, SQL, sql, Subquery, type SQLWrapper } from 'drizzle-orm';
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
const preparedQueries = new WeakMap<Database, Map<string, PreparedQuery | null>>();

function shapesOf(db: Database) {
  let byShape = preparedQueries.get(db);
  if (!byShape) {
    byShape = new Map();
    preparedQueries.set(db, byShape);
  }
  return byShape;
}

export function preparedQuery(db: Database, shape: string, build: () => { prepare(name: string): PreparedQuery }) {
  const byShape = shapesOf(db);
  let query = byShape.get(shape);
  if (!query) {
    query = withFlatRowMapper(build().prepare(`newskb_${byShape.size}`));
    byShape.set(shape, query);
  }
  return query;
}

/**
 * A query whose first parameters are a condition's values (src/loaders/where-shape.ts), built
 * once per shape from the first request's condition: those parameters become the placeholders
 * slot0, slot1... (see slotValues), after a check that drizzle numbered them first and in the
 * walk's order, with only placeholders after them. null when the check fails: the caller
 * builds its statement as before.
 */
export function preparedWithSlots(
  db: Database,
  shape: string,
  build: () => { prepare(name: string): PreparedQuery },
  slots: readonly unknown[],
): PreparedQuery | null {
  const byShape = shapesOf(db);
  const known = byShape.get(shape);
  if (known !== undefined) return known;
  const query = build().prepare(`newskb_${byShape.size}`) as PreparedQuery & { params?: unknown[] };
  const params = query.params;
  const usable =
    Array.isArray(params) &&
    params.length >= slots.length &&
    slots.every((value, index) => params[index] === value) &&
    params.slice(slots.length).every((param) => is(param, Placeholder));
  if (!usable) {
    byShape.set(shape, null);
    return null;
  }
  slots.forEach((_, index) => {
    params[index] = sql.placeholder(`slot${index}`);
  });
  const prepared = withFlatRowMapper(query);
  byShape.set(shape, prepared);
  return prepared;
}

/** The values of preparedWithSlots' placeholders. */
export function slotValues(slots: readonly unknown[]): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  slots.forEach((value, index) => {
    values[`slot${index}`] = value;
  });
  return values;
}

/** `column = any(:name)`: one placeholder for a list of any length. */
export const isAnyOf = (column: SQLWrapper, placeholder: string) => sql`${column} = any(${sql.placeholder(placeholder)})`;

/** What drizzle's prepared queries (postgres.js and PGlite alike) keep of their selection. */
interface DrizzlePrepared extends PreparedQuery {
  fields?: { path: string[]; field: unknown }[];
  joinsNotNullableMap?: Record<string, boolean>;
  customResultMapper?: (rows: unknown[][]) => unknown;
}

interface Decoder {
  mapFromDriverValue(value: unknown): unknown;
}

const identity = new Set<unknown>([Column.prototype.mapFromDriverValue, noopDecoder.mapFromDriverValue]);

/** The decoder drizzle's mapResultRow would pick for a selected field. */
function decoderOf(field: unknown): Decoder {
  if (is(field, Column)) return field;
  // `decoder` is internal to drizzle's SQL objects (what mapWith sets).
  if (is(field, SQL)) return (field as unknown as { decoder: Decoder }).decoder;
  if (is(field, Subquery)) return (field as unknown as { _: { sql: { decoder: Decoder } } })._.sql.decoder;
  return (field as { sql: { decoder: Decoder } }).sql.decoder;
}

/**
 * Maps a flat selection's rows (every field at the top level, as pages and row lookups select
 * them) in one loop over precomputed names and decoders. drizzle's own mapResultRow decides
 * each field's decoder again for every value (instanceof checks through column proxies, a path
 * iterator per value): 13.6% of a nested request's CPU in the benchmark's profile
 * (bench/FINDINGS.md). Same decoders, same values; nested selections keep drizzle's mapping.
 */
function withFlatRowMapper(query: PreparedQuery): PreparedQuery {
  const prepared = query as DrizzlePrepared;
  const fields = prepared.fields;
  if (!fields || prepared.customResultMapper || !fields.every(({ path }) => path.length === 1)) return query;
  const names = fields.map(({ path }) => path[0]);
  const decoders = fields.map(({ field }) => {
    const decoder = decoderOf(field);
    return identity.has(decoder.mapFromDriverValue) ? null : decoder;
  });
  const width = names.length;
  prepared.customResultMapper = (rows) => {
    const mapped = new Array<Record<string, unknown>>(rows.length);
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r];
      const object: Record<string, unknown> = {};
      for (let i = 0; i < width; i++) {
        const value = row[i];
        const decoder = decoders[i];
        object[names[i]] = value === null || decoder === null ? value : decoder.mapFromDriverValue(value);
      }
      mapped[r] = object;
    }
    return mapped;
  };
  return query;
}
