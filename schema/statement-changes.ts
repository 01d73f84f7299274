import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgEnum, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const statementChangeKind = pgEnum('statement_change_kind', [
  // Changes to the statement's row (migration 0014's trigger on statements).
  'EDITED',
  'CONFIRMED',
  'REATTRIBUTED',
  'SPAN_CORRECTED',
  'REJECTED',
  'DELETED',
  // Relations to or from it (the trigger on statement_relations).
  'RELATION_ADDED',
  'RELATION_REMOVED',
  // An editor's decision on a suggested claim link from it (the trigger on claim_links).
  'LINK_CONFIRMED',
  'LINK_REJECTED',
]);

/**
 * The corrections history: every change to a statement, its attribution or its relations, with
 * who made it, when, the values before and after, and an optional reason. Written by migration
 * 0014's triggers, in the transaction of the change, so no write path can skip it; who and why
 * come from the transaction's settings newskb.actor and newskb.reason (src/services/history.ts).
 *
 * Append-only: a trigger refuses UPDATE, DELETE and TRUNCATE. For the same reason statement_id
 * has no foreign key: the history of a deleted statement outlives it (its last entry, DELETED,
 * holds the row as it was), and a cascade could not remove it anyway.
 */
export const statementChanges = pgTable(
  'statement_changes',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    statementId: integer('statement_id').notNull(),
    // The other statement of a relation or a claim link; null for a change to the statement itself.
    relatedStatementId: integer('related_statement_id'),
    kind: statementChangeKind('kind').notNull(),
    // The changed columns only, as the database names them; null when there was nothing before
    // (a relation added) or nothing after (a statement deleted).
    before: jsonb('before').$type<Record<string, unknown>>(),
    after: jsonb('after').$type<Record<string, unknown>>(),
    // The token's name, or 'database:<role>' for a change made outside the API.
    changedBy: text('changed_by').notNull(),
    reason: text('reason'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (table) => [
    index('statement_changes_statement_id_idx').on(table.statementId, table.id),
    index('statement_changes_related_statement_id_idx').on(table.relatedStatementId, table.id),
    check('statement_changes_changed_by_not_blank', sql`btrim(${table.changedBy}) <> ''`),
    check('statement_changes_reason_length', sql`btrim(${table.reason}) <> '' AND length(${table.reason}) <= 2000`),
    check('statement_changes_before_object', sql`jsonb_typeof(${table.before}) = 'object'`),
    check('statement_changes_after_object', sql`jsonb_typeof(${table.after}) = 'object'`),
    check('statement_changes_something', sql`${table.before} IS NOT NULL OR ${table.after} IS NOT NULL`),
  ],
);

export type StatementChangeRow = typeof statementChanges.$inferSelect;
