import { sql } from 'drizzle-orm';
import type { StatementChangeRow } from '../../schema';
import type { Viewer } from '../auth/tokens';
import { rowsOf } from '../db';
import type { Executor } from './write';

/**
 * Who is changing what, and why, for the corrections history. Migration 0014's triggers write
 * the history rows themselves, in the transaction of each change to a statement, a relation or
 * a claim link; what they cannot see, the name of the request's token and the editor's reason,
 * the services hand them as settings of their transaction (set_config, local to it).
 */

export type StatementChangeKind = StatementChangeRow['kind'];

export interface ChangeNote {
  /** What the service does; the trigger says EDITED when none is given. */
  change?: StatementChangeKind;
  /** The editor's reason, as given (up to 2000 characters, checked by the input rules). */
  reason?: string | null;
}

/** The name a change is recorded under: the token's, or "anonymous" (no write gets that far without a token). */
export const actorOf = (viewer: Viewer) => (viewer.kind === 'token' ? viewer.name : 'anonymous');

/** Names the actor, the reason and the kind for the rest of the transaction's changes. */
export async function noteChanges(tx: Executor, viewer: Viewer, note: ChangeNote = {}): Promise<void> {
  await tx.execute(
    sql`SELECT set_config('newskb.actor', ${actorOf(viewer)}, true), set_config('newskb.reason', ${note.reason ?? ''}, true), set_config('newskb.change', ${note.change ?? ''}, true)`,
  );
}

/**
 * Runs `work` with another actor named (the clustering's own links, inside an editor's or an
 * importer's transaction), then names the transaction's actor again.
 */
export async function asActor<T>(tx: Executor, actor: string, work: () => Promise<T>): Promise<T> {
  const [{ previous }] = rowsOf(
    await tx.execute(
      sql`SELECT coalesce(current_setting('newskb.actor', true), '') AS previous, set_config('newskb.actor', ${actor}, true)`,
    ),
  ) as { previous: string }[];
  const result = await work();
  await tx.execute(sql`SELECT set_config('newskb.actor', ${previous}, true)`);
  return result;
}
