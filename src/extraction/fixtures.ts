import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';

/**
 * The hand-annotated evaluation articles. Two sets, two formats:
 * - test/fixtures/articles: the 17 invented fixtures, kept as a regression set. <slug>.txt holds
 *   the body, <slug>.json its metadata and every quotation with its speaker (null when unnamed).
 * - test/fixtures/news/{dev,test}: real published news, annotated by the conventions in
 *   test/fixtures/news/README.md (speaker, role, country, organization, unnamed source, cue).
 */

export const FIXTURES_DIR = resolve(__dirname, '../../test/fixtures/articles');
export const NEWS_DIR = resolve(__dirname, '../../test/fixtures/news');

export type NewsSplit = 'dev' | 'test';

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

export const CUES = [
  'name-after',
  'name-before',
  'surname',
  'pronoun',
  'description',
  'colon',
  'according-to',
  'inversion',
  'carry-over',
  'partial',
  'institution',
  'unnamed',
  'none',
] as const;

export type Cue = (typeof CUES)[number];

const OUTLET_KINDS = [
  'wire',
  'broadsheet',
  'tabloid',
  'regional',
  'local',
  'agency',
  'broadcaster',
  'sport',
  'business',
  'courts',
  'science',
  'liveblog',
  'magazine',
  'online',
] as const;

const nullableText = z.string().min(1).nullable();

const newsQuotationSchema = z
  .object({
    text: z.string().min(1),
    speaker: nullableText,
    role: nullableText,
    country: nullableText,
    organization: nullableText,
    unnamed: nullableText,
    continuation: z.boolean(),
    cue: z.enum(CUES),
  })
  .strict()
  // The README: an institution or an unnamed source speaks instead of a named person.
  .refine((quotation) => quotation.speaker === null || (quotation.organization === null && quotation.unnamed === null), {
    message: 'speaker must be null when organization or unnamed is set',
  });

const newsAnnotationSchema = z
  .object({
    // Some stored pages begin after the headline: the corpus then gives none.
    title: z.string().min(1).nullable(),
    publisher: z.string().min(1),
    outletKind: z.enum(OUTLET_KINDS),
    convention: z.enum(['us', 'british']),
    language: z.literal('en'),
    publishedAt: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .nullable(),
    url: z.string().url(),
    quotations: z.array(newsQuotationSchema),
    nonStatements: z.array(z.object({ text: z.string().min(1), kind: z.enum(['title', 'product', 'term', 'scare', 'other']) }).strict()),
    /** Reported speech (the README's "Reported speech"); not every article has it yet. */
    paraphrases: z
      .array(
        z
          .object({
            text: z.string().min(1),
            speaker: nullableText,
            organization: nullableText,
            unnamed: nullableText,
            verb: z.string().min(1),
          })
          .strict(),
      )
      .optional(),
  })
  .strict();

export type NewsQuotation = z.infer<typeof newsQuotationSchema>;
export type NewsAnnotation = z.infer<typeof newsAnnotationSchema>;

export interface NewsArticle extends NewsAnnotation {
  slug: string;
  split: NewsSplit;
  body: string;
}

/** The corpus README's split rule, fixed before any tuning: by the first byte of sha256(url). */
export function splitOfUrl(url: string): NewsSplit {
  return createHash('sha256').update(url).digest()[0] >= 154 ? 'test' : 'dev';
}

function slugsIn(directory: string): string[] {
  if (!existsSync(directory)) return [];
  return readdirSync(directory)
    .filter((file) => file.endsWith('.json'))
    .map((file) => file.slice(0, -'.json'.length))
    .sort();
}

function readAnnotation<T>(directory: string, slug: string, schema: z.ZodType<T>): { annotation: T; body: string } {
  const parsed = schema.safeParse(JSON.parse(readFileSync(join(directory, `${slug}.json`), 'utf8')));
  if (!parsed.success)
    throw new Error(`${slug}.json: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  const body = readFileSync(join(directory, `${slug}.txt`), 'utf8');
  return { annotation: parsed.data, body };
}

/** An annotated text that is not in the body can never be matched: a typo, not a miss. */
function assertInBody(slug: string, body: string, texts: string[]): void {
  const absent = texts.filter((text) => !body.includes(text));
  if (absent.length > 0) throw new Error(`${slug}.json: not in the body: ${absent.map((text) => JSON.stringify(text)).join(', ')}`);
}

export function loadFixtureArticles(directory: string = FIXTURES_DIR): FixtureArticle[] {
  return slugsIn(directory).map((slug) => {
    const { annotation, body } = readAnnotation(directory, slug, annotationSchema);
    assertInBody(
      slug,
      body,
      annotation.quotations.map((quotation) => quotation.text),
    );
    return { slug, body, ...annotation };
  });
}

export interface NewsCorpusPart {
  articles: NewsArticle[];
  /** Files that break the README's format (or an article still being written): never scored. */
  invalid: { slug: string; error: string }[];
}

/**
 * One part of the real-news corpus (or only the named articles of it). Every file is validated:
 * the README's format, every annotated text in the body, the article in its URL's split.
 */
export function readNewsCorpus(split: NewsSplit, options: { root?: string; only?: string[] } = {}): NewsCorpusPart {
  const directory = join(options.root ?? NEWS_DIR, split);
  const part: NewsCorpusPart = { articles: [], invalid: [] };
  for (const slug of slugsIn(directory).filter((candidate) => options.only?.includes(candidate) ?? true)) {
    try {
      const { annotation, body } = readAnnotation(directory, slug, newsAnnotationSchema);
      assertInBody(
        slug,
        body,
        [...annotation.quotations, ...annotation.nonStatements, ...(annotation.paraphrases ?? [])].map((quotation) => quotation.text),
      );
      const expected = splitOfUrl(annotation.url);
      if (expected !== split) throw new Error(`${slug}.json: its url puts it in ${expected}/, not ${split}/`);
      part.articles.push({ slug, split, body, ...annotation });
    } catch (error) {
      part.invalid.push({ slug, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return part;
}

/** readNewsCorpus, throwing on the first invalid file. */
export function loadNewsArticles(split: NewsSplit, options: { root?: string; only?: string[] } = {}): NewsArticle[] {
  const { articles, invalid } = readNewsCorpus(split, options);
  if (invalid.length > 0) throw new Error(invalid[0].error);
  return articles;
}
