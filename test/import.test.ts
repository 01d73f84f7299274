import { eq, sql } from 'drizzle-orm';
import { articles, organizations, speakers, statements } from '../schema';
import { createApp } from '../src/app';
import { createToken } from '../src/auth/tokens';
import { createEvents } from '../src/events';
import { readSeedArticle } from '../seeds/seed';
import { openTestApp, sendGraphQL, type TestApp } from './support/harness';
import { subscribe } from './support/subscriptions';
import { redisAnswered, TEST_REDIS_URL } from './support/redis';

let kb: TestApp;
let writer: string;
beforeAll(async () => {
  kb = await openTestApp();
  writer = (await createToken(kb.db, { name: 'import desk', scope: 'write' })).token;
});
afterAll(() => kb.close());

const seedBody = readSeedArticle('000_3536842f9f6d9ee2.txt');

const importMutation = `mutation($input: ImportArticleInput!) { importArticle(input: $input) {
  __typename
  ... on ImportArticleSuccess { articleImport { created unattributedCount article { id url statements { totalCount } }
    statements { id kind text speaker { name slug } speakerRole { title } attributionVerb attributionConfidence span { start end } mentions { __typename ... on Country { alpha2 } } }
    createdSpeakers { name } } }
  ... on UserError { message path } } }`;

const importArticle = (input: Record<string, unknown>, token = writer) => kb.graphql(importMutation, { input }, token);

