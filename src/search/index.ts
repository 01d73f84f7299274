import { createHash } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import { articles, countries, organizations, speakers, statements } from '../../schema';
import { rowsOf, type Database } from '../db';
import { readerOf } from '../db/replicas';
import {
  afterCursor,
  buildPage,
  effectiveKeys,
  keyAlias,
  orderClause,
  type Ordering,
  type Page,
  type PageRequest,
} from '../loaders/pagination';
import { articleDocument, countryNames, matchesName, organizationNames, speakerNames, statementDocument, textQuery } from './text';

/**
 * One ranked list across the five types. Statements and articles are found by full-text search
 * (ranked by ts_rank_cd, scaled to 0..1), people, organizations and countries by trigram
 * similarity of their names and aliases (0..1). Ties are broken by type and id, so the order is
 * total and the keyset cursors work as everywhere else.
 */

export const SEARCH_KINDS = ['Article', 'Statement', 'Speaker', 'Organization', 'Country'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

export interface SearchHit {
  kind: SearchKind;
  id: number;
  score: number;
}

const score = sql.raw('score');
const kind = sql.raw('kind');
const id = sql.raw('id');

/** The ordering of one search: its name carries the query, so a cursor only pages its own search. */
export function searchOrdering(text: string, kinds: readonly SearchKind[]): Ordering {
  const digest = createHash('sha256')
    .update(JSON.stringify([text, [...kinds].sort()]))
    .digest('base64url')
    .slice(0, 12);
  return {
    name: `search:${digest}`,
    orderBy: [
      { expression: score, type: 'float', descending: true },
      { expression: kind, type: 'text' },
      { expression: id, type: 'int' },
    ],
  };
}

/**
 * How many of the most recently filed matches of each text type are ranked. Ranking reads every
 * candidate's tsvector: for a word in a quarter of 100,000 statements that took 75 ms and more
 * under load, while the 1,000 newest matches come from a backward primary-key scan in about
 * 2 ms. It is a documented limit (as GitHub's search stops at 1,000 results), and totalCount
 * counts what is ranked, so a walk still returns every hit exactly once. statements(filter:
 * { search }) and articles(filter: { search }) have no such limit.
 */
export const TEXT_CANDIDATES_PER_TYPE = 1000;

function hitsOf(kindName: SearchKind, text: string): SQL {
  const query = textQuery(text);
  const rankedNewest = (table: typeof statements | typeof articles, kindLabel: string, document: SQL) =>
    sql`SELECT ${sql.raw(`'${kindLabel}'`)} AS kind, candidate.id, ts_rank_cd(candidate.search_vector, ${query}, 32)::float8 AS score
      FROM (SELECT ${table.id} AS id, ${document} AS search_vector FROM ${table}
            WHERE ${document} @@ ${query} ORDER BY ${table.id} DESC LIMIT ${TEXT_CANDIDATES_PER_TYPE}) candidate`;
  switch (kindName) {
    case 'Statement':
      return rankedNewest(statements, 'Statement', statementDocument);
    case 'Article':
      return rankedNewest(articles, 'Article', articleDocument);
    case 'Speaker':
      return sql`SELECT 'Speaker' AS kind, ${speakers.id} AS id, word_similarity(${text}, ${speakerNames})::float8 AS score
        FROM ${speakers} WHERE ${matchesName(speakerNames, text)}`;
    case 'Organization':
      return sql`SELECT 'Organization' AS kind, ${organizations.id} AS id, word_similarity(${text}, ${organizationNames})::float8 AS score
        FROM ${organizations} WHERE ${matchesName(organizationNames, text)}`;
    case 'Country':
      return sql`SELECT 'Country' AS kind, ${countries.id} AS id, word_similarity(${text}, ${countryNames})::float8 AS score
        FROM ${countries} WHERE ${matchesName(countryNames, text)}`;
  }
}

const allHits = (text: string, kinds: readonly SearchKind[]) =>
  sql.join(
    kinds.map((k) => hitsOf(k, text)),
    sql` UNION ALL `,
  );

// Quotes too, so a snippet is safe in an attribute as well as in element content.
const escapeHtml = (text: SQL) =>
  sql`replace(replace(replace(replace(replace(${text}, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), '"', '&quot;'), '''', '&#39;')`;
const HEADLINE_OPTIONS = 'StartSel=<mark>, StopSel=</mark>, MaxWords=35, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "';

/**
 * How much of a text its snippet is made from: its first 10,000 characters, some 1,500 words,
 * the whole of most news articles. ts_headline parses all it is given and, with fragments,
 * compares every match with every other: a phrase over a 1 MB body took 4.5 s, over its first
 * 10,000 characters 2 to 20 ms. left() also reads only that prefix from the stored text, so a
 * snippet costs the same whatever the text's length. A match further in is still found and
 * ranked; its snippet is the text's opening words.
 */
export const SNIPPET_SOURCE_CHARACTERS = 10_000;

/** The snippet of one hit of the `page` relation (kind, id): ts_headline for texts, the name for the others. */
function snippet(text: string): SQL {
  const query = textQuery(text);
  const headline = (document: SQL) =>
    sql`ts_headline('english', ${escapeHtml(sql`left(${document}, ${sql.raw(String(SNIPPET_SOURCE_CHARACTERS))})`)}, ${query}, ${HEADLINE_OPTIONS})`;
  return sql`CASE page.kind
    WHEN 'Statement' THEN (SELECT ${headline(sql`s.text`)} FROM statements s WHERE s.id = page.id)
    WHEN 'Article' THEN (SELECT ${headline(sql`coalesce(a.body, a.title)`)} FROM articles a WHERE a.id = page.id)
    WHEN 'Speaker' THEN (SELECT ${escapeHtml(sql`x.name`)} FROM speakers x WHERE x.id = page.id)
    WHEN 'Organization' THEN (SELECT ${escapeHtml(sql`x.name`)} FROM organizations x WHERE x.id = page.id)
    WHEN 'Country' THEN (SELECT ${escapeHtml(sql`x.name`)} FROM countries x WHERE x.id = page.id)
  END`;
}

/**
 * HTML-escaped text around the match of each hit, matches wrapped in <mark>, in the hits'
 * order. Made only when a client asks for snippets, and for the page's hits only: ts_headline
 * reads the text again, about 0.4 ms an article, which a page without snippets would pay for
 * nothing.
 */
export async function fetchSnippets(db: Database, text: string, hits: readonly { kind: SearchKind; id: number }[]): Promise<string[]> {
  const page = sql.join(
    hits.map((hit, position) => sql`(${hit.kind}::text, ${hit.id}::int, ${position}::int)`),
    sql`, `,
  );
  const result = await readerOf(db).execute(sql`SELECT ${snippet(text)} AS snippet
    FROM (VALUES ${page}) AS page(kind, id, position) ORDER BY page.position`);
  // A hit deleted since its page was read (or not yet on a lagging replica) has no text left.
  return rowsOf(result).map((row) => (row.snippet == null ? '' : String(row.snippet)));
}

export async function fetchSearchPage(
  db: Database,
  ordering: Ordering,
  request: PageRequest,
  text: string,
  kinds: readonly SearchKind[],
): Promise<Page<SearchHit>> {
  const keys = effectiveKeys(ordering, request.backward);
  const page = sql`SELECT kind, id, score FROM hits
    ${request.cursor ? sql`WHERE ${afterCursor(keys, request.cursor)}` : sql``}
    ORDER BY ${orderClause(keys)} LIMIT ${request.limit + 1}`;
  const result = await readerOf(db).execute(sql`WITH hits AS (${allHits(text, kinds)})
    SELECT page.kind, page.id, page.score,
      page.score AS ${sql.raw(keyAlias(0))}, page.kind AS ${sql.raw(keyAlias(1))}, page.id AS ${sql.raw(keyAlias(2))}
    FROM (${page}) page
    ORDER BY ${orderClause(keys.map((key, index) => ({ ...key, expression: sql.raw(keyAlias(index)) })))}`);
  const rows = rowsOf(result).map((row) => ({ ...row, id: Number(row.id), score: Number(row.score) }));
  return buildPage<SearchHit>(ordering, request, rows);
}

export async function countSearchHits(db: Database, text: string, kinds: readonly SearchKind[]): Promise<number> {
  const [row] = rowsOf(await readerOf(db).execute(sql`WITH hits AS (${allHits(text, kinds)}) SELECT count(*)::int AS count FROM hits`));
  return Number(row.count);
}
