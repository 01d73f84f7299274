import { eq, sql } from 'drizzle-orm';
import { claimLinks, statementRelations, type ClaimLinkRow } from '../../schema';
import type { Viewer } from '../auth/tokens';
import { normalizedWording, wordsOf } from '../core/claim-wording';
import { rowsOf, type Database } from '../db';
import { ConflictError } from './errors';
import { asActor, noteChanges } from './history';
import { idFromInput, parseInput, reasonSchema } from './input';
import { requireRow } from './rows';
import { inTransaction, type Executor } from './write';

/**
 * Quotation clusters: when statements are filed, the stored statements that say the same thing
 * are found inside Postgres (pg_trgm and the English text-search lexemes), scored, and either
 * linked at once (a REPEATS relation, which migration 0013's triggers turn into a shared claim)
 * or kept as a suggestion for an editor.
 *
 * Who counts as the same source: a new statement with a named speaker is compared with that
 * speaker's statements only, one said by an institution with that institution's. A statement
 * with no named source (unattributed, or an unnamed source) is compared with everyone's, but
 * only ever suggested: a wording shared by two people is no proof that it is one remark.
 */
export const CLUSTERING = {
  /** Who the automatic REPEATS relations say asserted them. */
  assertedBy: 'newskb:auto-cluster',
  /** At or above: linked at once (named sources only). */
  linkScore: 0.75,
  /** At or above, and below linkScore: suggested to an editor. */
  suggestScore: 0.45,
  /** Days either side of the new statement's publication date in which earlier reports count. */
  windowDays: 14,
  /** Shorter wordings are never clustered: "Thank you." twice is no claim. */
  minWords: 4,
  /** A cut (one wording inside the other) counts only when the shorter has this many words. */
  minContainedWords: 5,
  /** Candidates kept per new statement, best first. */
  maxCandidates: 20,
} as const;

export interface ClaimCandidate {
  fromStatementId: number;
  toStatementId: number;
  score: number;
  reason: string;
  status: 'LINKED' | 'SUGGESTED';
}

interface CandidateRow {
  from_id: number;
  to_id: number;
  from_text: string;
  to_text: string;
  source: 'speaker' | 'organization' | 'none';
  similarity: number;
  cut: number;
  longer: number;
  shared: number;
}

const SOURCE_WORDS = { speaker: 'same speaker', organization: 'same organization', none: 'no named source' } as const;

/**
 * The stored statements, in other articles and within the date window, that each new one may
 * repeat, with the raw scores: trigram similarity of the whole texts, word similarity each way
 * (one wording found inside the other: a cut or a longer version) and the Dice overlap of their
 * English lexemes (a rewording that keeps the content words). One statement for the whole batch.
 */
async function candidateRows(tx: Executor, statementIds: number[]): Promise<CandidateRow[]> {
  // The branch for statements with no named source is costed as a scan of every statement, which
  // made Postgres compile the query with JIT: 70-80 ms of a 90 ms query at 100k statements. For
  // the rest of the transaction (its writes only), as the caller's own.
  await tx.execute(sql`SELECT set_config('jit', 'off', true)`);
  return rowsOf(await tx.execute(candidateQuery(statementIds))) as unknown as CandidateRow[];
}

