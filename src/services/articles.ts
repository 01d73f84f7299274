import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { articles, organizations, type ArticleRow } from '../../schema';
import type { Database } from '../db';
import { dateFromInput, idFromInput, parseInput, presentFields, rules, slugFrom } from './input';
import { freeSlug, referencedId, requireRow } from './rows';
import { inTransaction, type Executor } from './write';

export interface ArticleInput {
  title?: string | null;
  slug?: string | null;
  body?: string | null;
  url?: string | null;
  publisher?: string | null;
  publishedAt?: Date | null;
  dateline?: string | null;
  language?: string | null;
}

const articleSchema = z.object({
  title: rules.title,
  slug: rules.slug.nullish(),
  body: rules.body.nullish(),
  url: rules.url.nullish(),
  publisher: z.string().nullish(),
  publishedAt: z.date().nullish(),
  dateline: rules.name.nullish(),
  language: rules.language.nullish(),
});

async function articleColumns(tx: Executor, input: Partial<z.output<typeof articleSchema>>) {
  const publisherId = await referencedId(tx, organizations, 'Organization', input.publisher, ['input', 'publisher']);
  return presentFields({
    title: input.title,
    body: input.body,
    url: input.url,
    publisherId,
    publishedAt: input.publishedAt == null ? input.publishedAt : dateFromInput(input.publishedAt),
    dateline: input.dateline,
    language: input.language,
  });
}

export function createArticle(db: Database, input: ArticleInput): Promise<ArticleRow> {
  const parsed = parseInput(articleSchema, input);
  return inTransaction(db, async (tx) => {
    const columns = await articleColumns(tx, parsed);
    const slug = parsed.slug ?? (await freeSlug(tx, articles, slugFrom(parsed.title)));
    const [row] = await tx
      .insert(articles)
      .values({ ...columns, title: parsed.title, slug })
      .returning();
    return row;
  });
}

/**
 * A new body or title must still hold every statement's text at its span: the database refuses
 * otherwise (a ValidationError), so an edit can never leave a quote pointing at the wrong words.
 */
export function updateArticle(db: Database, input: ArticleInput & { id: string }): Promise<ArticleRow> {
  const id = idFromInput(input.id, 'Article', ['input', 'id']);
  const parsed = parseInput(articleSchema.partial().extend({ title: rules.title.optional(), slug: rules.slug.optional() }), input);
  return inTransaction(db, async (tx) => {
    const current = await requireRow(tx, articles, 'Article', id, ['input', 'id']);
    const columns = { ...(await articleColumns(tx, parsed)), ...presentFields({ slug: parsed.slug }) };
    if (Object.keys(columns).length === 0) return current;
    const [row] = await tx.update(articles).set(columns).where(eq(articles.id, id)).returning();
    return row;
  });
}

/** Deletes the article and everything filed from it: statements, mentions, their relations, its links. */
export function deleteArticle(db: Database, globalId: string): Promise<string> {
  const id = idFromInput(globalId, 'Article', ['id']);
  return inTransaction(db, async (tx) => {
    await requireRow(tx, articles, 'Article', id, ['id']);
    await tx.delete(articles).where(eq(articles.id, id));
    return globalId;
  });
}
