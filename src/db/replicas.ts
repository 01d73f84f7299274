import { withReplicas } from 'drizzle-orm/pg-core';
import type { Database } from './index';

type Replicated = Database & { $primary: Database; $replicas: Database[] };

const isReplicated = (db: Database): db is Replicated => '$primary' in db;

/**
 * Drizzle's replica routing: selects and relational queries go to a replica picked at random,
 * inserts, updates, deletes, transactions and raw `execute` to the primary.
 */
export function routeReadsToReplicas(primary: Database, replicas: Database[]): Database {
  return replicas.length > 0 ? withReplicas(primary, replicas as [Database, ...Database[]]) : primary;
}

/** The primary itself: for a mutation's reads, a writer's next reads and token checks. */
export function primaryOf(db: Database): Database {
  return isReplicated(db) ? db.$primary : db;
}

/**
 * For raw SQL that only reads (search): Drizzle sends every `execute` to the primary, since it
 * cannot tell a read from a write.
 */
export function readerOf(db: Database): Database {
  if (!isReplicated(db)) return db;
  return db.$replicas[Math.floor(Math.random() * db.$replicas.length)];
}
