import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { NEWS_DIR, type NewsArticle } from './fixtures';

/**
 * The scoring behind `npm run eval:clusters`: how well the claims that importArticle builds
 * (src/services/claims.ts) match the remark groups of test/fixtures/news/events.json, counted in
 * pairs of statements. Pure: the CLI (src/cli/eval-clusters.ts) files the articles and hands
 * over what was filed.
 */

const goldStatementSchema = z.object({ slug: z.string().min(1), text: z.string().min(1), paraphrase: z.literal(true).optional() }).strict();

const eventsSchema = z
  .object({
    events: z.array(
      z
        .object({
          name: z.string().min(1),
          /** The day it happened: what --undated-on-event-date gives the articles the corpus has no date for. */
          date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
          articles: z
            .array(z.object({ slug: z.string().min(1), origin: z.string().min(1).optional(), note: z.string().optional() }).strict())
            .min(2),
          remarks: z.array(
            z.object({ speaker: z.string().min(1), note: z.string().optional(), statements: z.array(goldStatementSchema).min(2) }).strict(),
          ),
        })
        .strict(),
    ),
  })
  .strict();

export type ClusterEvents = z.infer<typeof eventsSchema>;
export const EVENTS_FILE = join(NEWS_DIR, 'events.json');

/** One annotated statement of a remark group, placed in its article's body. */
export interface GoldStatement {
  /** `slug|text|kind`: the same annotation in two groups is one statement. */
  key: string;
  slug: string;
  text: string;
  kind: 'DIRECT_QUOTE' | 'PARAPHRASE';
  start: number;
  end: number;
}

export interface GoldRemark {
  event: string;
  speaker: string;
  statements: GoldStatement[];
}

/** What the import filed, as the scoring needs it. */
export interface FiledStatement {
  id: number;
  slug: string;
  kind: 'DIRECT_QUOTE' | 'PARAPHRASE';
  start: number;
  end: number;
  text: string;
  claimId: number | null;
  /** Who it was filed as said by (speaker, institution or description), for the listing of mistakes. */
  source?: string | null;
}

export interface ClusterInput {
  remarks: GoldRemark[];
  /** Which event each article belongs to. */
  eventOf: Map<string, string>;
  filed: FiledStatement[];
  /** Links an editor has yet to decide (claim_links SUGGESTED), as statement ID pairs. */
  suggestions: [number, number][];
  /** Shorter statements are never clustered (CLUSTERING.minWords); pairs with one are reported apart. */
  minWords: number;
}

export interface PairCounts {
  goldPairs: number;
  /** Gold pairs whose two statements were both filed (what clustering could at best find). */
  filedGoldPairs: number;
  /** Gold pairs whose two statements both have minWords words or more. */
  eligibleGoldPairs: number;
  foundPairs: number;
  foundEligiblePairs: number;
  predictedPairs: number;
  correctPairs: number;
}

export interface PairMistake {
  event: string;
  left: { slug: string; text: string; source?: string | null };
  right: { slug: string; text: string; source?: string | null };
}

export interface ClusterScore {
  total: PairCounts;
  byEvent: Map<string, PairCounts>;
  /** Predicted pairs whose articles belong to two events (always wrong). */
  acrossEvents: number;
  /** The same counts if every suggestion were confirmed (claims joined through them too). */
  withSuggestions: PairCounts;
  suggestions: { total: number; correct: number };
  falsePairs: PairMistake[];
  missedPairs: PairMistake[];
  /** Gold statements no filed statement matched (extraction missed them, or cut them elsewhere). */
  unmatched: GoldStatement[];
}

const emptyCounts = (): PairCounts => ({
  goldPairs: 0,
  filedGoldPairs: 0,
  eligibleGoldPairs: 0,
  foundPairs: 0,
  foundEligiblePairs: 0,
  predictedPairs: 0,
  correctPairs: 0,
});

const wordCount = (text: string) => text.split(/[^\p{L}\p{N}]+/u).filter(Boolean).length;
const pairKey = (a: number, b: number) => (a < b ? `${a}:${b}` : `${b}:${a}`);

/**
 * Where an annotated text stands in the body: the first occurrence right after a quotation mark
 * for a quotation (a one-word cut such as "non-performing" is often also inside a longer
 * quotation), else the first occurrence.
 */