/** The candidates' statement, apart so that the benchmark (bench/clustering.ts) can EXPLAIN it. */
export function candidateQuery(statementIds: number[]) {
  return sql`
    WITH fresh AS (
      SELECT s.id, s.text, s.article_id, s.speaker_id, s.source_organization_id,
        coalesce(a.published_at, s.created_at::date) AS day,
        tsvector_to_array(to_tsvector('english', s.text)) AS lexemes
      FROM statements s JOIN articles a ON a.id = s.article_id
      WHERE s.id = ANY(${sql.param(statementIds)}::int[])
    )
    SELECT f.id AS from_id, c.id AS to_id, f.text AS from_text, c.text AS to_text,
      CASE WHEN f.speaker_id IS NOT NULL THEN 'speaker' WHEN f.source_organization_id IS NOT NULL THEN 'organization' ELSE 'none' END AS source,
      c.similarity, c.cut, c.longer, c.shared
    FROM fresh f
    CROSS JOIN LATERAL (
      SELECT o.id, o.text,
        similarity(o.text, f.text)::float8 AS similarity,
        word_similarity(f.text, o.text)::float8 AS cut,
        word_similarity(o.text, f.text)::float8 AS longer,
        CASE WHEN cardinality(f.lexemes) + cardinality(o.lexemes) = 0 THEN 0
          ELSE 2.0 * cardinality(ARRAY(SELECT unnest(f.lexemes) INTERSECT SELECT unnest(o.lexemes))) / (cardinality(f.lexemes) + cardinality(o.lexemes))
        END::float8 AS shared
      FROM (
        SELECT o.id, o.text, tsvector_to_array(to_tsvector('english', o.text)) AS lexemes
        FROM (
          -- One branch per kind of source, each on its own index (a CASE would scan them all).
          SELECT id, text, article_id, created_at FROM statements WHERE f.speaker_id IS NOT NULL AND speaker_id = f.speaker_id
          UNION ALL
          SELECT id, text, article_id, created_at FROM statements
            WHERE f.speaker_id IS NULL AND f.source_organization_id IS NOT NULL AND source_organization_id = f.source_organization_id
          UNION ALL
          -- No named source: only texts the trigram index finds alike.
          SELECT id, text, article_id, created_at FROM statements
            WHERE f.speaker_id IS NULL AND f.source_organization_id IS NULL AND (text % f.text OR text %> f.text OR text <% f.text)
        ) o
        WHERE o.article_id <> f.article_id
          -- A lookup per candidate on the primary key: a join hashed every article instead.
          AND coalesce((SELECT published_at FROM articles WHERE id = o.article_id), o.created_at::date)
            BETWEEN f.day - ${CLUSTERING.windowDays}::int AND f.day + ${CLUSTERING.windowDays}::int
      ) o
      ORDER BY greatest(similarity(o.text, f.text), word_similarity(f.text, o.text), word_similarity(o.text, f.text)) DESC, o.id
      LIMIT ${CLUSTERING.maxCandidates}
    ) c
  `;
}

const twoPlaces = (score: number) => score.toFixed(2);

/** The best of a candidate's signals, as its score and the reason a person reads. */
export function scoreCandidate(row: CandidateRow): Omit<ClaimCandidate, 'status'> | null {
  const fromWords = wordsOf(row.from_text).length;
  const toWords = wordsOf(row.to_text).length;
  if (Math.min(fromWords, toWords) < CLUSTERING.minWords) return null;
  // The first of equal signals gives the reason: the plainest first.
  const signals: { score: number; reason: string }[] = [];
  if (normalizedWording(row.from_text) === normalizedWording(row.to_text)) signals.push({ score: 1, reason: 'same text' });
  signals.push(
    { score: Number(row.similarity), reason: `trigram similarity ${twoPlaces(Number(row.similarity))}` },
    { score: Number(row.shared), reason: `shared words ${twoPlaces(Number(row.shared))}` },
  );
  // A cut of the earlier wording, or a longer version of it: the shorter one found inside the other.
  if (fromWords < toWords && fromWords >= CLUSTERING.minContainedWords) {
    signals.push({ score: Number(row.cut), reason: `contained in it (word similarity ${twoPlaces(Number(row.cut))})` });
  }
  if (toWords < fromWords && toWords >= CLUSTERING.minContainedWords) {
    signals.push({ score: Number(row.longer), reason: `contains it (word similarity ${twoPlaces(Number(row.longer))})` });
  }
  const best = signals.reduce((a, b) => (b.score > a.score ? b : a));
  if (best.score < CLUSTERING.suggestScore) return null;
  return {
    fromStatementId: Number(row.from_id),
    toStatementId: Number(row.to_id),
    score: Math.min(1, Math.round(best.score * 1000) / 1000),
    reason: `${SOURCE_WORDS[row.source]}, ${best.reason}`,
  };
}

