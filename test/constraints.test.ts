import { eq, sql } from 'drizzle-orm';
import { articles, memberships, mentions, speakerRoles, speakers, statements } from '../schema';
import { rowsOf } from '../src/db';
import { openTestApp, type TestApp } from './support/harness';

/**
 * What must always hold is enforced by the database itself, so no writer (the seed, a future
 * mutation, a hand-run SQL fix) can break it. Each case tries a bad write and expects a refusal
 * that names the rule.
 */
let kb: TestApp;
let articleId: number;
let statementId: number;
let bidenId: number;
let bidenRoleId: number;
let raisiRoleId: number;

beforeAll(async () => {
  kb = await openTestApp();
  const [article] = await kb.db.select().from(articles).where(eq(articles.slug, 'iran-sold-drones-to-russia-before-ukraine-war'));
  articleId = article.id;
  const [statement] = await kb.db.select().from(statements).where(eq(statements.articleId, articleId)).limit(1);
  statementId = statement.id;
  const [biden] = await kb.db.select().from(speakers).where(eq(speakers.slug, 'joe-biden'));
  bidenId = biden.id;
  [{ id: bidenRoleId }] = await kb.db.select().from(speakerRoles).where(eq(speakerRoles.speakerId, bidenId));
  const [raisi] = await kb.db.select().from(speakers).where(eq(speakers.slug, 'ebrahim-raisi'));
  [{ id: raisiRoleId }] = await kb.db.select().from(speakerRoles).where(eq(speakerRoles.speakerId, raisi.id));
});
afterAll(() => kb.close());

/** The message of the database's refusal, with Drizzle's wrapper taken off. */
async function refusal(write: () => Promise<unknown>): Promise<string> {
  try {
    await write();
  } catch (error) {
    const cause = (error as { cause?: { message?: string; constraint_name?: string; constraint?: string } }).cause;
    return [cause?.message, cause?.constraint_name ?? cause?.constraint, (error as Error).message].join(' | ');
  }
  throw new Error('the database accepted a write it should refuse');
}

const quote = (overrides: Partial<typeof statements.$inferInsert>) => ({
  articleId,
  position: 100,
  kind: 'DIRECT_QUOTE' as const,
  text: 'Selling missiles is completely untrue',
  spanStart: 346,
  spanEnd: 383,
  ...overrides,
});

describe('the schema', () => {
  it('indexes every foreign key, so joins and cascading deletes never scan a table', async () => {
    // A foreign key is covered when some index starts with exactly its columns (in any order).
    const unindexed: unknown = await kb.db.execute(sql`
      SELECT c.conname AS constraint_name
      FROM pg_constraint c
      WHERE c.contype = 'f'
        AND c.connamespace = 'public'::regnamespace
        AND NOT EXISTS (
          SELECT 1 FROM pg_index i
          WHERE i.indrelid = c.conrelid
            AND (SELECT array_agg(k ORDER BY k) FROM unnest((i.indkey::int2[])[0:cardinality(c.conkey) - 1]) k)
              = (SELECT array_agg(k ORDER BY k) FROM unnest(c.conkey) k)
        )
      ORDER BY 1`);
    const names = rowsOf(unindexed).map((row) => row.constraint_name);
    expect(names).toEqual([]);
  });
});

