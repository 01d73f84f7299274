import { Column, is, isSQLWrapper, Name, Param, Placeholder, SQL, StringChunk, Subquery, Table } from 'drizzle-orm';
import { isPgEnum } from 'drizzle-orm/pg-core';

/**
 * A filter's condition as a shape and its values: the same shape always renders the same SQL
 * text, so the statement around it can be built once per shape (src/loaders/pagination.ts) and
 * executed with the values, as nested pages are. Filtered root pages (a speaker's statements in
 * a date range) rebuilt their whole statement and its count on every request: 16% of the speaker
 * benchmark's CPU in drizzle (bench/FINDINGS.md).
 *
 * The walk follows drizzle's own rendering (SQL.buildQueryFromSourceParams, drizzle-orm 0.45):
 * every literal string, name, table and column goes into the shape; every parameter becomes a
 * slot whose value is the one drizzle would send (its column's encoder applied). Anything it does
 * not know (inlined parameters, placeholders, views) gives no shape, and the caller builds the
 * statement as before.
 */
export interface WhereShape {
  key: string;
  values: unknown[];
}

/** Tables, columns, enums and static subqueries are module-level objects: numbered once. */
const identities = new WeakMap<object, number>();
let lastIdentity = 0;
function identity(value: object): number {
  let id = identities.get(value);
  if (id === undefined) {
    id = ++lastIdentity;
    identities.set(value, id);
  }
  return id;
}

class NoShape extends Error {}

export function whereShape(where: SQL): WhereShape | null {
  const parts: string[] = [];
  const values: unknown[] = [];
  const walk = (chunk: unknown): void => {
    if (is(chunk, StringChunk)) {
      parts.push('s', ...(chunk as unknown as { value: string[] }).value, '\u0000');
      return;
    }
    if (is(chunk, Name)) {
      parts.push('n', chunk.value, '\u0000');
      return;
    }
    if (chunk === undefined) return;
    if (Array.isArray(chunk)) {
      parts.push('[');
      for (const item of chunk) {
        walk(item);
        parts.push(',');
      }
      parts.push(']');
      return;
    }
    if (is(chunk, SQL)) {
      if ((chunk as unknown as { shouldInlineParams: boolean }).shouldInlineParams) throw new NoShape();
      parts.push('(');
      for (const inner of chunk.queryChunks) walk(inner);
      parts.push(')');
      return;
    }
    if (is(chunk, Table) || is(chunk, Column)) {
      parts.push(`t${identity(chunk)}`);
      return;
    }
    if (is(chunk, Param)) {
      if (is(chunk.value, Placeholder)) throw new NoShape();
      const mapped = chunk.value === null ? null : chunk.encoder.mapToDriverValue(chunk.value);
      if (is(mapped, SQL)) throw new NoShape();
      parts.push('$');
      values.push(mapped);
      return;
    }
    if (is(chunk, Placeholder)) throw new NoShape();
    if (is(chunk, SQL.Aliased) && chunk.fieldAlias !== undefined) {
      parts.push('a', chunk.fieldAlias, '\u0000');
      return;
    }
    if (is(chunk, Subquery)) {
      const { _ } = chunk as unknown as { _: { isWith: boolean; alias: string; sql: SQL } };
      if (_.isWith) {
        parts.push('w', _.alias, '\u0000');
        return;
      }
      parts.push('q', _.alias, '\u0000');
      walk(_.sql);
      return;
    }
    if (isPgEnum(chunk)) {
      parts.push(`e${identity(chunk)}`);
      return;
    }
    if (isSQLWrapper(chunk)) {
      const wrapper = chunk as { shouldOmitSQLParens?: () => boolean; getSQL(): SQL };
      parts.push(wrapper.shouldOmitSQLParens?.() ? 'o' : 'p');
      walk(wrapper.getSQL());
      return;
    }
    if (typeof chunk === 'object' && chunk !== null && !(chunk instanceof Date)) throw new NoShape();
    // A bare value: drizzle sends it as a parameter as it is.
    parts.push('$');
    values.push(chunk);
  };
  try {
    walk(where);
  } catch (error) {
    if (error instanceof NoShape) return null;
    throw error;
  }
  return { key: parts.join(''), values };
}
