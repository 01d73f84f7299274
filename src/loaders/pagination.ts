import { and, getTableColumns, lte, or, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Database } from '../db';
import { badUserInput } from '../core/errors';
import { isAnyOf, preparedQuery, preparedWithSlots, slotValues } from './prepared';
import { whereShape, type WhereShape } from './where-shape';

/**
 * Keyset pagination shared by every connection, root or nested. A page is read with one SQL
 * statement whatever the number of parents (a row_number() window partitions by parent), and a
 * cursor holds the sort-key values of its row, so cursors stay valid while rows are inserted.
 */

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export interface ConnectionArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

type CursorValue = string | number | boolean | null;

/** What a connection asks of the database, decoded and validated from its arguments. */
export interface PageRequest {
  /** Names the ordering, so a cursor from another connection is refused, not misread. */
  ordering: string;
  limit: number;
  backward: boolean;
  cursor: unknown[] | null;
  /** Set when paging from a cursor: the other side of that cursor had rows. */
  fromCursor: boolean;
}

export interface SortKey {
  expression: SQLWrapper;
  /** What a cursor must hold for this key: a cursor is client input and is checked as such. */
  type: 'int' | 'float' | 'text' | 'date';
  descending?: boolean;
  /** Stays ascending when the client asks for DESC (order of appearance within an article). */
  fixedAscending?: boolean;
}

const MAX_INT4 = 2_147_483_647;

function fitsKey(value: unknown, type: SortKey['type']): boolean {
  switch (type) {
    case 'int':
      return Number.isInteger(value) && Math.abs(value as number) <= MAX_INT4;
    case 'float':
      return typeof value === 'number' && Number.isFinite(value);
    case 'text':
      return typeof value === 'string' && !value.includes('\u0000');
    case 'date':
      return value === '-infinity' || isCalendarDate(value);
  }
}

/**
 * A day that exists, as Postgres' date takes it. Date.parse alone rolls 2022-02-30 over to
 * March 2nd, and Postgres then refused the cursor with an error the client saw as internal;
 * it has no year 0 either.
 */
function isCalendarDate(value: unknown): boolean {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value) || value.startsWith('0000')) return false;
  const day = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === value;
}

/** An order a connection is walked in: its name goes into cursors. */
export interface Ordering {
  /** Unique per source and order: goes into cursors and loader keys. */
  name: string;
  /** Total order: the last key must be unique (the id). */
  orderBy: SortKey[];
}

/** Where a connection's nodes come from and in which order. */
export interface ConnectionSource extends Ordering {
  /** The node table; every column of it is returned. */
  table: PgTable;
  /** Adds the joins that link a node to its parent (or that filter it). */
  join?: (query: any) => any;
  /** Nested connections: the column holding the parent's id. */
  parentKey?: SQLWrapper;
  where?: SQL;
  /** Facts about the link itself (a related article's kind), carried by the edge beside the node. */
  edgeFields?: Record<string, SQLWrapper>;
}

export interface Edge<Node> {
  cursor: string;
  node: Node;
  [edgeField: string]: unknown;
}

export interface Page<Node> {
  edges: Edge<Node>[];
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
}

const CURSOR_PREFIX = 'c1:';

export function encodeCursor(ordering: string, values: CursorValue[]): string {
  return Buffer.from(CURSOR_PREFIX + JSON.stringify([ordering, ...values])).toString('base64url');
}

function decodeCursor(cursor: string, ordering: Ordering): unknown[] {
  const refuse = () => badUserInput(`The cursor "${cursor}" is not valid for this connection.`, { argument: 'cursor' });
  let decoded: unknown;
  try {
    const text = Buffer.from(cursor, 'base64url').toString('utf8');
    if (!text.startsWith(CURSOR_PREFIX)) throw refuse();
    decoded = JSON.parse(text.slice(CURSOR_PREFIX.length));
  } catch {
    throw refuse();
  }
  if (!Array.isArray(decoded) || decoded[0] !== ordering.name || decoded.length !== ordering.orderBy.length + 1) {
    throw refuse();
  }
  const values = decoded.slice(1);
  // A doctored value would reach SQL as a parameter of the wrong type: refuse it here instead.
  if (!values.every((value, index) => fitsKey(value, ordering.orderBy[index].type))) throw refuse();
  return values;
}

