import { sql } from 'drizzle-orm';
import type { Database } from '../../src/db';

/**
 * What must hold for every answer newskb gives, however hostile the request: the invariants
 * of the attack suite.
 */

export interface Exchange {
  status: number;
  contentType: string;
  text: string;
  /** The parsed body when it is JSON. */
  json?: { data?: unknown; errors?: { message?: string; extensions?: { code?: unknown } }[] };
}

export async function exchangeOf(response: Response): Promise<Exchange> {
  const text = await response.text();
  const contentType = response.headers.get('content-type') ?? '';
  let json: Exchange['json'];
  if (/json/.test(contentType)) {
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
  }
  return { status: response.status, contentType, text, json };
}

// Signs of an internal failure reaching the client. The seed's news text never contains them,
// but error messages and user errors are checked for SQL separately (below), because words
// like "select" or "update" do occur in the news.
const LEAKS: [string, RegExp][] = [
  // Yoga's wording for a masked failure, and newskb's own.
  ['a masked internal error', /Unexpected error|Internal server error/i],
  // "at fn (file:line:column)", a frame on its own line (raw, or escaped in JSON), a stack field.
  ['a stack frame', /\bat (?:async )?\S+ \([^()\s]*:\d+:\d+\)|(?:\n|\\n)\s+at \S|"stack"\s*:/],
  ['a file path', /\/work\b|node_modules|\.ts:|file:\/\//],
];

const SQL_LEAKS: RegExp[] = [
  /\bselect\b[\s\S]*\bfrom\b/i,
  /\binsert into\b/i,
  /\bupdate\s+"?\w+"?\s+set\b/i,
  /\bdelete from\b/i,
  /syntax error at or near/i,
  /\b(relation|column|constraint|table) "\w+"/i,
  /violates|duplicate key|invalid input syntax|current transaction is aborted|operator does not exist/i,
  /Failed query|PostgresError|pglite|drizzle|\bparams:/i,
];

/** Every `message` in a JSON body: GraphQL errors and the typed user errors a mutation returns. */
function messagesIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(messagesIn);
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, child]) => (key === 'message' && typeof child === 'string' ? [child] : messagesIn(child)));
}

/** Removes what the request itself sent (an echoed argument is not a leak), raw and as JSON. */
function withoutEchoes(text: string, echoed: readonly string[]) {
  let rest = text;
  for (const value of [...echoed].sort((a, b) => b.length - a.length)) {
    if (!value) continue;
    for (const form of [value, JSON.stringify(value).slice(1, -1)]) rest = rest.split(form).join('«echo»');
  }
  return rest;
}

/**
 * The answer is safe: no server error, nothing internal shown, a code on every error. Returns
 * the problems found, empty when safe, so property tests can report the request with them.
 */
export function problemsOf(exchange: Exchange, echoed: readonly string[] = []): string[] {
  const problems: string[] = [];
  if (exchange.status >= 500) problems.push(`HTTP ${exchange.status}`);
  const body = withoutEchoes(exchange.text, echoed);
  for (const [what, pattern] of LEAKS) if (pattern.test(body)) problems.push(`${what} (${pattern})`);

  // Error texts and non-JSON bodies are where SQL would surface; news text in data is not.
  const prose = exchange.json ? messagesIn(exchange.json).map((message) => withoutEchoes(message, echoed)) : [body];
  for (const text of prose)
    for (const pattern of SQL_LEAKS) if (pattern.test(text)) problems.push(`SQL text (${pattern}): ${text.slice(0, 200)}`);

  if (exchange.status >= 400 && !exchange.json?.errors?.length) problems.push(`HTTP ${exchange.status} without a GraphQL error body`);
  for (const error of exchange.json?.errors ?? []) {
    if (typeof error.extensions?.code !== 'string')
      problems.push(`an error without extensions.code: ${JSON.stringify(error).slice(0, 200)}`);
    // However well masked, a request that makes the server fail is a bug to fix.
    if (error.extensions?.code === 'INTERNAL_SERVER_ERROR') problems.push(`an internal failure: ${JSON.stringify(error).slice(0, 200)}`);
  }
  return problems;
}

/** The request was refused: an HTTP error, or errors and not one top-level field answered. */
export function isRejection(exchange: Exchange) {
  if (exchange.status >= 400) return true;
  const { data, errors } = exchange.json ?? {};
  if (!errors?.length) return false;
  return data == null || Object.values(data as Record<string, unknown>).every((value) => value === null);
}

/** The codes of a response's errors. */
export const codesOf = (exchange: Exchange) => (exchange.json?.errors ?? []).map((error) => error.extensions?.code);

/**
 * A fingerprint of every row of every table: its row count and an md5 of all rows as text.
 * Two equal digests mean nothing was inserted, updated or deleted in between.
 */
export async function digestTables(db: Database): Promise<Record<string, string>> {
  const tables = rowsOf<{ name: string }>(
    await db.execute(
      sql`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`,
    ),
  ).map((row) => row.name);
  // Names come from the catalog, not from a request, and are quoted as identifiers.
  const perTable = tables.map(
    (table) =>
      `SELECT '${table}' AS name, count(*) || ' rows ' || md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS digest FROM "${table}" t`,
  );
  const digests = rowsOf<{ name: string; digest: string }>(await db.execute(sql.raw(perTable.join(' UNION ALL '))));
  return Object.fromEntries(digests.map((row) => [row.name, row.digest]));
}

/** PGlite returns `{ rows }`, postgres.js the rows themselves. */
function rowsOf<Row>(result: unknown): Row[] {
  return ((result as { rows?: Row[] }).rows ?? (result as Row[])) as Row[];
}
