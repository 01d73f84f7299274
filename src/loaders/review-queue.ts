import DataLoader from 'dataloader';
import { and, eq, gte, isNull, lt, lte, ne, or, sql, type SQL } from 'drizzle-orm';
import { articles, claimLinks, statements, type ClaimLinkRow } from '../../schema';
import type { Database } from '../db';

/** The loaders' batching switch (LoaderOptions in ./index, which imports this file). */
type LoaderOptions = { batch: boolean };

/**
 * The review queue: statements an editor should look at, and why. A statement waits while no
 * editor has settled it and it is unattributed (no person, institution or unnamed source) or
 * the importer's attribution confidence is below the threshold; and, whatever its verdict short
 * of REJECTED, while a claim link from it waits as a suggestion.
 */

export type ReviewReason = 'UNATTRIBUTED' | 'LOW_CONFIDENCE' | 'SUGGESTED_LINK';

const unsettled = isNull(statements.reviewStatus);
const unattributed = and(isNull(statements.speakerId), isNull(statements.sourceOrganizationId), isNull(statements.sourceDescription))!;
const lowConfidence = (threshold: number) => lt(statements.attributionConfidence, threshold);
const suggested = sql`EXISTS (SELECT 1 FROM ${claimLinks} WHERE ${claimLinks.fromStatementId} = ${statements.id} AND ${claimLinks.status} = 'SUGGESTED')`;

function reasonCondition(reason: ReviewReason, threshold: number): SQL {
  switch (reason) {
    case 'UNATTRIBUTED':
      return and(unsettled, unattributed)!;
    case 'LOW_CONFIDENCE':
      return and(unsettled, lowConfidence(threshold))!;
    case 'SUGGESTED_LINK':
      return and(or(isNull(statements.reviewStatus), ne(statements.reviewStatus, 'REJECTED')), suggested)!;
  }
}

/** Why a statement is in the queue, worked out from its row and its pending links. */
export function reviewReasonsOf(statement: ReviewState, pendingLinks: number, threshold: number): ReviewReason[] {
  const reasons: ReviewReason[] = [];
  if (statement.reviewStatus == null) {
    if (statement.speakerId == null && statement.sourceOrganizationId == null && statement.sourceDescription == null) {
      reasons.push('UNATTRIBUTED');
    }
    if (statement.attributionConfidence != null && statement.attributionConfidence < threshold) reasons.push('LOW_CONFIDENCE');
  }
  if (statement.reviewStatus !== 'REJECTED' && pendingLinks > 0) reasons.push('SUGGESTED_LINK');
  return reasons;
}

export interface ReviewQueueFilter {
  reason?: ReviewReason;
  publisherId?: number;
  speakerId?: number;
  minConfidence?: number;
  maxConfidence?: number;
  filedAfter?: Date;
  filedBefore?: Date;
}

/** The queue, narrowed by the filter, as SQL on the statements table. */
export function reviewQueueConditions(filter: ReviewQueueFilter, threshold: number): SQL {
  const reasons: ReviewReason[] = filter.reason ? [filter.reason] : ['UNATTRIBUTED', 'LOW_CONFIDENCE', 'SUGGESTED_LINK'];
  // A statement without a confidence (an editor filed it, or the importer named no one) counts as 0.
  const confidence = sql`coalesce(${statements.attributionConfidence}, 0)`;
  return and(
    or(...reasons.map((reason) => reasonCondition(reason, threshold))),
    filter.publisherId === undefined
      ? undefined
      : sql`EXISTS (SELECT 1 FROM ${articles} WHERE ${articles.id} = ${statements.articleId} AND ${articles.publisherId} = ${filter.publisherId})`,
    filter.speakerId === undefined ? undefined : eq(statements.speakerId, filter.speakerId),
    filter.minConfidence === undefined ? undefined : sql`${confidence} >= ${filter.minConfidence}`,
    filter.maxConfidence === undefined ? undefined : sql`${confidence} <= ${filter.maxConfidence}`,
    filter.filedAfter === undefined ? undefined : gte(statements.createdAt, filter.filedAfter),
    filter.filedBefore === undefined ? undefined : lte(statements.createdAt, filter.filedBefore),
  )!;
}

export interface ReviewState {
  speakerId: number | null;
  sourceOrganizationId: number | null;
  sourceDescription: string | null;
  attributionConfidence: number | null;
  reviewStatus: string | null;
}

/**
 * What a statement's review reasons are worked out from, read on their own: the row a page
 * hands its edges may lack the columns its query did not name (src/loaders/columns.ts).
 */
export function reviewStateLoader(db: Database, options: LoaderOptions) {
  return new DataLoader<number, ReviewState | null>(async (statementIds) => {
    const rows = await db
      .select({
        id: statements.id,
        speakerId: statements.speakerId,
        sourceOrganizationId: statements.sourceOrganizationId,
        sourceDescription: statements.sourceDescription,
        attributionConfidence: statements.attributionConfidence,
        reviewStatus: statements.reviewStatus,
      })
      .from(statements)
      .where(sql`${statements.id} = ANY(${sql.param([...statementIds])}::int[])`);
    const byId = new Map(rows.map(({ id, ...state }) => [id, state]));
    return statementIds.map((id) => byId.get(id) ?? null);
  }, options);
}

/** Each statement's claim links that wait for an editor, oldest first. */
export function pendingLinksByStatementLoader(db: Database, options: LoaderOptions) {
  return new DataLoader<number, ClaimLinkRow[]>(async (statementIds) => {
    const rows = await db
      .select()
      .from(claimLinks)
      .where(and(eq(claimLinks.status, 'SUGGESTED'), sql`${claimLinks.fromStatementId} = ANY(${sql.param([...statementIds])}::int[])`))
      .orderBy(claimLinks.id);
    const byStatement = new Map<number, ClaimLinkRow[]>(statementIds.map((id) => [id, []]));
    for (const row of rows) byStatement.get(row.fromStatementId)?.push(row);
    return statementIds.map((id) => byStatement.get(id)!);
  }, options);
}