function checkPageSize(name: 'first' | 'last', value: number) {
  if (!Number.isInteger(value) || value < 1 || value > MAX_PAGE_SIZE) {
    throw badUserInput(`\`${name}\` must be between 1 and ${MAX_PAGE_SIZE}; got ${value}.`, { argument: name });
  }
}

/** Validates a connection's arguments; the errors name the argument at fault. */
export function pageRequest(source: Ordering, args: ConnectionArgs): PageRequest {
  const { first, after, last, before } = args;
  if (first != null && last != null) {
    throw badUserInput('Pass either `first` or `last`, not both.', { argument: 'last' });
  }
  if (after != null && before != null) {
    throw badUserInput('Pass either `after` or `before`, not both.', { argument: 'before' });
  }
  if (first != null) checkPageSize('first', first);
  if (last != null) checkPageSize('last', last);
  if (before != null && first != null) {
    throw badUserInput('`before` pages backwards: use it with `last`.', { argument: 'before' });
  }
  if (after != null && last != null) {
    throw badUserInput('`after` pages forwards: use it with `first`.', { argument: 'after' });
  }
  const backward = last != null || before != null;
  const cursorText = backward ? before : after;
  return {
    ordering: source.name,
    limit: (backward ? last : first) ?? DEFAULT_PAGE_SIZE,
    backward,
    cursor: cursorText == null ? null : decodeCursor(cursorText, source),
    fromCursor: cursorText != null,
  };
}

/** A stable string for a request, so identical nested requests share one loader batch. */
export function requestSignature(request: PageRequest): string {
  return JSON.stringify([request.ordering, request.limit, request.backward, request.cursor]);
}

export function effectiveKeys(source: Ordering, backward: boolean) {
  return source.orderBy.map((key) => ({
    expression: key.expression,
    descending: backward ? !key.descending : Boolean(key.descending),
  }));
}

/** (k1, k2, ...) strictly after the cursor in the given order, one key direction at a time. */
export function afterCursor(keys: ReturnType<typeof effectiveKeys>, cursor: readonly unknown[]): SQL {
  const branches = keys.map((key, index) => {
    const equalities = keys.slice(0, index).map((earlier, i) => sql`${earlier.expression} = ${cursor[i]}`);
    const step = key.descending ? sql`${key.expression} < ${cursor[index]}` : sql`${key.expression} > ${cursor[index]}`;
    return and(...equalities, step)!;
  });
  return or(...branches)!;
}

export function orderClause(keys: ReturnType<typeof effectiveKeys>): SQL {
  return sql.join(
    keys.map((key) => (key.descending ? sql`${key.expression} desc` : sql`${key.expression} asc`)),
    sql`, `,
  );
}

export const keyAlias = (index: number) => `_key${index}`;
const EDGE_PREFIX = '_edge_';

/** What a page selects beside the node's columns: its sort keys (for cursors) and edge fields. */
function pagingFields(source: ConnectionSource) {
  const keys = source.orderBy.map((key, index) => [keyAlias(index), sql`${key.expression}`.as(keyAlias(index))]);
  const edges = Object.entries(source.edgeFields ?? {}).map(([name, value]) => [EDGE_PREFIX + name, sql`${value}`.as(EDGE_PREFIX + name)]);
  return Object.fromEntries([...keys, ...edges]);
}

function toCursorValue(value: unknown): CursorValue {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') return value.toString();
  return value as CursorValue;
}

