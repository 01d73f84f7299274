import { sql } from 'drizzle-orm';
import { check, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { apiTokens } from './api-tokens';

/**
 * A mutation sent with an `Idempotency-Key` header, per token: the request's digest and, once it
 * finished, its result, which a retry with the same key is answered with instead of writing again.
 * Kept 24 hours (src/idempotency.ts).
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    tokenId: integer('token_id')
      .notNull()
      .references(() => apiTokens.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    requestDigest: text('request_digest').notNull(),
    // Null while the first request runs (or when its outcome was never learned).
    result: jsonb('result'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.tokenId, table.key] }),
    check('idempotency_keys_key_length', sql`length(${table.key}) BETWEEN 1 AND 255`),
  ],
);

export type IdempotencyKeyRow = typeof idempotencyKeys.$inferSelect;
