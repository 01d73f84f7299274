import { and, eq, gte, inArray, lte } from 'drizzle-orm';
import { articles, countries, organizations, speakers, statements } from '../schema';
import { encodeGlobalId as globalId } from '../src/core/global-id';
import { insertNewsroom } from './support/fixtures';
import { createApp } from '../src/app';
import { createEvents } from '../src/events';
import { openTestApp, type TestApp } from './support/harness';
import { subscribe } from './support/subscriptions';

/**
 * How the loaders read rows (issue 15, item 4): built queries map their rows with their own
 * loop (src/loaders/prepared.ts) instead of drizzle's mapResultRow, and read only the columns
 * a query's text can ask for (src/loaders/columns.ts). Both must leave every answer as it was:
 * each field is checked against the row as drizzle itself maps it, and narrow answers against
 * the same fields of a query that asks for everything.
 */
let kb: TestApp;
let articleIds: number[];
beforeAll(async () => {
  kb = await openTestApp();
  const newsroom = await insertNewsroom(kb.db, { tag: 'shapes', articleCount: 3, statementsPerArticle: 3, speakerCount: 3 });
  articleIds = newsroom.articleIds;
  // Values of every kind the decoders handle: nulls, reals, arrays, dates, enums.
  await kb.db.update(statements).set({ attributionConfidence: 0.625 }).where(eq(statements.articleId, articleIds[0]));
  await kb.db
    .update(statements)
    .set({ speakerId: null, sourceDescription: 'a senior official' })
    .where(and(eq(statements.articleId, articleIds[0]), eq(statements.position, 2)));
  await kb.db
    .update(speakers)
    .set({ aliases: ['Shapes One', 'S. One'], description: 'a speaker' })
    .where(inArray(speakers.id, newsroom.speakerIds));
  await kb.db.update(speakers).set({ wikidataId: 'Q4242' }).where(eq(speakers.id, newsroom.speakerIds[1]));
  await kb.db
    .update(articles)
    .set({ publisherId: newsroom.organizationIds[0], url: 'https://example.com/shapes', language: 'en', dateline: 'LONDON' })
    .where(eq(articles.id, articleIds[0]));
  await kb.db
    .update(organizations)
    .set({ acronym: 'SHP', aliases: ['Shapes Org'] })
    .where(eq(organizations.id, newsroom.organizationIds[0]));
});
afterAll(() => kb.close());

const everyField = /* GraphQL */ `
  query ($id: ID!) {
    article(id: $id) {
      id slug title body url publishedAt dateline language createdAt updatedAt
      publisher { id slug name acronym kind aliases description wikidataId createdAt updatedAt }
      statements(first: 10) { edges { node {
        id text kind position location sourceKind sourceDescription attributionVerb attributionConfidence createdAt updatedAt
        span { start end }
        speaker { id slug name aliases description wikidataId createdAt updatedAt
          country { id alpha2 alpha3 name officialName aliases demonyms wikidataId createdAt updatedAt } }
      } } }
    }
  }`;

const iso = (value: Date) => value.toISOString();

