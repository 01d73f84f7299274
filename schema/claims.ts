import { sql } from 'drizzle-orm';
import { check, index, integer, pgEnum, pgTable, real, text, timestamp, unique } from 'drizzle-orm/pg-core';
import { apiTokens } from './api-tokens';
import { statementRelations, statements } from './statements';
import { timestamps } from './timestamps';

/**
 * A claim: one remark as it travels, the statements joined by REPEATS relations (a connected
 * component). claim_statements lists its members; the triggers of migration 0013 keep it so
 * whoever adds or removes a REPEATS relation (the importer, an editor, a cascade, a restore), in
 * the same transaction. A statement that repeats nothing and that nothing repeats has no claim.
 */
export const claims = pgTable('claims', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  ...timestamps,
});

/**
 * Which claim each statement belongs to: at most one. A table of its own rather than a column
 * of statements, so that joining a claim writes a narrow row instead of a new version of the
 * statement with all its text indexes (bench/clustering.ts measured the difference).
 */
export const claimStatements = pgTable(
  'claim_statements',
  {
    statementId: integer('statement_id')
      .primaryKey()
      .references(() => statements.id, { onDelete: 'cascade' }),
    claimId: integer('claim_id')
      .notNull()
      .references(() => claims.id, { onDelete: 'cascade' }),
  },
  (table) => [index('claim_statements_claim_id_idx').on(table.claimId)],
);

export const claimLinkStatus = pgEnum('claim_link_status', ['LINKED', 'SUGGESTED', 'CONFIRMED', 'REJECTED']);

/**
 * A pair the clustering found when a statement was filed: the new statement (from) seems to say
 * again what an earlier one (to) said, with a score and a reason. Above the linking threshold it
 * was filed at once as a REPEATS relation (LINKED); between the two thresholds it waits for an
 * editor (SUGGESTED), who confirms it (a REPEATS relation, CONFIRMED) or rejects it.
 */
export const claimLinks = pgTable(
  'claim_links',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    fromStatementId: integer('from_statement_id')
      .notNull()
      .references(() => statements.id, { onDelete: 'cascade' }),
    toStatementId: integer('to_statement_id')
      .notNull()
      .references(() => statements.id, { onDelete: 'cascade' }),
    score: real('score').notNull(),
    reason: text('reason').notNull(),
    status: claimLinkStatus('status').notNull(),
    // The REPEATS relation the link became; an editor deleting it leaves the link as a record.
    relationId: integer('relation_id').references(() => statementRelations.id, { onDelete: 'set null' }),
    decidedBy: text('decided_by'),
    decidedByTokenId: integer('decided_by_token_id').references(() => apiTokens.id, { onDelete: 'set null' }),
    decidedAt: timestamp('decided_at', { withTimezone: true, mode: 'date' }),
    ...timestamps,
  },
  (table) => [
    unique('claim_links_from_to_key').on(table.fromStatementId, table.toStatementId),
    index('claim_links_to_statement_id_idx').on(table.toStatementId),
    index('claim_links_status_idx').on(table.status, table.id),
    index('claim_links_relation_id_idx').on(table.relationId),
    index('claim_links_decided_by_token_id_idx').on(table.decidedByTokenId),
    check('claim_links_not_self', sql`${table.fromStatementId} <> ${table.toStatementId}`),
    check('claim_links_score_range', sql`${table.score} BETWEEN 0 AND 1`),
    check('claim_links_reason_not_blank', sql`btrim(${table.reason}) <> ''`),
    // Decided links say who decided; a pending one has no decision yet.
    check('claim_links_decision', sql`(${table.status} = 'SUGGESTED') = (${table.decidedAt} IS NULL)`),
  ],
);

export type ClaimRow = typeof claims.$inferSelect;
export type ClaimStatementRow = typeof claimStatements.$inferSelect;
export type ClaimLinkRow = typeof claimLinks.$inferSelect;