describe('importArticle', () => {
  it('files the seed article from its raw text: six quotations and its paraphrase, all by Amir-Abdollahian, nobody new', async () => {
    const result = await importArticle({
      url: 'https://iranpress.example/drones',
      title: 'Iran sold drones before the war',
      body: seedBody,
      publisher: 'Iran Press',
      publishedAt: '2022-11-05',
      language: 'en',
    });
    expect(result.errors).toBeUndefined();
    const filed = result.data.importArticle.articleImport;
    expect(filed.created).toBe(true);
    // In document order: the reported speech of the first paragraph (seeds/annotation.ts), then the six quotations.
    expect(filed.statements.map((statement: any) => statement.kind)).toEqual(['PARAPHRASE', ...Array(6).fill('DIRECT_QUOTE')]);
    expect(filed.statements.map((statement: any) => statement.speaker?.slug)).toEqual(Array(7).fill('hossein-amir-abdollahian'));
    expect(filed.createdSpeakers).toEqual([]);
    expect(filed.unattributedCount).toBe(0);
    for (const statement of filed.statements) {
      expect(seedBody.slice(statement.span.start, statement.span.end)).toBe(statement.text);
      expect(statement.attributionConfidence).toBeGreaterThan(0);
    }
    expect(filed.statements[0]).toMatchObject({
      text: 'the country had sold several drones to Russia before the Russia-Ukraine war',
      span: { start: 80, end: 155 },
      attributionVerb: 'stressed',
    });
    expect(filed.statements[1].text).toMatch(/^Selling missiles is completely untrue/);
    // The last quote names the US, Germany, Ukraine and Iran.
    expect(filed.statements[6].mentions.map((mention: any) => mention.alpha2).sort()).toEqual(
      expect.arrayContaining(['DE', 'IR', 'UA', 'US']),
    );
    // The publisher was matched by name, not created again.
    const [{ count }] = await kb.db
      .select({ count: sql<number>`count(*)::int` })
      .from(organizations)
      .where(eq(organizations.name, 'Iran Press'));
    expect(count).toBe(1);
  });

  it('updates in place when the URL comes again: same article, same statement IDs, no duplicates', async () => {
    const input = {
      url: 'https://example.org/reimport',
      title: 'Reimport',
      body: 'The minister, Ana Ruiz, said: "We will build the bridge." Later she added: "It opens in May."',
    };
    const first = (await importArticle(input)).data.importArticle.articleImport;
    const second = (await importArticle({ ...input, title: 'Reimport, corrected' })).data.importArticle.articleImport;
    expect(second.created).toBe(false);
    expect(second.article.id).toBe(first.article.id);
    expect(second.statements.map((s: any) => s.id)).toEqual(first.statements.map((s: any) => s.id));
    expect(second.article.statements.totalCount).toBe(2);
    expect(second.createdSpeakers).toEqual([]);
    const edited = (await importArticle({ ...input, body: input.body.replace('It opens in May.', 'It opens in June.') })).data.importArticle
      .articleImport;
    expect(edited.statements[0].id).toBe(first.statements[0].id);
    expect(edited.statements[1].text).toBe('It opens in June.');
    expect(edited.article.statements.totalCount).toBe(2);
  });

  it('leaves an uncertain quotation unattributed, with its confidence, for an editor', async () => {
    const body = 'Two officials met in Geneva. "Nothing was agreed," one of them said afterwards.';
    const filed = (await importArticle({ url: 'https://example.org/uncertain', title: 'Uncertain', body })).data.importArticle
      .articleImport;
    expect(filed.statements).toHaveLength(1);
    expect(filed.statements[0].speaker).toBeNull();
    expect(filed.unattributedCount).toBe(1);
  });

  it('answers bad input with a ValidationError and files nothing', async () => {
    const before = await kb.db.select({ count: sql<number>`count(*)::int` }).from(articles);
    const result = await importArticle({ url: 'not a url', title: 'x', body: 'y' });
    expect(result.data.importArticle).toMatchObject({ __typename: 'ValidationError', path: ['input', 'url'] });
    expect(await kb.db.select({ count: sql<number>`count(*)::int` }).from(articles)).toEqual(before);
  });

  it('needs a write token', async () => {
    const input = { url: 'https://example.org/auth', title: 'Auth', body: '"Hello," said Ana Ruiz.' };
    expect((await kb.graphql(importMutation, { input })).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const reader = (await createToken(kb.db, { name: 'reader', scope: 'read' })).token;
    expect((await importArticle(input, reader)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await kb.db.select().from(articles).where(eq(articles.url, input.url))).toEqual([]);
  });

  it('is all or nothing: a failure while filing mentions leaves no article, speaker or publisher behind', async () => {
    // A fault injected in the database: the last writes of an import (its mentions) fail.
    await kb.db.execute(sql`CREATE FUNCTION fail_mentions() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'injected failure' USING ERRCODE = 'check_violation'; END $$`);
    await kb.db.execute(sql`CREATE TRIGGER fail_mentions BEFORE INSERT ON mentions FOR EACH ROW EXECUTE FUNCTION fail_mentions()`);
    const counts = () =>
      Promise.all(
        [articles, speakers, organizations, statements].map((table) => kb.db.select({ count: sql<number>`count(*)::int` }).from(table)),
      );
    try {
      const before = await counts();
      const result = await importArticle({
        url: 'https://example.org/fails',
        title: 'Fails',
        body: 'Zorana Petrovic, Serbia\'s trade minister, said: "Germany and France agree with us."',
        publisher: 'Brand New Wire',
      });
      expect(result.data.importArticle.__typename).toBe('ValidationError');
      expect(await counts()).toEqual(before);
      expect(await kb.db.select().from(speakers).where(eq(speakers.name, 'Zorana Petrovic'))).toEqual([]);
    } finally {
      await kb.db.execute(sql`DROP TRIGGER fail_mentions ON mentions`);
      await kb.db.execute(sql`DROP FUNCTION fail_mentions()`);
    }
  });

  it('sees countries renamed since the last import (the country list is kept between imports)', async () => {
    const body = 'Marek Havel said: "Freedonia keeps its border open."';
    const mentionsOf = async (url: string) => {
      const filed = (await importArticle({ url, title: 'Freedonia', body })).data.importArticle.articleImport;
      return filed.statements.flatMap((statement: any) => statement.mentions.map((mention: any) => mention.alpha2));
    };
    expect(await mentionsOf('https://example.org/freedonia-1')).toEqual([]);
    await kb.db.execute(sql`UPDATE countries SET aliases = aliases || ARRAY['Freedonia'] WHERE alpha2 = 'FR'`);
    try {
      expect(await mentionsOf('https://example.org/freedonia-2')).toEqual(['FR']);
    } finally {
      await kb.db.execute(sql`UPDATE countries SET aliases = array_remove(aliases, 'Freedonia') WHERE alpha2 = 'FR'`);
    }
    expect(await mentionsOf('https://example.org/freedonia-3')).toEqual([]);
  });

  it('attributes a quotation to the speaker one of whose aliases is the name, whatever its case', async () => {
    const [known] = await kb.db
      .insert(speakers)
      .values({ name: 'Tomas Lindqvist Berg', slug: 'tomas-lindqvist-berg', aliases: ['tomas lindqvist'] })
      .returning();
    const filed = (
      await importArticle({ url: 'https://example.org/alias', title: 'Alias', body: 'Tomas Lindqvist said: "The port reopens on Monday."' })
    ).data.importArticle.articleImport;
    expect(filed.statements.map((statement: any) => statement.speaker?.slug)).toEqual([known.slug]);
    expect(filed.createdSpeakers).toEqual([]);
  });

  it('records a new publisher named in the text as a mention, like any organization it knew', async () => {
    const result = await kb.graphql(
      `mutation($input: ImportArticleInput!) { importArticle(input: $input) { ... on ImportArticleSuccess { articleImport {
        article { publisher { name } } statements { mentions { __typename ... on Organization { name } } } } } } }`,
      {
        input: {
          url: 'https://example.org/harbour',
          title: 'Harbour',
          publisher: 'Harbour Gazette Weekly',
          body: 'Ana Lind said: "The Harbour Gazette Weekly got it right."',
        },
      },
      writer,
    );
    expect(result.errors).toBeUndefined();
    const filed = result.data.importArticle.articleImport;
    expect(filed.article.publisher.name).toBe('Harbour Gazette Weekly');
    expect(filed.statements[0].mentions).toContainEqual({ __typename: 'Organization', name: 'Harbour Gazette Weekly' });
  });

  it('files a new article quoting a known speaker twice in a fixed number of SQL statements', async () => {
    // Reads asked at once, one insert for the article, one for its statements, one for their
    // mentions: a statement per quotation, or a lookup per quotation, would show here.
    const body = (url: string) => ({
      url,
      title: `Count ${url.slice(-2)}`,
      body: 'Ana Lind said: "Germany agrees." She added: "France too."',
    });
    await importArticle(body('https://example.org/count-0'));
    for (const url of ['https://example.org/count-1', 'https://example.org/count-2']) {
      const sql = await kb.countQueries(async () => {
        expect((await importArticle(body(url))).data.importArticle.articleImport.statements).toHaveLength(2);
      });
      const writes = sql.filter((statement) => /^\s*(insert|update|delete)/i.test(statement));
      expect(writes).toHaveLength(3);
    }
  });

  it('ends 50 concurrent imports of one URL in one article with no duplicate statements or speakers', async () => {
    const input = {
      url: 'https://example.org/stampede',
      title: 'Stampede',
      body: 'Marta Kowalczyk, Poland\'s climate minister, said: "We will close the last coal mine by 2040." She added: "The money is there."',
    };
    const results = await Promise.all(Array.from({ length: 50 }, () => importArticle(input)));
    for (const result of results) expect(result.errors).toBeUndefined();
    expect(results.filter((result) => result.data.importArticle.articleImport.created)).toHaveLength(1);
    const rows = await kb.db.select().from(articles).where(eq(articles.url, input.url));
    expect(rows).toHaveLength(1);
    const filed = await kb.db.select().from(statements).where(eq(statements.articleId, rows[0].id));
    expect(filed.map((row) => row.text).sort()).toEqual(['The money is there.', 'We will close the last coal mine by 2040.']);
    expect(await kb.db.select().from(speakers).where(eq(speakers.name, 'Marta Kowalczyk'))).toHaveLength(1);
    expect(new Set(filed.map((row) => row.speakerId)).size).toBe(1);
  }, 120_000);
});

const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

describe('subscriptions', () => {
  it('statementAdded and articleImported hear an import, filtered by speaker', async () => {
    const articleEvents = await subscribe(
      kb.app,
      'subscription { articleImported { created statementCount addedStatementCount article { url } } }',
    );
    const quotes = await subscribe(kb.app, 'subscription { statementAdded(filter: { attributed: true }) { text speaker { name } } }');
    await settle();
    const imported = await importArticle({
      url: 'https://example.org/live',
      title: 'Live',
      body: 'Lena Brandt said: "We are live." "Nobody knows what happens next," someone shouted.',
    });
    expect(imported.data?.importArticle?.__typename).toBe('ImportArticleSuccess');
    expect(await articleEvents.next()).toEqual({
      data: { articleImported: { created: true, statementCount: 2, addedStatementCount: 2, article: { url: 'https://example.org/live' } } },
    });
    expect(await quotes.next()).toEqual({ data: { statementAdded: { text: 'We are live.', speaker: { name: 'Lena Brandt' } } } });
    // The unattributed quotation was filed too, but the filter keeps it out.
    await expect(quotes.next(1_000)).rejects.toThrow('no event');
    await Promise.all([articleEvents.close(), quotes.close()]);
  });

  // Once per run (the PGlite project), and only when a Redis answers.
  const redisTest = process.env.NEWSKB_TEST_DB === 'pglite' && redisAnswered() ? it : it.skip;
  redisTest('reach another instance through Redis', async () => {
    const redisUrl = TEST_REDIS_URL;
    const [eventsA, eventsB] = [createEvents(redisUrl), createEvents(redisUrl)];
    const instanceA = createApp({ db: kb.db, events: eventsA });
    const instanceB = createApp({ db: kb.db, events: eventsB });
    try {
      const listening = await subscribe(instanceA, 'subscription { articleImported { article { url } } }');
      await settle();
      const response = await sendGraphQL(instanceB, importMutation, {
        token: writer,
        variables: { input: { url: 'https://example.org/across', title: 'Across', body: '"Hello from B," said Lena Brandt.' } },
      });
      expect(response.status).toBe(200);
      expect(await listening.next()).toEqual({ data: { articleImported: { article: { url: 'https://example.org/across' } } } });
      await listening.close();
    } finally {
      await Promise.all([eventsA.close(), eventsB.close()]);
    }
  });
});