export function buildPage<Node>(
  source: Ordering & Pick<ConnectionSource, 'edgeFields'>,
  request: PageRequest,
  rows: Record<string, unknown>[],
): Page<Node> {
  const hasMore = rows.length > request.limit;
  const kept = rows.slice(0, request.limit);
  if (request.backward) kept.reverse();
  const edgeNames = Object.keys(source.edgeFields ?? {});
  const keyCount = source.orderBy.length;
  const edges = kept.map((row) => {
    // One pass over the row instead of entries/filter/fromEntries: a nested page maps a hundred.
    const node: Record<string, unknown> = {};
    for (const name in row) if (name.charCodeAt(0) !== 95 /* _ */) node[name] = row[name];
    const edge: Record<string, unknown> = { node: node as Node };
    for (const name of edgeNames) edge[name] = row[EDGE_PREFIX + name];
    // Encoded when read: most queries never ask for an edge's cursor.
    let cursor: string | undefined;
    Object.defineProperty(edge, 'cursor', {
      enumerable: true,
      get: () => {
        if (cursor === undefined) {
          const values: CursorValue[] = [];
          for (let index = 0; index < keyCount; index++) values.push(toCursorValue(row[keyAlias(index)]));
          cursor = encodeCursor(source.name, values);
        }
        return cursor;
      },
    });
    return edge as unknown as Edge<Node>;
  });
  return {
    edges,
    pageInfo: {
      // Relay lets the side we did not page towards say only what the cursor implies.
      hasNextPage: request.backward ? request.fromCursor : hasMore,
      hasPreviousPage: request.backward ? hasMore : request.fromCursor,
      get startCursor() {
        return edges[0]?.cursor ?? null;
      },
      get endCursor() {
        return edges[edges.length - 1]?.cursor ?? null;
      },
    },
  };
}

function baseQuery(db: Database, source: ConnectionSource, fields: Record<string, unknown>) {
  const query = (db.select(fields as any).from(source.table) as any).$dynamic();
  return source.join ? source.join(query) : query;
}

/**
 * The columns a page or row lookup reads: all of them, or a narrower set the request chose
 * (articles without `body` when the query never asks for it). `key` names the set in the
 * shapes of built queries.
 */
export interface ColumnChoice {
  key: string;
  columns(table: PgTable): Record<string, unknown>;
}

export const ALL_COLUMNS: ColumnChoice = { key: 'all', columns: (table) => getTableColumns(table) };

/** One page of a root connection. */
export async function fetchRootPage<Node>(
  db: Database,
  source: ConnectionSource,
  request: PageRequest,
  choice: ColumnChoice = ALL_COLUMNS,
): Promise<Page<Node>> {
  const keys = effectiveKeys(source, request.backward);
  if (!source.where) {
    // No filter: the statement differs between requests only in its cursor and limit, so it is
    // built once per shape like nested pages (a plain list of articles, the nested query's root).
    const cursorPlaceholders = keys.map((_, index) => sql.placeholder(`cursor${index}`));
    const shape = `root:${source.name}:${request.backward}:${request.cursor !== null}:${choice.key}`;
    const query = preparedQuery(db, shape, () =>
      baseQuery(db, source, { ...choice.columns(source.table), ...pagingFields(source) })
        .where(request.cursor ? afterCursor(keys, cursorPlaceholders) : undefined)
        .orderBy(orderClause(keys))
        .limit(sql.placeholder('limit')),
    );
    const cursorValues = Object.fromEntries((request.cursor ?? []).map((value, index) => [`cursor${index}`, value]));
    const rows = (await query.execute({ limit: request.limit + 1, ...cursorValues })) as Record<string, unknown>[];
    return buildPage<Node>(source, request, rows);
  }
  const cursorPlaceholders = keys.map((_, index) => sql.placeholder(`cursor${index}`));
  const shape = admittedShape(source.where);
  const query =
    shape &&
    preparedWithSlots(
      db,
      `root-where:${source.name}:${request.backward}:${request.cursor !== null}:${choice.key}:${shape.key}`,
      () =>
        baseQuery(db, source, { ...choice.columns(source.table), ...pagingFields(source) })
          .where(and(source.where, request.cursor ? afterCursor(keys, cursorPlaceholders) : undefined))
          .orderBy(orderClause(keys))
          .limit(sql.placeholder('limit')),
      shape.values,
    );
  if (query) {
    const cursorValues = Object.fromEntries((request.cursor ?? []).map((value, index) => [`cursor${index}`, value]));
    const values = { ...slotValues(shape.values), limit: request.limit + 1, ...cursorValues };
    return buildPage<Node>(source, request, (await query.execute(values)) as Record<string, unknown>[]);
  }
  const rows = await baseQuery(db, source, { ...choice.columns(source.table), ...pagingFields(source) })
    .where(and(source.where, request.cursor ? afterCursor(keys, request.cursor) : undefined))
    .orderBy(orderClause(keys))
    .limit(request.limit + 1);
  return buildPage<Node>(source, request, rows);
}

