import { timestamp } from 'drizzle-orm/pg-core';

/**
 * When a row was created and last changed. Migration 0007's trigger moves updated_at only when
 * something else in the row changed, so re-running the seed, which rewrites the same values,
 * leaves it alone.
 */
export const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
};