/**
 * Finds what the new statements repeat and files it, in the caller's transaction: REPEATS
 * relations from each new statement to the earlier one for the links, claim_links rows for
 * every link and suggestion. Returns what it filed.
 */
export async function clusterStatements(tx: Executor, statementIds: number[]): Promise<ClaimCandidate[]> {
  if (statementIds.length === 0) return [];
  const candidates: ClaimCandidate[] = [];
  for (const row of await candidateRows(tx, statementIds)) {
    const scored = scoreCandidate(row);
    if (!scored) continue;
    const linked = scored.score >= CLUSTERING.linkScore && row.source !== 'none';
    candidates.push({ ...scored, status: linked ? 'LINKED' : 'SUGGESTED' });
  }
  if (candidates.length === 0) return [];
  const links = candidates.filter((candidate) => candidate.status === 'LINKED');
  // The history names the clustering as who added these, whoever's transaction it runs in.
  const relations = links.length
    ? await asActor(tx, CLUSTERING.assertedBy, () =>
        tx
          .insert(statementRelations)
          .values(
            links.map((link) => ({
              fromStatementId: link.fromStatementId,
              toStatementId: link.toStatementId,
              kind: 'REPEATS' as const,
              note: link.reason,
              assertedBy: CLUSTERING.assertedBy,
            })),
          )
          .onConflictDoNothing()
          .returning({
            id: statementRelations.id,
            fromStatementId: statementRelations.fromStatementId,
            toStatementId: statementRelations.toStatementId,
          }),
      )
    : [];
  const relationOf = new Map(relations.map((relation) => [`${relation.fromStatementId}:${relation.toStatementId}`, relation.id]));
  const now = new Date();
  await tx
    .insert(claimLinks)
    .values(
      candidates.map((candidate) => ({
        fromStatementId: candidate.fromStatementId,
        toStatementId: candidate.toStatementId,
        score: candidate.score,
        reason: candidate.reason,
        status: candidate.status,
        relationId: relationOf.get(`${candidate.fromStatementId}:${candidate.toStatementId}`) ?? null,
        decidedBy: candidate.status === 'LINKED' ? CLUSTERING.assertedBy : null,
        decidedAt: candidate.status === 'LINKED' ? now : null,
      })),
    )
    .onConflictDoNothing();
  return candidates;
}

/** An editor settles a suggestion: confirming files the REPEATS relation (joining the claims), rejecting keeps it out. */
export function decideClaimLink(
  db: Database,
  globalId: string,
  decision: 'CONFIRMED' | 'REJECTED',
  viewer: Viewer,
  reason?: string | null,
): Promise<ClaimLinkRow> {
  const id = idFromInput(globalId, 'ClaimLink', ['id']);
  const token = viewer.kind === 'token' ? viewer : null;
  const decidedBy = token?.name ?? 'anonymous';
  const parsed = parseInput(reasonSchema, { reason }, []);
  return inTransaction(db, async (tx) => {
    await noteChanges(tx, viewer, { reason: parsed.reason });
    const link = await requireRow(tx, claimLinks, 'ClaimLink', id, ['id']);
    if (link.status !== 'SUGGESTED') {
      throw new ConflictError(`This link was already settled: it is ${link.status}.`, ['id'], 'claim_links_decision');
    }
    let relationId: number | null = null;
    if (decision === 'CONFIRMED') {
      const [relation] = await tx
        .insert(statementRelations)
        .values({
          fromStatementId: link.fromStatementId,
          toStatementId: link.toStatementId,
          kind: 'REPEATS',
          note: link.reason,
          assertedBy: decidedBy,
          createdByTokenId: token?.id ?? null,
        })
        .onConflictDoNothing()
        .returning({ id: statementRelations.id });
      relationId = relation?.id ?? null;
    }
    const [row] = await tx
      .update(claimLinks)
      .set({ status: decision, relationId, decidedBy, decidedByTokenId: token?.id ?? null, decidedAt: new Date() })
      .where(eq(claimLinks.id, id))
      .returning();
    return row;
  });
}