/** The same page for many parents, in one statement: a Map from parent id to its page. */
export async function fetchNestedPages<Node>(
  db: Database,
  source: ConnectionSource,
  request: PageRequest,
  parentIds: readonly number[],
  choice: ColumnChoice = ALL_COLUMNS,
): Promise<Map<number, Page<Node>>> {
  const parentKey = source.parentKey!;
  const keys = effectiveKeys(source, request.backward);
  const cursorPlaceholders = keys.map((_, index) => sql.placeholder(`cursor${index}`));
  const shape = `page:${source.name}:${request.backward}:${request.cursor !== null}:${choice.key}`;
  const query = preparedQuery(db, shape, () => {
    const ranked = baseQuery(db, source, {
      ...choice.columns(source.table),
      ...pagingFields(source),
      _parent: sql<number>`${parentKey}`.as('_parent'),
      _rank: sql<number>`row_number() over (partition by ${parentKey} order by ${orderClause(keys)})`.as('_rank'),
    })
      .where(and(isAnyOf(parentKey, 'parents'), source.where, request.cursor ? afterCursor(keys, cursorPlaceholders) : undefined))
      .as('ranked');
    return db
      .select()
      .from(ranked)
      .where(lte(ranked._rank, sql.placeholder('limit')))
      .orderBy(ranked._parent, ranked._rank);
  });
  const cursorValues = Object.fromEntries((request.cursor ?? []).map((value, index) => [`cursor${index}`, value]));
  const rows = (await query.execute({ parents: [...parentIds], limit: request.limit + 1, ...cursorValues })) as Record<string, unknown>[];

  const rowsByParent = new Map<number, Record<string, unknown>[]>();
  for (const row of rows) {
    const parent = Number(row._parent);
    const list = rowsByParent.get(parent) ?? [];
    list.push(row);
    rowsByParent.set(parent, list);
  }
  return new Map(parentIds.map((id) => [id, buildPage<Node>(source, request, rowsByParent.get(id) ?? [])]));
}

export async function countRoot(db: Database, source: ConnectionSource): Promise<number> {
  const build = () => baseQuery(db, source, { count: sql<number>`count(*)::int` }).where(source.where);
  const shape = source.where ? admittedShape(source.where) : null;
  const query = shape && preparedWithSlots(db, `count-where:${source.name}:${shape.key}`, build, shape.values);
  const [row] = (query ? await query.execute(slotValues(shape.values)) : await build()) as { count: number }[];
  return Number(row.count);
}

/**
 * Distinct filter shapes get built statements of their own (and a prepared statement on every
 * connection): past this many, new shapes are built per request, as every filter was before.
 */
const MAX_WHERE_SHAPES = 256;
const admittedShapes = new Set<string>();

// A connection's page and its count share one condition object: walked once for both.
const shapeOfWhere = new WeakMap<SQL, WhereShape | null>();

function admittedShape(where: SQL): WhereShape | null {
  let shape = shapeOfWhere.get(where);
  if (shape === undefined) {
    shape = whereShape(where);
    shapeOfWhere.set(where, shape);
  }
  if (!shape) return null;
  if (!admittedShapes.has(shape.key)) {
    if (admittedShapes.size >= MAX_WHERE_SHAPES) return null;
    admittedShapes.add(shape.key);
  }
  return shape;
}

/** Total rows per parent, in one grouped statement: a Map from parent id to its count. */
export async function countNested(db: Database, source: ConnectionSource, parentIds: readonly number[]): Promise<Map<number, number>> {
  const parentKey = source.parentKey!;
  const query = preparedQuery(db, `count:${source.name}`, () =>
    baseQuery(db, source, { parent: sql<number>`${parentKey}`, count: sql<number>`count(*)::int` })
      .where(and(isAnyOf(parentKey, 'parents'), source.where))
      .groupBy(parentKey),
  );
  const rows = (await query.execute({ parents: [...parentIds] })) as { parent: number; count: number }[];
  const counts = new Map(rows.map((row) => [Number(row.parent), Number(row.count)]));
  return new Map(parentIds.map((id) => [id, counts.get(id) ?? 0]));
}
