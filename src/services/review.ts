import type { StatementRow } from '../../schema';
import type { Viewer } from '../auth/tokens';
import type { Database } from '../db';
import { ValidationError } from './errors';
import { actorOf, noteChanges, type StatementChangeKind } from './history';
import { idFromInput, parseInput, reasonSchema } from './input';
import { changeStatement, type StatementInput } from './statements';
import { inTransaction } from './write';

/**
 * The review queue's actions: an editor confirms a statement as filed, gives it another source,
 * corrects its span, or rejects it. Each is one transaction; the history (migration 0014's
 * triggers) records the values before and after, the token's name and the reason.
 */

/** Statements the importer attributed with less confidence than this wait in the review queue. */
export const REVIEW = { confidenceBelow: 0.85 } as const;

interface Review {
  id: string;
  reason?: string | null;
}

type Verdict = Pick<StatementRow, 'reviewStatus' | 'reviewedBy' | 'reviewedAt'>;

const verdict = (status: 'CONFIRMED' | 'REJECTED', viewer: Viewer): Verdict => ({
  reviewStatus: status,
  reviewedBy: actorOf(viewer),
  reviewedAt: new Date(),
});

function act(db: Database, input: Review, viewer: Viewer, change: StatementChangeKind, fields: StatementInput, settles?: Verdict) {
  const id = idFromInput(input.id, 'Statement', ['input', 'id']);
  const { reason } = parseInput(reasonSchema, { reason: input.reason });
  return inTransaction(db, async (tx) => {
    await noteChanges(tx, viewer, { change, reason });
    return changeStatement(tx, id, fields, settles);
  });
}

/** The statement and its attribution are right as filed: it leaves the queue; attributionConfidence stays the importer's. */
export const confirmStatement = (db: Database, input: Review, viewer: Viewer) =>
  act(db, input, viewer, 'CONFIRMED', {}, verdict('CONFIRMED', viewer));

/** It should not have been filed (no reported speech, a misread span): it leaves the queue and stays stored, with its history. */
export const rejectStatement = (db: Database, input: Review, viewer: Viewer) =>
  act(db, input, viewer, 'REJECTED', {}, verdict('REJECTED', viewer));

export type Reattribution = Review & Pick<StatementInput, 'speaker' | 'speakerRole' | 'sourceOrganization' | 'sourceDescription'>;

/**
 * Another source, as the editor settles it: a speaker (and role), an institution, an unnamed
 * source's description, or nobody (all null). The attribution is then the editor's: it counts
 * as confirmed, and attributionConfidence becomes null, as for any editor's attribution.
 */
export function reattributeStatement(db: Database, input: Reattribution, viewer: Viewer) {
  const { speaker, speakerRole, sourceOrganization, sourceDescription } = input;
  if ([speaker, sourceOrganization, sourceDescription].every((value) => value === undefined)) {
    throw new ValidationError('Give input.speaker, input.sourceOrganization or input.sourceDescription (null for nobody): who said it.', [
      'input',
      'speaker',
    ]);
  }
  // Nobody: every source cleared, which a plain update spells as three nulls.
  const nobody = [speaker, sourceOrganization, sourceDescription].every((value) => value == null);
  const fields: StatementInput = nobody
    ? { speaker: null, speakerRole: null, sourceOrganization: null, sourceDescription: null }
    : { speaker, speakerRole, sourceOrganization, sourceDescription };
  return act(db, input, viewer, 'REATTRIBUTED', fields, verdict('CONFIRMED', viewer));
}

export type SpanCorrection = Review & Pick<StatementInput, 'spanStart' | 'spanEnd' | 'location' | 'text'>;

/** A corrected span (the text follows it). The verdict stays as it was: the attribution still waits for one. */
export function correctStatementSpan(db: Database, input: SpanCorrection, viewer: Viewer) {
  const { spanStart, spanEnd, location, text } = input;
  if (spanStart == null && spanEnd == null && location == null) {
    throw new ValidationError('Give input.spanStart, input.spanEnd or input.location: where the statement is.', ['input', 'spanStart']);
  }
  return act(db, input, viewer, 'SPAN_CORRECTED', { spanStart, spanEnd, location, text });
}