describe('the database refuses', () => {
  it('accepts a statement whose span holds its text (the baseline for the cases below)', async () => {
    const [row] = await kb.db
      .insert(statements)
      .values(quote({ position: 99 }))
      .returning();
    expect(row.text).toBe('Selling missiles is completely untrue');
    await kb.db.delete(statements).where(eq(statements.id, row.id));
  });

  it('a statement whose span does not hold its text', async () => {
    expect(await refusal(() => kb.db.insert(statements).values(quote({ spanStart: 347, spanEnd: 384 })))).toMatch(
      /statements_span_matches_body|does not hold its text/,
    );
  });

  it('a span that runs past the end of the body', async () => {
    expect(await refusal(() => kb.db.insert(statements).values(quote({ spanStart: 2740, spanEnd: 2800, text: 'illegal' })))).toMatch(
      /does not hold its text/,
    );
  });

  it('an edit of the body that moves the text out from under a span', async () => {
    expect(await refusal(() => kb.db.update(articles).set({ body: 'A different text.' }).where(eq(articles.id, articleId)))).toMatch(
      /no longer holds the text of its statements/,
    );
  });

  it('counts spans in UTF-16 code units, as JavaScript does, outside the Basic Multilingual Plane too', async () => {
    const body = 'Emoji 🛰️ first, then he said: "Drones 🚁 are not missiles."';
    const text = 'Drones 🚁 are not missiles.';
    const start = body.indexOf(text);
    const [article] = await kb.db.insert(articles).values({ slug: 'emoji-test', title: 'Emoji', body }).returning();
    const [row] = await kb.db
      .insert(statements)
      .values({ articleId: article.id, position: 1, kind: 'DIRECT_QUOTE', text, spanStart: start, spanEnd: start + text.length })
      .returning();
    expect(body.slice(row.spanStart, row.spanEnd)).toBe(text);
    // One code unit further is half a surrogate pair in the wrong place: refused.
    expect(
      await refusal(() =>
        kb.db.insert(statements).values({
          articleId: article.id,
          position: 2,
          kind: 'DIRECT_QUOTE',
          text,
          spanStart: start + 1,
          spanEnd: start + 1 + text.length,
        }),
      ),
    ).toMatch(/does not hold its text/);
  });

  it('a role that belongs to another speaker', async () => {
    expect(await refusal(() => kb.db.insert(statements).values(quote({ speakerId: bidenId, speakerRoleId: raisiRoleId })))).toMatch(
      /statements_speaker_role_fk/,
    );
  });

  it('a role without a speaker', async () => {
    expect(await refusal(() => kb.db.insert(statements).values(quote({ speakerRoleId: bidenRoleId })))).toMatch(
      /statements_role_needs_speaker/,
    );
  });

  it('two statements at the same position of an article', async () => {
    expect(await refusal(() => kb.db.insert(statements).values(quote({ position: 1 })))).toMatch(/statements_article_position_key/);
  });

  it('a mention with no target, or with two', async () => {
    expect(await refusal(() => kb.db.insert(mentions).values({ articleId, statementId }))).toMatch(/mentions_one_target/);
    expect(await refusal(() => kb.db.insert(mentions).values({ articleId, statementId, countryId: 1, speakerId: bidenId }))).toMatch(
      /mentions_one_target/,
    );
  });

  it('a mention whose statement is in another article', async () => {
    const [other] = await kb.db.insert(articles).values({ slug: 'other-article', title: 'Other' }).returning();
    expect(await refusal(() => kb.db.insert(mentions).values({ articleId: other.id, statementId, countryId: 1 }))).toMatch(
      /mentions_statement_fk/,
    );
  });

  it('the same mention twice, statement-level or narrative (NULLS NOT DISTINCT)', async () => {
    const [existing] = await kb.db.select().from(mentions).where(eq(mentions.articleId, articleId)).limit(1);
    const { id: _id, ...copy } = existing;
    expect(await refusal(() => kb.db.insert(mentions).values(copy))).toMatch(/mentions_target_key/);
  });

  it('a membership that ends before it starts', async () => {
    expect(
      await refusal(() => kb.db.insert(memberships).values({ organizationId: 1, countryId: 1, since: '2020-01-01', until: '2019-01-01' })),
    ).toMatch(/memberships_period_order/);
  });

  it('malformed slugs, URLs and languages', async () => {
    expect(await refusal(() => kb.db.insert(speakers).values({ slug: 'Not A Slug', name: 'x' }))).toMatch(/speakers_slug_format/);
    expect(await refusal(() => kb.db.insert(articles).values({ slug: 'x1', title: 't', url: 'javascript:alert(1)' }))).toMatch(
      /articles_url_format/,
    );
    expect(await refusal(() => kb.db.insert(articles).values({ slug: 'x2', title: 't', language: 'English' }))).toMatch(
      /articles_language_format/,
    );
  });

  it('deleting a speaker who still has statements', async () => {
    const [amir] = await kb.db.select().from(speakers).where(eq(speakers.slug, 'hossein-amir-abdollahian'));
    expect(await refusal(() => kb.db.delete(speakers).where(eq(speakers.id, amir.id)))).toMatch(/statements_speaker_id/);
  });
});