describe('rows read through built queries', () => {
  it('carry the values drizzle maps, field by field: dates, timestamps, reals, arrays, enums and nulls', async () => {
    const { article } = await kb.data(everyField, { id: globalId('Article', articleIds[0]) });
    const [articleRow] = await kb.db.select().from(articles).where(eq(articles.id, articleIds[0]));
    expect(article).toMatchObject({
      slug: articleRow.slug,
      title: articleRow.title,
      body: articleRow.body,
      url: 'https://example.com/shapes',
      publishedAt: articleRow.publishedAt,
      dateline: 'LONDON',
      language: 'en',
      createdAt: iso(articleRow.createdAt),
      updatedAt: iso(articleRow.updatedAt),
    });
    const [publisherRow] = await kb.db.select().from(organizations).where(eq(organizations.id, articleRow.publisherId!));
    expect(article.publisher).toMatchObject({
      name: publisherRow.name,
      acronym: 'SHP',
      kind: publisherRow.kind,
      aliases: ['Shapes Org'],
      description: publisherRow.description,
      createdAt: iso(publisherRow.createdAt),
    });

    const statementRows = await kb.db.select().from(statements).where(eq(statements.articleId, articleIds[0])).orderBy(statements.position);
    const nodes = article.statements.edges.map((edge: any) => edge.node);
    expect(nodes).toHaveLength(statementRows.length);
    for (const [index, row] of statementRows.entries()) {
      const node = nodes[index];
      expect(node).toMatchObject({
        id: globalId('Statement', row.id),
        text: row.text,
        kind: row.kind,
        position: row.position,
        location: row.location,
        sourceKind: row.speakerId === null ? 'UNNAMED' : 'PERSON',
        sourceDescription: row.sourceDescription,
        attributionVerb: row.attributionVerb,
        attributionConfidence: 0.625,
        createdAt: iso(row.createdAt),
        updatedAt: iso(row.updatedAt),
        span: { start: row.spanStart, end: row.spanEnd },
      });
      if (row.speakerId === null) {
        expect(row.sourceDescription).toBe('a senior official');
        expect(node.speaker).toBeNull();
        continue;
      }
      const [speakerRow] = await kb.db.select().from(speakers).where(eq(speakers.id, row.speakerId));
      expect(node.speaker).toMatchObject({
        name: speakerRow.name,
        aliases: ['Shapes One', 'S. One'],
        description: 'a speaker',
        wikidataId: speakerRow.wikidataId,
        createdAt: iso(speakerRow.createdAt),
        updatedAt: iso(speakerRow.updatedAt),
      });
      const [countryRow] = await kb.db.select().from(countries).where(eq(countries.id, speakerRow.countryId!));
      expect(node.speaker.country).toMatchObject({
        alpha2: countryRow.alpha2,
        alpha3: countryRow.alpha3,
        name: countryRow.name,
        officialName: countryRow.officialName,
        aliases: countryRow.aliases,
        demonyms: countryRow.demonyms,
        wikidataId: countryRow.wikidataId,
        createdAt: iso(countryRow.createdAt),
      });
    }
  });
});

/**
 * Every word that makes the loaders read a column (src/loaders/columns.ts): put in a comment, it
 * makes the same selection read whole rows, so a narrow answer can be compared with the one
 * read with every column.
 */
const EVERY_WORD =
  '# body url publishedAt dateline language createdAt updatedAt kind location span sourceDescription sourceKind attributionVerb attributionConfidence aliases description wikidataId officialName demonyms acronym';

const narrowQueries: [string, string, (ids: { article: string; statement: string; speaker: string }) => Record<string, unknown>][] = [
  [
    "the benchmark's nested query",
    `{ articles(first: 5) { edges { node { title statements(first: 3) { edges { node { text speaker { name country { name organizations(first: 5) { totalCount } } } } } } } } } }`,
    () => ({}),
  ],
  [
    'a computed field that reads a column of its own (sourceKind reads sourceDescription)',
    'query ($id: ID!) { article(id: $id) { statements(first: 5) { edges { node { sourceKind speaker { name } } } } } }',
    ({ article }) => ({ id: article }),
  ],
  [
    'a field named after none of its columns (span reads spanStart and spanEnd)',
    'query ($id: ID!) { article(id: $id) { title statements(first: 5) { edges { node { span { start end } } } } } }',
    ({ article }) => ({ id: article }),
  ],
  [
    'node(id:) with a fragment, and a statement filtered by speaker and date',
    `query ($speaker: ID!, $statement: ID!) {
      node(id: $statement) { ... on Statement { text article { title publishedAt } } }
      statements(first: 5, filter: { speaker: $speaker, publishedAfter: "2000-01-01" }) { totalCount edges { node { text article { title publishedAt } } } }
    }`,
    ({ speaker, statement }) => ({ speaker, statement }),
  ],
];

