import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { articles, claimLinks, claimStatements, organizations, speakers, statements } from '../../schema';
import { openDatabase, type Database } from '../db';
import {
  expectedOrigins,
  loadGoldRemarks,
  scoreClusters,
  type ClusterScore,
  type FiledStatement,
  type PairCounts,
  type PairMistake,
} from '../extraction/evaluate-clusters';
import { loadNewsArticles, type NewsArticle } from '../extraction/fixtures';
import { claimSummaryLoader } from '../loaders/claims';
import { CLUSTERING } from '../services/claims';
import { importArticle } from '../services/import-article';

/**
 * `npm run eval:clusters` measures the quotation clusters (issue 17) on the events of
 * test/fixtures/news/events.json: several outlets' reports of one event, with the statements
 * that are one remark grouped by hand. On a fresh PGlite in a temporary folder, it imports every
 * article of those events in order of publication through importArticle (extraction, speaker
 * matching and the clustering on filing, as the API does), then compares pairs of statements:
 * the gold pairs are two statements of one remark group (matched to what was filed by span), the
 * predicted pairs two filed statements of one claim. Prints pair precision and recall in all and
 * per event, the suggestions apart, and whether each claim counts its independent origins as the
 * gold does (copies of one wire story once). Exits 1 when precision is under 0.95.
 *
 *   --quiet                     no list of wrong and missed pairs
 *   --undated-on-event-date     an article the corpus has no date for is imported with its event's
 *                               date (by default it has none, and clustering dates it by the import)
 */
const PRECISION_TARGET = 0.95;

const percent = (numerator: number, denominator: number) =>
  denominator === 0 ? '-' : `${((numerator / denominator) * 100).toFixed(1)}% (${numerator}/${denominator})`;

function countsLine(name: string, counts: PairCounts): string[] {
  return [
    name,
    String(counts.goldPairs),
    percent(counts.correctPairs, counts.predictedPairs),
    percent(counts.foundPairs, counts.goldPairs),
    percent(counts.foundEligiblePairs, counts.eligibleGoldPairs),
    percent(counts.filedGoldPairs, counts.goldPairs),
  ];
}

function printTable(rows: string[][]): void {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((cells) => cells[column].length)));
  rows.forEach((cells, index) => {
    console.log(cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  '));
    if (index === 0 || index === rows.length - 2) console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  });
}

const short = (text: string) => JSON.stringify(text.length > 90 ? `${text.slice(0, 87)}...` : text);
const sourceOf = (side: PairMistake['left']) => (side.source === undefined ? '' : ` [${side.source ?? 'no source'}]`);
const mistakeLine = (mistake: PairMistake) =>
  `  ${mistake.left.slug}${sourceOf(mistake.left)} ${short(mistake.left.text)}\n    ~ ${mistake.right.slug}${sourceOf(mistake.right)} ${short(mistake.right.text)}`;

/** The articles of the events, earliest published first (undated ones last), as importArticle takes them. */
function importOrder(corpus: NewsArticle[], dateOf: Map<string, string | null>): NewsArticle[] {
  const day = (article: NewsArticle) => dateOf.get(article.slug) ?? '9999';
  return corpus.filter((article) => dateOf.has(article.slug)).sort((a, b) => day(a).localeCompare(day(b)) || a.slug.localeCompare(b.slug));
}

async function filedStatements(db: Database, slugOfArticle: Map<number, string>): Promise<FiledStatement[]> {
  const rows = await db
    .select({
      id: statements.id,
      articleId: statements.articleId,
      kind: statements.kind,
      start: statements.spanStart,
      end: statements.spanEnd,
      text: statements.text,
      location: statements.location,
      claimId: claimStatements.claimId,
      speaker: speakers.name,
      organization: organizations.name,
      description: statements.sourceDescription,
    })
    .from(statements)
    .leftJoin(claimStatements, eq(claimStatements.statementId, statements.id))
    .leftJoin(speakers, eq(speakers.id, statements.speakerId))
    .leftJoin(organizations, eq(organizations.id, statements.sourceOrganizationId));
  return rows
    .filter((row) => row.location === 'BODY')
    .map((row) => ({
      id: row.id,
      slug: slugOfArticle.get(row.articleId)!,
      kind: row.kind,
      start: row.start,
      end: row.end,
      text: row.text,
      claimId: row.claimId,
      source: row.speaker ?? row.organization ?? (row.description ? `(${row.description})` : null),
    }));
}

