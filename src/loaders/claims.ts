import DataLoader from 'dataloader';
import { and, eq, gte, lte, sql, type SQL } from 'drizzle-orm';
import { articles, claimLinks, claims, claimStatements, statements, type ClaimLinkRow, type ClaimRow } from '../../schema';
import { ORIGIN_CONTEXT_CHARS, originKey } from '../core/claim-wording';
import { rowsOf, type Database } from '../db';
import { matchesText, statementDocument } from '../search/text';

/** The loaders' batching switch (LoaderOptions in ./index, which imports this file). */
type LoaderOptions = { batch: boolean };

/** What a claim's fields read, worked out once per claim from its appearances. */
export interface ClaimSummary {
  claimId: number;
  /** The appearance in the earliest published article (undated articles count last). */
  firstStatementId: number;
  firstText: string;
  appearanceCount: number;
  /** Every appearance, in the order of the claim's appearances (earliest published first). */
  statementIds: number[];
  /** Distinct publishers of the articles it appears in; articles without a publisher are not counted. */
  publisherCount: number;
  independentOriginCount: number;
}

interface AppearanceRow {
  claim_id: number;
  id: number;
  text: string;
  publisher_id: number | null;
  before: string;
  after: string;
}

/**
 * Independent origins: appearances are grouped when they share a publisher (an outlet repeating
 * its own report) or an origin key (the same wording in the same surrounding text: copies of one
 * wire story, whoever runs them); the groups are counted. Union-find over the appearances.
 */
export function countOrigins(appearances: { publisherId: number | null; origin: string }[]): number {
  const parent = appearances.map((_, index) => index);
  const find = (index: number): number => (parent[index] === index ? index : (parent[index] = find(parent[index])));
  const firstWith = new Map<string, number>();
  appearances.forEach((appearance, index) => {
    for (const key of [appearance.publisherId == null ? null : `publisher:${appearance.publisherId}`, `origin:${appearance.origin}`]) {
      if (key == null) continue;
      const earlier = firstWith.get(key);
      if (earlier === undefined) firstWith.set(key, index);
      else parent[find(index)] = find(earlier);
    }
  });
  return new Set(appearances.map((_, index) => find(index))).size;
}

/** The summaries of a batch of claims, in one statement, in key order (null for a claim that is gone). */
export function claimSummaryLoader(db: Database, options: LoaderOptions) {
  return new DataLoader<number, ClaimSummary | null>(async (claimIds) => {
    const result = await db.execute(sql`
      SELECT m.claim_id, s.id, s.text, a.publisher_id,
        substr(coalesce(CASE WHEN s.location = 'HEADLINE' THEN a.title ELSE a.body END, ''), greatest(s.span_start - ${ORIGIN_CONTEXT_CHARS}::int, 0) + 1, least(s.span_start, ${ORIGIN_CONTEXT_CHARS}::int)) AS before,
        substr(coalesce(CASE WHEN s.location = 'HEADLINE' THEN a.title ELSE a.body END, ''), s.span_end + 1, ${ORIGIN_CONTEXT_CHARS}::int) AS after
      FROM claim_statements m JOIN statements s ON s.id = m.statement_id JOIN articles a ON a.id = s.article_id
      WHERE m.claim_id = ANY(${sql.param([...claimIds])}::int[])
      ORDER BY m.claim_id, a.published_at IS NULL, a.published_at, s.article_id, s.position, s.id
    `);
    const byClaim = new Map<number, AppearanceRow[]>();
    for (const row of rowsOf(result) as unknown as AppearanceRow[]) {
      const claimId = Number(row.claim_id);
      const group = byClaim.get(claimId) ?? [];
      group.push(row);
      byClaim.set(claimId, group);
    }
    return claimIds.map((claimId) => {
      const rows = byClaim.get(claimId);
      if (!rows?.length) return null;
      return {
        claimId,
        firstStatementId: Number(rows[0].id),
        firstText: rows[0].text,
        appearanceCount: rows.length,
        statementIds: rows.map((row) => Number(row.id)),
        publisherCount: new Set(rows.flatMap((row) => (row.publisher_id == null ? [] : [Number(row.publisher_id)]))).size,
        independentOriginCount: countOrigins(
          rows.map((row) => ({
            publisherId: row.publisher_id == null ? null : Number(row.publisher_id),
            origin: originKey(row.before, row.text, row.after),
          })),
        ),
      };
    });
  }, options);
}

/** Each statement's claim, or null. */
export function claimByStatementLoader(db: Database, options: LoaderOptions) {
  return new DataLoader<number, ClaimRow | null>(async (statementIds) => {
    const rows = await db
      .select({ statementId: claimStatements.statementId, claim: claims })
      .from(claimStatements)
      .innerJoin(claims, eq(claims.id, claimStatements.claimId))
      .where(sql`${claimStatements.statementId} = ANY(${sql.param([...statementIds])}::int[])`);
    const byStatement = new Map(rows.map((row) => [row.statementId, row.claim]));
    return statementIds.map((id) => byStatement.get(id) ?? null);
  }, options);
}

export interface ClaimFilter {
  speakerId?: number;
  publishedAfter?: string;
  publishedBefore?: string;
  minPublishers?: number;
  /** Full-text search of the claim's wordings, as in `statements(filter: { search })`. */
  search?: string;
}

// The claim's statements (and their articles), for the subqueries below; the WHERE goes on.
const members = sql`SELECT 1 FROM ${claimStatements} JOIN ${statements} ON ${statements.id} = ${claimStatements.statementId} WHERE ${claimStatements.claimId} = ${claims.id}`;
const membersWithArticles = sql`SELECT 1 FROM ${claimStatements} JOIN ${statements} ON ${statements.id} = ${claimStatements.statementId} JOIN ${articles} ON ${articles.id} = ${statements.articleId} WHERE ${claimStatements.claimId} = ${claims.id}`;

/** A claims filter as SQL on the claims table: each condition a subquery on its statements. */
export function claimConditions(filter: ClaimFilter): SQL | undefined {
  const conditions: SQL[] = [];
  if (filter.speakerId !== undefined) {
    conditions.push(sql`EXISTS (${members} AND ${statements.speakerId} = ${filter.speakerId})`);
  }
  if (filter.publishedAfter !== undefined || filter.publishedBefore !== undefined) {
    const dated = and(
      filter.publishedAfter !== undefined ? gte(articles.publishedAt, filter.publishedAfter) : undefined,
      filter.publishedBefore !== undefined ? lte(articles.publishedAt, filter.publishedBefore) : undefined,
    );
    conditions.push(sql`EXISTS (${membersWithArticles} AND ${dated})`);
  }
  if (filter.minPublishers !== undefined) {
    conditions.push(
      sql`(SELECT count(DISTINCT ${articles.publisherId}) FROM ${claimStatements} JOIN ${statements} ON ${statements.id} = ${claimStatements.statementId} JOIN ${articles} ON ${articles.id} = ${statements.articleId} WHERE ${claimStatements.claimId} = ${claims.id}) >= ${filter.minPublishers}`,
    );
  }
  if (filter.search !== undefined) {
    conditions.push(sql`EXISTS (${members} AND ${matchesText(statementDocument, filter.search)})`);
  }
  return conditions.length ? and(...conditions) : undefined;
}

/** The claim links of one status (the editors' queue is SUGGESTED), or all of them. */
export const claimLinkConditions = (status: ClaimLinkRow['status'] | undefined): SQL | undefined =>
  status === undefined ? undefined : eq(claimLinks.status, status);
