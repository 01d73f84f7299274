import { inArray } from 'drizzle-orm';
import { speakers, type SpeakerRow } from '../../schema';
import { speakersNamed } from './entity-matching';
import type { Transaction } from './write';

/** A merge that keeps committing between a read and its lock is not worth more rounds than this. */
const MAX_ROUNDS = 3;

/**
 * Holds the speakers an import matched by name (FOR KEY SHARE) until it commits: mergeSpeakers
 * and deleteSpeaker lock theirs FOR UPDATE, so they wait for the import, or the import waits for
 * them. Without it, a merge that deleted the absorbed speaker between the import's match and its
 * insert left the statement pointing at a row that was gone (1 import in 159 failed).
 *
 * A speaker missing once locked was merged or deleted meanwhile: its names are read again (a merge
 * made them aliases of the speaker kept), and what they now match is locked in turn. In ID order,
 * as the merge locks its two, so that neither can deadlock the other.
 */
export async function lockMatchedSpeakers(tx: Transaction, speakersByName: Map<string, SpeakerRow[]>): Promise<void> {
  for (let round = 1; round <= MAX_ROUNDS; round += 1) {
    const ids = [...new Set([...speakersByName.values()].flatMap((rows) => rows.map((row) => row.id)))].sort((a, b) => a - b);
    if (ids.length === 0) return;
    const locked = await tx
      .select({ id: speakers.id })
      .from(speakers)
      .where(inArray(speakers.id, ids))
      .orderBy(speakers.id)
      .for('key share');
    const held = new Set(locked.map((row) => row.id));
    const gone = [...speakersByName.keys()].filter((name) => speakersByName.get(name)!.some((row) => !held.has(row.id)));
    if (gone.length === 0) return;
    for (const name of gone) speakersByName.set(name, await speakersNamed(tx, name));
  }
}
