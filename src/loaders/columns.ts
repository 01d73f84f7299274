import { getTableColumns, type AnyColumn } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { articles, countries, organizations, speakers, statements } from '../../schema';
import { ALL_COLUMNS, type ColumnChoice } from './pagination';

/**
 * Which columns the loaders read for a query (issue 15, item 4: SQL shaped like the query).
 *
 * A column listed below is read only when the query's text holds one of its words; every other
 * column (ids, foreign keys, names and titles, the statement's text, sort keys) is always read.
 * The words are the GraphQL fields that read the column: by default the field that exposes it
 * (same name), plus the computed fields that read it too. The test is on words, not on the
 * parsed selection, so it errs towards reading: an alias, a fragment or an argument named like
 * a field all count. A field that reads a row's column in its resolver must name that column's
 * words here, or be in READS_EVERY_COLUMN.
 *
 * Leaving them out matters for pages and nested pages: a statement has sixteen columns, two of
 * them timestamps made into Dates for every row; speakers, countries and organizations carry
 * arrays of aliases. The nested benchmark query reads four of a statement's sixteen.
 */
const OPTIONAL: [PgTable, Record<string, string[]>][] = [
  [
    articles,
    {
      body: ['body'],
      url: ['url'],
      publishedAt: ['publishedAt'],
      dateline: ['dateline'],
      language: ['language'],
      createdAt: ['createdAt'],
      updatedAt: ['updatedAt'],
    },
  ],
  [
    statements,
    {
      // statementAdded's filter compares the kind, which may come in a variable.
      kind: ['kind', 'statementAdded'],
      location: ['location'],
      spanStart: ['span'],
      spanEnd: ['span'],
      sourceDescription: ['sourceDescription', 'sourceKind'],
      attributionVerb: ['attributionVerb'],
      attributionConfidence: ['attributionConfidence'],
      createdAt: ['createdAt'],
      updatedAt: ['updatedAt'],
    },
  ],
  [
    speakers,
    { aliases: ['aliases'], description: ['description'], wikidataId: ['wikidataId'], createdAt: ['createdAt'], updatedAt: ['updatedAt'] },
  ],
  [
    countries,
    {
      officialName: ['officialName'],
      aliases: ['aliases'],
      demonyms: ['demonyms'],
      wikidataId: ['wikidataId'],
      createdAt: ['createdAt'],
      updatedAt: ['updatedAt'],
    },
  ],
  [
    organizations,
    {
      acronym: ['acronym'],
      aliases: ['aliases'],
      description: ['description'],
      wikidataId: ['wikidataId'],
      createdAt: ['createdAt'],
      updatedAt: ['updatedAt'],
    },
  ],
];

/** Fields whose resolvers read whole rows of several tables (JSON-LD documents): every column. */
const READS_EVERY_COLUMN = ['jsonLd'];

const optionalColumns = OPTIONAL.flatMap(([table, columns]) =>
  Object.entries(columns).map(([property, words]) => ({ table, property, words })),
);

const words = new Set([...optionalColumns.flatMap((column) => column.words), ...READS_EVERY_COLUMN]);
const wordPattern = /[_A-Za-z][_0-9A-Za-z]*/g;

/**
 * Distinct column sets get built queries of their own (src/loaders/prepared.ts, and each a
 * prepared statement on every connection): past this many, a new set reads every column, so
 * that clients sending ever new selections cannot grow them without bound.
 */
const MAX_CHOICES = 64;
const choices = new Map<string, ColumnChoice>();

/** Per query text: most requests repeat a few texts. Emptied when full; long texts are not kept. */
const MAX_REMEMBERED_TEXTS = 1000;
const MAX_REMEMBERED_LENGTH = 8192;
const byText = new Map<string, ColumnChoice>();

function choiceFor(needed: boolean[]): ColumnChoice {
  if (needed.every(Boolean)) return ALL_COLUMNS;
  const key = `cols:${needed.map((yes) => (yes ? '1' : '0')).join('')}`;
  let choice = choices.get(key);
  if (choice) return choice;
  if (choices.size >= MAX_CHOICES) return ALL_COLUMNS;
  const left = new Map<PgTable, Set<string>>();
  optionalColumns.forEach(({ table, property }, index) => {
    if (needed[index]) return;
    const set = left.get(table) ?? new Set<string>();
    set.add(property);
    left.set(table, set);
  });
  const narrowed = new Map<PgTable, Record<string, AnyColumn>>();
  for (const [table, omitted] of left) {
    narrowed.set(table, Object.fromEntries(Object.entries(getTableColumns(table)).filter(([property]) => !omitted.has(property))));
  }
  choice = { key, columns: (table) => narrowed.get(table) ?? getTableColumns(table) };
  choices.set(key, choice);
  return choice;
}

/**
 * The columns to read for a query's text: every column when there is no text (a persisted
 * operation not yet resolved, or a caller outside GraphQL).
 */
export function columnsForQuery(query: string | null | undefined): ColumnChoice {
  if (typeof query !== 'string') return ALL_COLUMNS;
  const known = byText.get(query);
  if (known) return known;
  const present = new Set<string>();
  for (const [word] of query.matchAll(wordPattern)) if (words.has(word)) present.add(word);
  const choice = READS_EVERY_COLUMN.some((word) => present.has(word))
    ? ALL_COLUMNS
    : choiceFor(optionalColumns.map((column) => column.words.some((word) => present.has(word))));
  if (query.length <= MAX_REMEMBERED_LENGTH) {
    if (byText.size >= MAX_REMEMBERED_TEXTS) byText.clear();
    byText.set(query, choice);
  }
  return choice;
}