async function run(quiet: boolean, undatedOnEventDate: boolean): Promise<number> {
  const corpus = [...loadNewsArticles('dev'), ...loadNewsArticles('test')];
  const { events, remarks, eventOf } = loadGoldRemarks(corpus);
  const eventDate = new Map(events.map((event) => [event.name, event.date]));
  const dateOf = new Map(
    corpus
      .filter((article) => eventOf.has(article.slug))
      .map((article) => [article.slug, article.publishedAt ?? (undatedOnEventDate ? eventDate.get(eventOf.get(article.slug)!)! : null)]),
  );
  const ordered = importOrder(corpus, dateOf);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'newskb-eval-clusters-'));
  const handle = await openDatabase({ dataDir, migrationsDir: 'schema/migrations', holder: 'npm run eval:clusters' });
  try {
    await handle.migrate();
    const { db } = handle;
    const slugOfArticle = new Map<number, string>();
    for (const article of ordered) {
      const { article: row } = await importArticle(db, {
        url: article.url,
        title: article.title ?? article.slug,
        body: article.body,
        publisher: article.publisher,
        publishedAt: dateOf.get(article.slug) ? new Date(`${dateOf.get(article.slug)}T12:00:00Z`) : null,
        language: article.language,
      });
      slugOfArticle.set(row.id, article.slug);
    }
    // importArticle keeps the body it was given: the gold spans are offsets into the same text.
    const stored = await db.select({ id: articles.id, body: articles.body }).from(articles);
    const changed = stored.filter((row) => corpus.find((article) => article.slug === slugOfArticle.get(row.id))?.body !== row.body);
    if (changed.length > 0)
      throw new Error(`importArticle changed the body of ${changed.map((row) => slugOfArticle.get(row.id)).join(', ')}`);

    const filed = await filedStatements(db, slugOfArticle);
    const suggestions = (
      await db
        .select({ from: claimLinks.fromStatementId, to: claimLinks.toStatementId })
        .from(claimLinks)
        .where(eq(claimLinks.status, 'SUGGESTED'))
    ).map((link): [number, number] => [link.from, link.to]);
    const score = scoreClusters({ remarks, eventOf, filed, suggestions, minWords: CLUSTERING.minWords });
    const undated = ordered.filter((article) => article.publishedAt == null).length;
    console.log(
      `${undated} of the articles have no date in the corpus: ${undatedOnEventDate ? "imported with their event's date" : "imported undated (--undated-on-event-date gives them the event's)"}`,
    );
    report(
      score,
      events.map((event) => event.name),
      ordered.length,
      filed.length,
      quiet,
    );

    // Independent origins: each claim's count against the gold's.
    const originOf = new Map(
      events.flatMap((event) => event.articles.flatMap((article) => (article.origin ? [[article.slug, article.origin] as const] : []))),
    );
    const claimIds = [...new Set(filed.flatMap((statement) => (statement.claimId == null ? [] : [statement.claimId])))];
    const summaries = await claimSummaryLoader(db, { batch: true }).loadMany(claimIds);
    const slugOfStatement = new Map(filed.map((statement) => [statement.id, statement.slug]));
    let right = 0;
    const wireLines: string[] = [];
    for (const summary of summaries) {
      if (!summary || summary instanceof Error) continue;
      const slugs = summary.statementIds.map((id) => slugOfStatement.get(id)!);
      const expected = expectedOrigins(slugs, originOf);
      if (expected === summary.independentOriginCount) right++;
      if (slugs.some((slug) => originOf.has(slug))) {
        wireLines.push(
          `  ${expected === summary.independentOriginCount ? 'right' : 'WRONG'}: ${summary.independentOriginCount} origin(s), gold ${expected}; ` +
            `${new Set(slugs).size} articles: ${short(summary.firstText)}`,
        );
      }
    }
    console.log(`\nindependent origins: ${percent(right, claimIds.length)} of the claims counted as the gold counts them`);
    console.log('claims in events with wire copies (events.json "origin"):');
    for (const line of wireLines) console.log(line);

    const precision = score.total.predictedPairs === 0 ? 0 : score.total.correctPairs / score.total.predictedPairs;
    console.log(`\ntarget: pair precision ${percent(score.total.correctPairs, score.total.predictedPairs)} (≥ ${PRECISION_TARGET * 100}%)`);
    return precision >= PRECISION_TARGET ? 0 : 1;
  } finally {
    await handle.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** What stood in the way of a missed pair, from what was filed for its two statements. */
function missedReasons(missed: PairMistake[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const { left, right } of missed) {
    const sources = [left.source, right.source];
    const why = sources.includes('not filed')
      ? 'a statement not filed (extraction)'
      : sources.some((source) => source == null || source.startsWith('('))
        ? 'a statement filed with no named speaker or institution (only ever suggested)'
        : left.source !== right.source
          ? 'filed as said by two different speakers or institutions'
          : 'same source, wordings scored below the link threshold or dates outside the window';
    counts.set(why, (counts.get(why) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1]);
}

function report(score: ClusterScore, eventNames: string[], articleCount: number, filedCount: number, quiet: boolean): void {
  console.log(`${eventNames.length} events, ${articleCount} articles imported, ${filedCount} statements filed\n`);
  const header = ['event', 'gold pairs', 'precision', 'recall', `recall (≥ ${CLUSTERING.minWords} words)`, 'both filed'];
  const rows = [header];
  eventNames.forEach((name, index) => {
    const counts = score.byEvent.get(name);
    if (counts) rows.push(countsLine(`${index + 1}. ${name.length > 60 ? `${name.slice(0, 57)}...` : name}`, counts));
  });
  rows.push(countsLine('all', score.total));
  printTable(rows);
  console.log(`\npredicted pairs across two events: ${score.acrossEvents}`);
  console.log(
    `suggestions (below ${CLUSTERING.linkScore}, for an editor): ${score.suggestions.total}, ` +
      `of which gold pairs ${percent(score.suggestions.correct, score.suggestions.total)}`,
  );
  const confirmed = score.withSuggestions;
  console.log(
    `if every suggestion were confirmed: precision ${percent(confirmed.correctPairs, confirmed.predictedPairs)}, ` +
      `recall ${percent(confirmed.foundPairs, confirmed.goldPairs)}, (≥ ${CLUSTERING.minWords} words) ${percent(confirmed.foundEligiblePairs, confirmed.eligibleGoldPairs)}`,
  );
  console.log(`gold statements not filed (no filed statement of that kind overlaps half of it): ${score.unmatched.length}`);
  console.log(`why the missed pairs of ${CLUSTERING.minWords} words or more were missed:`);
  for (const [why, count] of missedReasons(score.missedPairs)) console.log(`  ${String(count).padStart(4)}  ${why}`);
  if (quiet) return;
  console.log(`\nwrong pairs (${score.falsePairs.length}):`);
  for (const mistake of score.falsePairs) console.log(mistakeLine(mistake));
  console.log(`\nmissed pairs of ${CLUSTERING.minWords} words or more (${score.missedPairs.length}):`);
  for (const mistake of score.missedPairs) console.log(mistakeLine(mistake));
}

const options = process.argv.slice(2);
const unknown = options.filter((option) => option !== '--quiet' && option !== '--undated-on-event-date');
if (unknown.length > 0) {
  console.error(`unknown option ${unknown[0]}`);
  process.exit(2);
}
run(options.includes('--quiet'), options.includes('--undated-on-event-date')).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exitCode = 2;
  },
);
