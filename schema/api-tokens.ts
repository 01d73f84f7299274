import { sql } from 'drizzle-orm';
import { check, integer, pgEnum, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const tokenScope = pgEnum('token_scope', ['read', 'write', 'admin']);

/**
 * API tokens. Only a SHA-256 digest of each token is kept: the token itself is shown once, when
 * it is created, and a leaked table gives nothing that can be sent as a bearer token.
 */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    name: text('name').notNull(),
    scope: tokenScope('scope').notNull(),
    digest: text('digest').notNull().unique(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'string' }),
  },
  (table) => [
    check('api_tokens_name_not_blank', sql`btrim(${table.name}) <> ''`),
    check('api_tokens_digest_format', sql`${table.digest} ~ '^[0-9a-f]{64}$'`),
  ],
);

export type ApiTokenRow = typeof apiTokens.$inferSelect;
