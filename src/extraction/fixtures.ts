import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';

/**
 * The hand-annotated evaluation articles in test/fixtures/articles: <slug>.txt holds the body,
 * <slug>.json its metadata and every quotation with its speaker (null when the text does not say).
 */

export const FIXTURES_DIR = resolve(__dirname, '../../test/fixtures/articles');

const annotationSchema = z.object({
  title: z.string().min(1),
  publisher: z.string().min(1),
  language: z.string().min(2),
  publishedAt: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  url: z.string().url(),
  quotations: z.array(z.object({ text: z.string().min(1), speaker: z.string().min(1).nullable() })),
});

export type FixtureAnnotation = z.infer<typeof annotationSchema>;

export interface FixtureArticle extends FixtureAnnotation {
  slug: string;
  body: string;
}

export function loadFixtureArticles(directory: string = FIXTURES_DIR): FixtureArticle[] {
  const slugs = readdirSync(directory)
    .filter((file) => file.endsWith('.json'))
    .map((file) => file.slice(0, -'.json'.length))
    .sort();
  return slugs.map((slug) => {
    const parsed = annotationSchema.safeParse(JSON.parse(readFileSync(join(directory, `${slug}.json`), 'utf8')));
    if (!parsed.success) throw new Error(`${slug}.json: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
    const body = readFileSync(join(directory, `${slug}.txt`), 'utf8');
    // An annotated text that is not in the body can never be matched: a typo, not a miss.
    const absent = parsed.data.quotations.filter((quotation) => !body.includes(quotation.text));
    if (absent.length > 0) throw new Error(`${slug}.json: not in the body: ${absent.map((quotation) => JSON.stringify(quotation.text)).join(', ')}`);
    return { slug, body, ...parsed.data };
  });
}
