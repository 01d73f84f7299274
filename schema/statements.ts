import { sql } from 'drizzle-orm';
import { check, foreignKey, index, integer, pgEnum, pgTable, real, text, timestamp, unique } from 'drizzle-orm/pg-core';
import { apiTokens } from './api-tokens';
import { articles } from './articles';
import { countries } from './countries';
import { organizations } from './organizations';
import { speakerRoles, speakers } from './speakers';
import { timestamps } from './timestamps';

export const statementKind = pgEnum('statement_kind', ['DIRECT_QUOTE', 'PARAPHRASE']);

// Headlines quote people too ("Spokesman: Iran will not give Russia drones"), often in an article
// whose body is not filed; such a statement's span counts in the title instead of the body.
export const statementLocation = pgEnum('statement_location', ['BODY', 'HEADLINE']);

/** An editor's verdict on a statement from the review queue; null while no editor has settled it. */
export const statementReviewStatus = pgEnum('statement_review_status', ['CONFIRMED', 'REJECTED']);

/**
 * A quotation or paraphrase, verbatim, at [span_start, span_end) of its article's body (or title,
 * for a HEADLINE statement). The trigger in the migrations checks that the span really holds the text. Migration 0003 adds a
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
    // An institution speaking in its own name ("the ministry said in a statement"), not a person.
    sourceOrganizationId: integer('source_organization_id').references(() => organizations.id, { onDelete: 'restrict' }),
    // The article's own words for a source it does not name ("a senior police source"), kept so
    // that anonymous sourcing can be found and counted.
    sourceDescription: text('source_description'),
    spanStart: integer('span_start').notNull(),
    spanEnd: integer('span_end').notNull(),
    location: statementLocation('location').notNull().default('BODY'),
    attributionVerb: text('attribution_verb'),
    // How sure the importer was of the speaker, 0 to 1; null when an editor filed the statement.
    attributionConfidence: real('attribution_confidence'),
    // CONFIRMED: an editor checked the statement and its attribution (as filed, or as they
    // corrected it); REJECTED: it should not have been filed. The token's name and when.
    reviewStatus: statementReviewStatus('review_status'),
    reviewedBy: text('reviewed_by'),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true, mode: 'date' }),
    ...timestamps,
  },
  (table) => [
    unique('statements_article_position_key').on(table.articleId, table.position),
    // Target of mentions' composite key: a mention's statement must be in the mention's article.
    unique('statements_id_article_id_key').on(table.id, table.articleId),
    index('statements_speaker_id_idx').on(table.speakerId),
    index('statements_speaker_role_id_idx').on(table.speakerRoleId, table.speakerId),
    index('statements_source_organization_id_idx').on(table.sourceOrganizationId),
    foreignKey({
      name: 'statements_speaker_role_fk',
      columns: [table.speakerRoleId, table.speakerId],
      foreignColumns: [speakerRoles.id, speakerRoles.speakerId],
    })
      .onDelete('restrict')
      // Merging speakers moves their roles; the statements that carry a role follow it.
      .onUpdate('cascade'),
    check('statements_role_needs_speaker', sql`${table.speakerRoleId} IS NULL OR ${table.speakerId} IS NOT NULL`),
    // A person and an institution are two answers to "who said it": a statement has at most one.
    // A named person leaves nothing for an unnamed-source description to describe.
    check(
      'statements_one_source',
      sql`${table.speakerId} IS NULL OR (${table.sourceOrganizationId} IS NULL AND ${table.sourceDescription} IS NULL)`,
    ),
    check(
      'statements_source_description_not_blank',
      sql`btrim(${table.sourceDescription}) <> '' AND length(${table.sourceDescription}) <= 300`,
    ),
    check('statements_span_order', sql`0 <= ${table.spanStart} AND ${table.spanStart} < ${table.spanEnd}`),
    check('statements_position_positive', sql`${table.position} > 0`),
    check('statements_text_not_blank', sql`btrim(${table.text}) <> ''`),
    check('statements_attribution_confidence_range', sql`${table.attributionConfidence} BETWEEN 0 AND 1`),
    // A verdict says who gave it and when; no verdict, neither.
    check(
      'statements_review',
      sql`(${table.reviewStatus} IS NULL) = (${table.reviewedAt} IS NULL) AND (${table.reviewStatus} IS NULL) = (${table.reviewedBy} IS NULL)`,
    ),
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

export const statementRelationKind = pgEnum('statement_relation_kind', ['SUPPORTS', 'CONTRADICTS', 'RESPONDS_TO', 'REPEATS']);

/**
 * An editor's claim that one statement bears on another: "from SUPPORTS to", "from CONTRADICTS
 * to". Stored once, in the direction asserted; Statement.relations reads it from both ends.
 */
export const statementRelations = pgTable(
  'statement_relations',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    fromStatementId: integer('from_statement_id')
      .notNull()
      .references(() => statements.id, { onDelete: 'cascade' }),
    toStatementId: integer('to_statement_id')
      .notNull()
      .references(() => statements.id, { onDelete: 'cascade' }),
    kind: statementRelationKind('kind').notNull(),
    note: text('note'),
    // Who stands behind the claim (an editor, a fact-checking desk); the token name by default.
    assertedBy: text('asserted_by').notNull(),
    // Kept so a claim can be traced to the token that filed it; a deleted token leaves it standing.
    createdByTokenId: integer('created_by_token_id').references(() => apiTokens.id, { onDelete: 'set null' }),
    ...timestamps,
  },
  (table) => [
    unique('statement_relations_from_to_kind_key').on(table.fromStatementId, table.toStatementId, table.kind),
    index('statement_relations_to_statement_id_idx').on(table.toStatementId),
    index('statement_relations_created_by_token_id_idx').on(table.createdByTokenId),
    check('statement_relations_not_self', sql`${table.fromStatementId} <> ${table.toStatementId}`),
    check('statement_relations_asserted_by_not_blank', sql`btrim(${table.assertedBy}) <> ''`),
  ],
);

export type StatementRelationRow = typeof statementRelations.$inferSelect;
