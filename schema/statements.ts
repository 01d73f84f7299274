import { sql } from 'drizzle-orm';
import { check, foreignKey, index, integer, pgEnum, pgTable, text, unique } from 'drizzle-orm/pg-core';
import { articles } from './articles';
import { countries } from './countries';
import { organizations } from './organizations';
import { speakerRoles, speakers } from './speakers';
import { timestamps } from './timestamps';

export const statementKind = pgEnum('statement_kind', ['DIRECT_QUOTE', 'PARAPHRASE']);

/**
 * A quotation or paraphrase, verbatim, at [span_start, span_end) of its article's body. The
 * trigger in the migrations checks that the span really holds the text. Migration 0003 adds a
 * generated `search_vector` column that only search reads (src/search/text.ts).
 */
export const statements = pgTable(
  'statements',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    articleId: integer('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    kind: statementKind('kind').notNull(),
    text: text('text').notNull(),
    // Null means unattributed: better no speaker than the wrong one.
    speakerId: integer('speaker_id').references(() => speakers.id, { onDelete: 'restrict' }),
    speakerRoleId: integer('speaker_role_id'),
    spanStart: integer('span_start').notNull(),
    spanEnd: integer('span_end').notNull(),
    attributionVerb: text('attribution_verb'),
    ...timestamps,
  },
  (table) => [
    unique('statements_article_position_key').on(table.articleId, table.position),
    // Target of mentions' composite key: a mention's statement must be in the mention's article.
    unique('statements_id_article_id_key').on(table.id, table.articleId),
    index('statements_speaker_id_idx').on(table.speakerId),
    index('statements_speaker_role_id_idx').on(table.speakerRoleId, table.speakerId),
    foreignKey({
      name: 'statements_speaker_role_fk',
      columns: [table.speakerRoleId, table.speakerId],
      foreignColumns: [speakerRoles.id, speakerRoles.speakerId],
    }).onDelete('restrict'),
    check('statements_role_needs_speaker', sql`${table.speakerRoleId} IS NULL OR ${table.speakerId} IS NOT NULL`),
    check('statements_span_order', sql`0 <= ${table.spanStart} AND ${table.spanStart} < ${table.spanEnd}`),
    check('statements_position_positive', sql`${table.position} > 0`),
    check('statements_text_not_blank', sql`btrim(${table.text}) <> ''`),
  ],
);

/**
 * A country, organization or speaker named in an article: inside a statement when statement_id
 * is set, otherwise in the article's own narrative (the member list of the seed, for instance).
 */
export const mentions = pgTable(
  'mentions',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    articleId: integer('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    statementId: integer('statement_id'),
    countryId: integer('country_id').references(() => countries.id, { onDelete: 'cascade' }),
    organizationId: integer('organization_id').references(() => organizations.id, { onDelete: 'cascade' }),
    speakerId: integer('speaker_id').references(() => speakers.id, { onDelete: 'cascade' }),
    ...timestamps,
  },
  (table) => [
    foreignKey({
      name: 'mentions_statement_fk',
      columns: [table.statementId, table.articleId],
      foreignColumns: [statements.id, statements.articleId],
    }).onDelete('cascade'),
    unique('mentions_target_key')
      .on(table.articleId, table.statementId, table.countryId, table.organizationId, table.speakerId)
      .nullsNotDistinct(),
    index('mentions_statement_id_idx').on(table.statementId),
    index('mentions_country_id_idx').on(table.countryId),
    index('mentions_organization_id_idx').on(table.organizationId),
    index('mentions_speaker_id_idx').on(table.speakerId),
    check('mentions_one_target', sql`num_nonnulls(${table.countryId}, ${table.organizationId}, ${table.speakerId}) = 1`),
  ],
);

export type StatementRow = typeof statements.$inferSelect;
export type MentionRow = typeof mentions.$inferSelect;
