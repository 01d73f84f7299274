import { and, eq, inArray } from 'drizzle-orm';
import { articles, countries, organizations, speakers, statements } from '../schema';
import { encodeGlobalId as globalId } from '../src/core/global-id';
import { insertNewsroom } from './support/fixtures';
import { openTestApp, type TestApp } from './support/harness';

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
