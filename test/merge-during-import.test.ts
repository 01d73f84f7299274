import { eq } from 'drizzle-orm';
import postgres from 'postgres';
import { articles, speakers, statements } from '../schema';
import { createToken } from '../src/auth/tokens';
import { encodeGlobalId } from '../src/core/global-id';
import { openTestApp, type TestApp } from './support/harness';

/**
 * Issue 14, item 11: mergeSpeakers while imports quote the speaker it absorbs; 1 import in 159
 * was INTERNAL_SERVER_ERROR. The import had matched the speaker by name, the merge deleted it and
 * committed, and the import's statement then pointed at a row that was gone. Two connections
 * interleave only on Postgres (PGlite has one).
 */
const onPostgres = process.env.NEWSKB_TEST_DB === 'postgres' ? describe : describe.skip;

onPostgres('mergeSpeakers during an import that quotes the absorbed speaker', () => {
  let kb: TestApp;
  let writer: string;
  let admin: string;
  let other: postgres.Sql;
  beforeAll(async () => {
    kb = await openTestApp();
    writer = (await createToken(kb.db, { name: 'importer', scope: 'write' })).token;
    admin = (await createToken(kb.db, { name: 'merger', scope: 'admin' })).token;
    other = postgres(kb.url!, { max: 2, onnotice: () => {} });
  });
  afterAll(async () => {
    await other?.end();
    await kb?.close();
  });

  /** Waits until a statement of this app's pool waits for a lock (or the timeout). */
  async function untilWaiting(fragment: string, timeoutMs = 10_000) {
    const since = Date.now();
    while (Date.now() - since < timeoutMs) {
      const waiting = await other`SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query ILIKE ${`%${fragment}%`}`;
      if (waiting.length) return true;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    return false;
  }

  it('the import either sees the merge or holds it off: both succeed, and the quotation ends up with the kept speaker', async () => {
    const [absorbed] = await kb.db.insert(speakers).values({ name: 'Ottilie Quarrington', slug: 'ottilie-quarrington' }).returning();
    const [kept] = await kb.db.insert(speakers).values({ name: 'Ottilie Q. Arrington', slug: 'ottilie-q-arrington' }).returning();
    const url = 'https://example.com/merge-during-import';
    const [article] = await kb.db
      .insert(articles)
      .values({ url, slug: 'merge-during-import', title: 'Before', body: 'Nothing yet.' })
      .returning();

    // The test holds the article's row, so the import stops there: after it matched its speakers,
    // before it writes its statements.
    let releaseArticle!: () => void;
    const articleReleased = new Promise<void>((resolve) => (releaseArticle = resolve));
    let articleLocked!: () => void;
    const articleIsLocked = new Promise<void>((resolve) => (articleLocked = resolve));
    const holder = other.begin(async (tx) => {
      await tx`SELECT id FROM articles WHERE id = ${article.id} FOR UPDATE`;
      articleLocked();
      await articleReleased;
    });
    await articleIsLocked;

    const importing = kb.graphql(
      `mutation ($input: ImportArticleInput!) { importArticle(input: $input) { __typename ... on ImportArticleSuccess { articleImport { statements { speaker { name } } } } } }`,
      { input: { url, title: 'After', body: '“We will keep the harbour open,” Ottilie Quarrington said on Monday.' } },
      writer,
    );
    expect(await untilWaiting('from "articles"')).toBe(true);

    const merging = kb.graphql(
      `mutation { mergeSpeakers(input: { keep: "${encodeGlobalId('Speaker', kept.id)}", absorb: "${encodeGlobalId('Speaker', absorbed.id)}" }) { __typename } }`,
      {},
      admin,
    );
    // Either the merge waits for the import's lock on the speaker, or (before the fix) it commits now.
    await Promise.race([merging, new Promise((resolve) => setTimeout(resolve, 1_000))]);
    releaseArticle();
    await holder;

    const [imported, merged] = await Promise.all([importing, merging]);
    expect(imported.errors).toBeUndefined();
    expect(imported.data.importArticle.__typename).toBe('ImportArticleSuccess');
    expect(merged.errors).toBeUndefined();
    expect(merged.data.mergeSpeakers.__typename).toBe('MergeSpeakersSuccess');

    const filed = await kb.db.select({ speakerId: statements.speakerId }).from(statements).where(eq(statements.articleId, article.id));
    expect(filed).toEqual([{ speakerId: kept.id }]);
    expect(await kb.db.select().from(speakers).where(eq(speakers.id, absorbed.id))).toEqual([]);
  }, 60_000);

  it('an import that matched the absorbed speaker while the merge ran waits for it, then quotes the kept speaker', async () => {
    const [absorbed] = await kb.db.insert(speakers).values({ name: 'Berenike Stallworth', slug: 'berenike-stallworth' }).returning();
    const [kept] = await kb.db.insert(speakers).values({ name: 'Berenike A. Stallworth', slug: 'berenike-a-stallworth' }).returning();
    const [earlier] = await kb.db
      .insert(articles)
      .values({ url: 'https://example.com/earlier-quote', slug: 'earlier-quote', title: 'Earlier', body: 'Earlier words.' })
      .returning();
    const [quoted] = await kb.db
      .insert(statements)
      .values({
        articleId: earlier.id,
        speakerId: absorbed.id,
        position: 1,
        kind: 'DIRECT_QUOTE',
        location: 'BODY',
        text: 'Earlier words.',
        spanStart: 0,
        spanEnd: 14,
      })
      .returning();

    // The test holds a statement of the absorbed speaker, so the merge stops after it locked both
    // speakers, before it moves that statement.
    let releaseStatement!: () => void;
    const statementReleased = new Promise<void>((resolve) => (releaseStatement = resolve));
    let statementLocked!: () => void;
    const statementIsLocked = new Promise<void>((resolve) => (statementLocked = resolve));
    const holder = other.begin(async (tx) => {
      await tx`SELECT id FROM statements WHERE id = ${quoted.id} FOR UPDATE`;
      statementLocked();
      await statementReleased;
    });
    await statementIsLocked;
    const merging = kb.graphql(
      `mutation { mergeSpeakers(input: { keep: "${encodeGlobalId('Speaker', kept.id)}", absorb: "${encodeGlobalId('Speaker', absorbed.id)}" }) { __typename } }`,
      {},
      admin,
    );
    expect(await untilWaiting('update "statements"')).toBe(true);

    const importing = kb.graphql(
      `mutation ($input: ImportArticleInput!) { importArticle(input: $input) { __typename ... on ImportArticleSuccess { articleImport { statements { speaker { id } } } } } }`,
      {
        input: {
          url: 'https://example.com/import-during-merge',
          title: 'During',
          body: '“The bridge will reopen in May,” Berenike Stallworth said.',
        },
      },
      writer,
    );
    await Promise.race([importing, new Promise((resolve) => setTimeout(resolve, 1_000))]);
    releaseStatement();
    await holder;

    const [merged, imported] = await Promise.all([merging, importing]);
    expect(merged.errors).toBeUndefined();
    expect(merged.data.mergeSpeakers.__typename).toBe('MergeSpeakersSuccess');
    expect(imported.errors).toBeUndefined();
    expect(imported.data.importArticle).toEqual({
      __typename: 'ImportArticleSuccess',
      articleImport: { statements: [{ speaker: { id: encodeGlobalId('Speaker', kept.id) } }] },
    });
  }, 60_000);
});