describe('rows read with only the columns a query asks for', () => {
  let ids: { article: string; statement: string; speaker: string };
  beforeAll(async () => {
    const [statement] = await kb.db.select().from(statements).where(eq(statements.articleId, articleIds[0])).orderBy(statements.position);
    ids = {
      article: globalId('Article', articleIds[0]),
      statement: globalId('Statement', statement.id),
      speaker: globalId('Speaker', statement.speakerId!),
    };
  });

  it.each(narrowQueries)('%s: the same answer as with every column', async (_name, query, variables) => {
    const narrow = await kb.data(query, variables(ids));
    const whole = await kb.data(`${query}\n${EVERY_WORD}`, variables(ids));
    expect(narrow).toEqual(whole);
  });

  it("the nested query's statements leave out the columns it never asks for, and read them when asked", async () => {
    const [nested] = narrowQueries;
    const narrowSql = await kb.countQueries(() => kb.data(nested[1]));
    const statementPages = narrowSql.filter((text) => /from "statements"/.test(text));
    expect(statementPages).toHaveLength(1);
    for (const column of ['"created_at"', '"updated_at"', '"attribution_verb"', '"span_start"', '"kind"']) {
      expect(statementPages[0]).not.toContain(column);
    }
    expect(statementPages[0]).toContain('"text"');
    // Nor the speakers' and countries' arrays of aliases and demonyms, nor the articles' bodies.
    expect(narrowSql.join('\n')).not.toMatch(/"aliases"|"demonyms"|"body"/);

    const wideSql = await kb.countQueries(() => kb.data(nested[1].replace('{ text ', '{ text createdAt ')));
    expect(wideSql.find((text) => /from "statements"/.test(text))).toContain('"created_at"');
  });

  it('still one statement per level: narrowing adds no queries', async () => {
    const [nested] = narrowQueries;
    expect(await kb.countQueries(() => kb.data(nested[1]))).toHaveLength(5);
    expect(await kb.countQueries(() => kb.data(`${nested[1]}\n${EVERY_WORD}`))).toHaveLength(5);
  });
});

describe('filtered pages, built once per filter shape', () => {
  const query = `query ($speaker: ID!, $from: Date, $to: Date) {
    statements(first: 20, filter: { speaker: $speaker, publishedAfter: $from, publishedBefore: $to }) { totalCount edges { node { id } } }
  }`;

  async function expected(speakerId: number, from: string, to: string) {
    const rows = await kb.db
      .select({ id: statements.id })
      .from(statements)
      .innerJoin(articles, eq(articles.id, statements.articleId))
      .where(and(eq(statements.speakerId, speakerId), gte(articles.publishedAt, from), lte(articles.publishedAt, to)))
      .orderBy(statements.articleId, statements.position, statements.id);
    return rows.map((row) => globalId('Statement', row.id));
  }

  it('answer each request with its own values: speakers and dates change, the statement is the same', async () => {
    const speakerIds = (
      await kb.db.selectDistinct({ id: statements.speakerId }).from(statements).where(inArray(statements.articleId, articleIds))
    )
      .map((row) => row.id!)
      .filter((id) => id !== null)
      .sort((a, b) => a - b);
    expect(speakerIds.length).toBeGreaterThanOrEqual(2);
    const cases: [number, string, string][] = [
      [speakerIds[0], '2023-01-01', '2023-01-31'],
      [speakerIds[1], '2023-01-01', '2023-01-31'],
      [speakerIds[0], '2023-01-02', '2023-01-03'],
      [speakerIds[1], '2023-01-01', '2023-01-01'],
    ];
    const texts = new Set<string>();
    for (const [speakerId, from, to] of cases) {
      let data: any;
      const sql = await kb.countQueries(async () => {
        data = await kb.data(query, { speaker: globalId('Speaker', speakerId), from, to });
      });
      for (const text of sql) texts.add(text);
      const ids = await expected(speakerId, from, to);
      expect(data.statements.edges.map((edge: any) => edge.node.id)).toEqual(ids);
      expect(data.statements.totalCount).toBe(ids.length);
    }
    // The page and the count have one text each whatever the values (and the ID check its own).
    expect([...texts].filter((text) => /count\(\*\)/.test(text))).toHaveLength(1);
  });
});

describe('resolvers that read a column the query does not name', () => {
  it("statementAdded's filter reads the statement's kind, even when the kind comes in a variable", async () => {
    const events = createEvents();
    const app = createApp({ db: kb.db, events });
    const [statement] = await kb.db.select().from(statements).where(eq(statements.articleId, articleIds[1])).limit(1);
    const quotes = await subscribe(app, 'subscription ($filter: StatementAddedFilter) { statementAdded(filter: $filter) { text } }', {
      filter: { kind: statement.kind },
    });
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      events.publish('statement:added', { statementId: statement.id });
      expect(await quotes.next(5_000)).toEqual({ data: { statementAdded: { text: statement.text } } });
    } finally {
      await quotes.close();
      await events.close();
    }
  });
});
