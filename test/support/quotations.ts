import { articles, speakers, statements } from '../../schema';
import type { Database } from '../../src/db';

/**
 * Quotations as news has them: quotation marks inside, commas, line breaks (LF and CRLF), a
 * character outside the Basic Multilingual Plane. Whatever writes CSV or JSON Lines must give
 * them back exactly.
 */
export const AWKWARD_QUOTATIONS = [
  'She said "no", then "yes", then nothing at all.',
  'First line,\nsecond line\r\nthird, "quoted" line',
  '"Starts and ends with a quotation mark"',
  'A rocket 🚀, a tab\tand a trailing comma,',
  '  Leading spaces; a semicolon; "", an empty pair',
];

/** An article holding AWKWARD_QUOTATIONS, said by a speaker whose name and aliases are awkward too. */
export async function insertAwkwardQuotations(db: Database, tag: string) {
  const [speaker] = await db
    .insert(speakers)
    .values({ slug: `${tag}-obrien`, name: `O'Brien, "Jr."`, aliases: ['Brien, O', 'The "Senator"'] })
    .returning({ id: speakers.id });
  const prefix = 'He said: ';
  const body = AWKWARD_QUOTATIONS.map((quote) => `${prefix}${quote}`).join('\n\n');
  const [article] = await db
    .insert(articles)
    .values({
      slug: `${tag}-article`,
      title: `Quotes, "marks" and\nbreaks`,
      body,
      url: `https://example.org/${tag}?a=1,2`,
      publishedAt: '2024-02-29',
    })
    .returning({ id: articles.id });
  let offset = 0;
  const rows = AWKWARD_QUOTATIONS.map((quote, index) => {
    const spanStart = offset + prefix.length;
    // JavaScript string lengths are UTF-16 code units, as spans count.
    offset = spanStart + quote.length + 2;
    return {
      articleId: article.id,
      position: index + 1,
      kind: 'DIRECT_QUOTE' as const,
      text: quote,
      speakerId: speaker.id,
      spanStart,
      spanEnd: spanStart + quote.length,
      attributionVerb: 'said',
      attributionConfidence: 0.75,
    };
  });
  await db.insert(statements).values(rows);
  return { articleId: article.id, speakerId: speaker.id };
}