export function spanOf(body: string, text: string, kind: GoldStatement['kind']): { start: number; end: number } | null {
  let first = -1;
  for (let at = body.indexOf(text); at >= 0; at = body.indexOf(text, at + 1)) {
    if (first < 0) first = at;
    if (kind === 'PARAPHRASE' || /["'“”‘’«»]/.test(body[at - 1] ?? '')) return { start: at, end: at + text.length };
  }
  return first < 0 ? null : { start: first, end: first + text.length };
}

/** Reads events.json and places every remark's statements in the corpus; throws on a slug or a text it cannot find. */
export function loadGoldRemarks(
  articles: NewsArticle[],
  file = EVENTS_FILE,
): { events: ClusterEvents['events']; remarks: GoldRemark[]; eventOf: Map<string, string> } {
  const { events } = eventsSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  const bySlug = new Map(articles.map((article) => [article.slug, article]));
  const eventOf = new Map<string, string>();
  const remarks: GoldRemark[] = [];
  for (const event of events) {
    for (const { slug } of event.articles) {
      if (!bySlug.has(slug)) throw new Error(`events.json: ${event.name}: no article ${slug} in the corpus`);
      if (eventOf.has(slug)) throw new Error(`events.json: ${slug} is in two events`);
      eventOf.set(slug, event.name);
    }
    for (const remark of event.remarks) {
      const statements = remark.statements.map(({ slug, text, paraphrase }): GoldStatement => {
        const article = bySlug.get(slug);
        if (!article || eventOf.get(slug) !== event.name) throw new Error(`events.json: ${event.name}: ${slug} is not one of its articles`);
        const annotated = paraphrase ? (article.paraphrases ?? []) : article.quotations;
        if (!annotated.some((item) => item.text === text)) {
          throw new Error(`events.json: ${slug} has no annotated ${paraphrase ? 'paraphrase' : 'quotation'} ${JSON.stringify(text)}`);
        }
        const kind = paraphrase ? 'PARAPHRASE' : 'DIRECT_QUOTE';
        const span = spanOf(article.body, text, kind)!;
        return { key: `${slug}|${text}|${kind}`, slug, text, kind, ...span };
      });
      remarks.push({ event: event.name, speaker: remark.speaker, statements });
    }
  }
  return { events, remarks, eventOf };
}

/**
 * The filed statement that stands for a gold one: of the same kind, in the same article, the one
 * whose span overlaps it most, when the overlap is at least half the shorter of the two spans.
 */
export function matchGold(gold: GoldStatement, filed: FiledStatement[]): FiledStatement | null {
  let best: FiledStatement | null = null;
  let bestOverlap = 0;
  for (const candidate of filed) {
    if (candidate.slug !== gold.slug || candidate.kind !== gold.kind) continue;
    const overlap = Math.min(candidate.end, gold.end) - Math.max(candidate.start, gold.start);
    const shorter = Math.min(candidate.end - candidate.start, gold.end - gold.start);
    if (overlap > bestOverlap && overlap * 2 >= shorter) {
      best = candidate;
      bestOverlap = overlap;
    }
  }
  return best;
}

/** Connected components over the claims and extra edges: each statement's component label. */
function componentsOf(filed: FiledStatement[], extraEdges: [number, number][]): Map<number, string> {
  const parent = new Map<string, string>();
  const find = (node: string): string => {
    const up = parent.get(node) ?? node;
    if (up === node) return node;
    const root = find(up);
    parent.set(node, root);
    return root;
  };
  const union = (a: string, b: string) => {
    const [ra, rb] = [find(a), find(b)];
    if (ra !== rb) parent.set(ra, rb);
  };
  const nodeOf = (statement: FiledStatement) => (statement.claimId == null ? `s${statement.id}` : `c${statement.claimId}`);
  const byId = new Map(filed.map((statement) => [statement.id, statement]));
  for (const [a, b] of extraEdges) {
    const [left, right] = [byId.get(a), byId.get(b)];
    if (left && right) union(nodeOf(left), nodeOf(right));
  }
  return new Map(filed.map((statement) => [statement.id, find(nodeOf(statement))]));
}

function countPairs(input: ClusterInput, component: Map<number, string>, matched: Map<string, FiledStatement | null>) {
  const { remarks, eventOf, filed, minWords } = input;
  const byEvent = new Map<string, PairCounts>();
  const countsOf = (event: string) => {
    let counts = byEvent.get(event);
    if (!counts) byEvent.set(event, (counts = emptyCounts()));
    return counts;
  };
  const total = emptyCounts();
  const goldFiledPairs = new Set<string>();
  const missedPairs: PairMistake[] = [];
  const seenGold = new Set<string>();
  for (const remark of remarks) {
    const counts = countsOf(remark.event);
    remark.statements.forEach((left, index) => {
      for (const right of remark.statements.slice(index + 1)) {
        if (left.key === right.key) continue;
        // A pair listed by two groups (a quotation that holds two remarks) counts once.
        const goldKey = [left.key, right.key].sort().join('||');
        if (seenGold.has(goldKey)) continue;
        seenGold.add(goldKey);
        const [a, b] = [matched.get(left.key), matched.get(right.key)];
        const eligible = wordCount(left.text) >= minWords && wordCount(right.text) >= minWords;
        const found = a != null && b != null && (a.id === b.id || component.get(a.id) === component.get(b.id));
        for (const target of [counts, total]) {
          target.goldPairs++;
          if (a && b) target.filedGoldPairs++;
          if (eligible) target.eligibleGoldPairs++;
          if (found) target.foundPairs++;
          if (found && eligible) target.foundEligiblePairs++;
        }
        if (a && b && a.id !== b.id) goldFiledPairs.add(pairKey(a.id, b.id));
        if (!found && eligible)
          missedPairs.push({
            event: remark.event,
            left: a ?? { ...left, source: 'not filed' },
            right: b ?? { ...right, source: 'not filed' },
          });
      }
    });
  }
  // Predicted: every two filed statements in one component.
  const members = new Map<string, FiledStatement[]>();
  for (const statement of filed) {
    const label = component.get(statement.id)!;
    members.set(label, [...(members.get(label) ?? []), statement]);
  }
  let acrossEvents = 0;
  const falsePairs: PairMistake[] = [];
  for (const group of members.values()) {
    group.forEach((left, index) => {
      for (const right of group.slice(index + 1)) {
        const event = eventOf.get(left.slug) ?? left.slug;
        const correct = goldFiledPairs.has(pairKey(left.id, right.id));
        const sameEvent = eventOf.get(right.slug) === eventOf.get(left.slug);
        if (!sameEvent) acrossEvents++;
        for (const target of sameEvent ? [countsOf(event), total] : [total]) {
          target.predictedPairs++;
          if (correct) target.correctPairs++;
        }
        if (!correct) falsePairs.push({ event, left, right });
      }
    });
  }
  return { total, byEvent, acrossEvents, falsePairs, missedPairs, goldFiledPairs };
}

/** Pair precision and recall of the claims (and of the claims with every suggestion confirmed). */
export function scoreClusters(input: ClusterInput): ClusterScore {
  const gold = new Map<string, GoldStatement>();
  for (const remark of input.remarks) for (const statement of remark.statements) gold.set(statement.key, statement);
  const matched = new Map([...gold.values()].map((statement) => [statement.key, matchGold(statement, input.filed)]));
  const claims = countPairs(input, componentsOf(input.filed, []), matched);
  const confirmed = countPairs(input, componentsOf(input.filed, input.suggestions), matched);
  return {
    total: claims.total,
    byEvent: claims.byEvent,
    acrossEvents: claims.acrossEvents,
    withSuggestions: confirmed.total,
    suggestions: {
      total: input.suggestions.length,
      correct: input.suggestions.filter(([a, b]) => claims.goldFiledPairs.has(pairKey(a, b))).length,
    },
    falsePairs: claims.falsePairs,
    missedPairs: claims.missedPairs,
    unmatched: [...gold.values()].filter((statement) => matched.get(statement.key) == null),
  };
}

/**
 * Independent origins as the gold counts them: the distinct origins of the articles a claim
 * appears in, where articles given one `origin` in events.json are copies of one story and every
 * other article is an origin of its own.
 */
export function expectedOrigins(slugs: string[], originOf: Map<string, string>): number {
  return new Set(slugs.map((slug) => originOf.get(slug) ?? slug)).size;
}
