import { sql } from 'drizzle-orm';
import { check, date, index, integer, pgEnum, pgTable, primaryKey, text, unique } from 'drizzle-orm/pg-core';
import { organizations } from './organizations';
import { timestamps } from './timestamps';

/** Migration 0003 adds a generated `search_vector` column that only search reads (src/search/text.ts). */
export const articles = pgTable(
  'articles',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    slug: text('slug').notNull().unique(),
    title: text('title').notNull(),
    // Null until the article's text is filed: a related headline is known before its body.
    body: text('body'),
    url: text('url').unique(),
    publisherId: integer('publisher_id').references(() => organizations.id, { onDelete: 'restrict' }),
    publishedAt: date('published_at', { mode: 'string' }),
    dateline: text('dateline'),
    language: text('language'),
    ...timestamps,
  },
  (table) => [
    index('articles_publisher_id_idx').on(table.publisherId),
    check('articles_slug_format', sql`${table.slug} ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`),
    check('articles_title_not_blank', sql`btrim(${table.title}) <> ''`),
    check('articles_url_format', sql`${table.url} ~ '^https?://[^[:space:]]+$'`),
    check('articles_language_format', sql`${table.language} ~ '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$'`),
  ],
);

export const articleRelationKind = pgEnum('article_relation_kind', ['RELATED_NEWS', 'READ_MORE']);

/** Headlines an article links to ("Related News", "Read more"), in the order it shows them. */
export const articleRelations = pgTable(
  'article_relations',
  {
    articleId: integer('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    relatedArticleId: integer('related_article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    kind: articleRelationKind('kind').notNull(),
    position: integer('position').notNull(),
    ...timestamps,
  },
  (table) => [
    primaryKey({ columns: [table.articleId, table.relatedArticleId] }),
    unique('article_relations_article_position_key').on(table.articleId, table.position),
    index('article_relations_related_article_id_idx').on(table.relatedArticleId),
    check('article_relations_not_self', sql`${table.articleId} <> ${table.relatedArticleId}`),
    check('article_relations_position_positive', sql`${table.position} > 0`),
  ],
);

export type ArticleRow = typeof articles.$inferSelect;
export type ArticleRelationRow = typeof articleRelations.$inferSelect;
