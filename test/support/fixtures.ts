import { articles, countries, memberships, mentions, organizations, speakers, statements } from '../../schema';
import type { Database } from '../../src/db';

/**
 * Bulk data in the seed's shape, for tests that need more rows than the seed has: `articleCount`
 * articles, each with `statementsPerArticle` statements by speakers of several nationalities,
 * whose countries belong to several organizations. Names are tagged so tests can find them.
 */
export async function insertNewsroom(
  db: Database,
  {
    tag,
    articleCount,
    statementsPerArticle,
    speakerCount = 10,
  }: {
    tag: string;
    articleCount: number;
    statementsPerArticle: number;
    speakerCount?: number;
  },
) {
  const countryRows = await db.select({ id: countries.id }).from(countries).orderBy(countries.id).limit(speakerCount);
  const organizationRows = await db
    .insert(organizations)
    .values(Array.from({ length: 3 }, (_, i) => ({ slug: `${tag}-org-${i}`, name: `${tag} organization ${i}`, kind: 'OTHER' as const })))
    .returning({ id: organizations.id });
  await db
    .insert(memberships)
    .values(
      countryRows.flatMap((country, c) =>
        organizationRows.slice(0, (c % 3) + 1).map((organization) => ({ organizationId: organization.id, countryId: country.id })),
      ),
    );
  const speakerRows = await db
    .insert(speakers)
    .values(
      Array.from({ length: speakerCount }, (_, i) => ({
        slug: `${tag}-speaker-${i}`,
        name: `${tag} speaker ${i}`,
        countryId: countryRows[i % countryRows.length].id,
      })),
    )
    .returning({ id: speakers.id });

  const articleIds: number[] = [];
  for (let a = 0; a < articleCount; a++) {
    const quotes = Array.from({ length: statementsPerArticle }, (_, s) => `Quote ${s} of article ${a}.`);
    // Each quotation sits inside the body in quotation marks, so spans are real.
    const body = quotes.map((quote, s) => `Speaker ${s} said: "${quote}"`).join('\n\n');
    const [article] = await db
      .insert(articles)
      .values({
        slug: `${tag}-article-${a}`,
        title: `${tag} article ${a}`,
        body,
        publishedAt: `2023-01-${String((a % 28) + 1).padStart(2, '0')}`,
      })
      .returning({ id: articles.id });
    articleIds.push(article.id);
    let offset = 0;
    const rows = quotes.map((quote, s) => {
      const prefix = `Speaker ${s} said: "`;
      const start = offset + prefix.length;
      offset = start + quote.length + '"\n\n'.length;
      return {
        articleId: article.id,
        position: s + 1,
        kind: 'DIRECT_QUOTE' as const,
        text: quote,
        speakerId: speakerRows[(a + s) % speakerRows.length].id,
        spanStart: start,
        spanEnd: start + quote.length,
        attributionVerb: 'said',
      };
    });
    const inserted = await db.insert(statements).values(rows).returning({ id: statements.id });
    await db.insert(mentions).values(
      inserted.map((statement, s) => ({
        articleId: article.id,
        statementId: statement.id,
        countryId: countryRows[s % countryRows.length].id,
      })),
    );
  }
  return { articleIds, speakerIds: speakerRows.map((s) => s.id), organizationIds: organizationRows.map((o) => o.id) };
}
