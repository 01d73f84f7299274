import { extractQuotations, extractStatements } from '../extraction';
import { findQuoteSpans } from '../extraction/quotes';
import {
  asPredicted,
  calibrationTable,
  CORPUS_TARGETS,
  evaluate,
  meetsCorpusTargets,
  meetsTargets,
  overlapF1,
  ratio,
  ratiosOf,
  scoreFinder,
  SPURIOUS,
  TARGETS,
  type CalibrationPoint,
  type Evaluation,
  type Mistake,
  type Score,
} from '../extraction/evaluate';
import { asPredictedParaphrase, evaluateParaphrases, paraphraseReport } from '../extraction/evaluate-paraphrases';
import { CUES, loadFixtureArticles, readNewsCorpus, type NewsArticle } from '../extraction/fixtures';

/**
 * `npm run eval:extraction` scores extractQuotations on the real-news corpus
 * (test/fixtures/news: dev, tuned on, and test, only measured) and on the 17 old fixtures
 * (test/fixtures/articles, a regression set reported apart). Per split: spans (exact and by
 * overlap), named speakers, institutions and unnamed sources, per annotated cue and in total, and
 * a calibration table of confidence. Exits 1 when the test part misses the issue's targets
 * (attribution precision 0.95, recall 0.85, span recall 0.95) or the old fixtures their own, and
 * when a corpus file breaks the format of test/fixtures/news/README.md (it is skipped, and named).
 *
 *   --split dev|test|fixtures   one part only (repeatable); all three by default
 *   --quiet                     no list of mistakes
 *   --show-test-mistakes        also list the test part's mistakes (by default only dev's are:
 *                               reading test's invites tuning on it)
 */
type Split = 'dev' | 'test' | 'fixtures';
const SPLITS: Split[] = ['dev', 'test', 'fixtures'];

function parseArguments(argv: string[]): { splits: Split[]; quiet: boolean; showTestMistakes: boolean } {
  const splits: Split[] = [];
  let quiet = false;
  let showTestMistakes = false;
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index];
    if (argument === '--quiet') quiet = true;
    else if (argument === '--show-test-mistakes') showTestMistakes = true;
    else if (argument === '--split' || argument.startsWith('--split=')) {
      const value = argument === '--split' ? argv[++index] : argument.slice('--split='.length);
      if (!SPLITS.includes(value as Split)) throw new Error(`--split takes ${SPLITS.join(', ')}, not ${value}`);
      splits.push(value as Split);
    } else throw new Error(`unknown option ${argument}`);
  }
  return { splits: splits.length > 0 ? splits : SPLITS, quiet, showTestMistakes };
}

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;
const fraction = (numerator: number, denominator: number) => `${percent(ratio(numerator, denominator))} (${numerator}/${denominator})`;

function printTable(rows: string[][], ruleBeforeLast = true): void {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((cells) => cells[column].length)));
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  rows.forEach((cells, index) => {
    if (ruleBeforeLast && index === rows.length - 1 && rows.length > 2) console.log(rule);
    console.log(cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  '));
    if (index === 0) console.log(rule);
  });
}

const QUALITY_HEADER = ['', 'annotated', 'found', 'span P', 'span R', 'overlap F1', 'speaker P', 'speaker R'];

function qualityRow(name: string, score: Score): string[] {
  const ratios = ratiosOf(score);
  return [
    name,
    String(score.annotated),
    String(score.predicted),
    score.predicted === 0 ? '-' : percent(ratios.spanPrecision),
    score.annotated === 0 ? '-' : percent(ratios.spanRecall),
    score.annotated + score.predicted === 0 ? '-' : percent(overlapF1(score)),
    score.predictedAttributed === 0
      ? '-'
      : `${percent(ratios.attributionPrecision)} (${score.correctAttributed}/${score.predictedAttributed})`,
    score.annotatedAttributed === 0
      ? '-'
      : `${percent(ratios.attributionRecall)} (${score.correctAttributed}/${score.annotatedAttributed})`,
  ];
}

function printCalibration(points: CalibrationPoint[]): void {
  const rows = [['confidence', 'claimed', 'right', 'fraction right', 'mean confidence']];
  for (const bucket of calibrationTable(points)) {
    rows.push([
      `${bucket.low.toFixed(1)}–${bucket.high.toFixed(1)}`,
      String(bucket.count),
      String(bucket.right),
      bucket.count === 0 ? '-' : percent(bucket.right / bucket.count),
      bucket.count === 0 ? '-' : bucket.meanConfidence.toFixed(2),
    ]);
  }
  printTable(rows, false);
}

function describe(mistake: Mistake): string {
  const text = mistake.text.length > 70 ? `${mistake.text.slice(0, 67)}...` : mistake.text;
  const notes = [mistake.cue && `cue ${mistake.cue}`, mistake.nonStatement && `annotated as ${mistake.nonStatement}`]
    .filter(Boolean)
    .join(', ');
  return `  ${mistake.kind}: "${text.replace(/\n/g, '¶')}" expected ${mistake.expected ?? '(nobody)'}, got ${mistake.predicted ?? '(nobody)'}${notes ? ` [${notes}]` : ''}`;
}

function printMistakes(evaluation: Evaluation): void {
  for (const article of evaluation.articles) {
    if (article.mistakes.length === 0) continue;
    console.log(`\n${article.slug}`);
    for (const mistake of article.mistakes) console.log(describe(mistake));
  }
}

function printCorpusSplit(
  name: 'dev' | 'test',
  articles: NewsArticle[],
  evaluation: Evaluation,
  millisecondsPerArticle: number,
  showMistakes: boolean,
): void {
  const { total } = evaluation;
  console.log(`\n=== ${name}: ${evaluation.articles.length} articles, ${total.annotated} annotated quotations ===\n`);
  const cues = [...CUES.filter((cue) => evaluation.byCue.has(cue)), ...(evaluation.byCue.has(SPURIOUS) ? [SPURIOUS] : [])];
  printTable([
    QUALITY_HEADER.map((cell, index) => (index === 0 ? 'cue' : cell)),
    ...cues.map((cue) => qualityRow(cue, evaluation.byCue.get(cue)!)),
    qualityRow('TOTAL', total),
  ]);
  console.log('\nother sources (loose match)      precision            recall');
  console.log(
    `institution (organization)       ${fraction(total.correctOrganization, total.predictedOrganization).padEnd(20)} ${fraction(total.correctOrganization, total.annotatedOrganization)}`,
  );
  console.log(
    `unnamed source (description)     ${fraction(total.correctUnnamed, total.predictedUnnamed).padEnd(20)} ${fraction(total.correctUnnamed, total.annotatedUnnamed)}`,
  );
  const finder = scoreFinder(articles, findQuoteSpans);
  console.log(
    `\nquotation marks alone (findQuoteSpans, before any filter): ${fraction(finder.quotationsFound, finder.quotations)} of annotated quotations found;` +
      ` ${fraction(finder.spansAnnotated, finder.spans)} of its spans annotated (quotations or non-statements)`,
  );
  console.log(`time: ${millisecondsPerArticle.toFixed(1)} ms per article (extractQuotations, mean)`);
  console.log(`\ncalibration (${name}): quotations given a source, by confidence`);
  printCalibration(evaluation.calibration);
  if (showMistakes) printMistakes(evaluation);
}

function run(): number {
  const { splits, quiet, showTestMistakes } = parseArguments(process.argv.slice(2));
  const extract = (body: string) => extractQuotations(body).map(asPredicted);
  let failed = false;

  for (const split of splits) {
    if (split === 'fixtures') {
      const evaluation = evaluate(loadFixtureArticles(), extract);
      console.log(`\n=== fixtures (regression set, invented): ${evaluation.articles.length} articles ===\n`);
      printTable([
        QUALITY_HEADER.map((cell, index) => (index === 0 ? 'article' : cell)),
        ...evaluation.articles.map((article) => qualityRow(article.slug, article.score)),
        qualityRow('TOTAL', evaluation.total),
      ]);
      const ratios = ratiosOf(evaluation.total);
      if (!quiet && splits.length === 1) printMistakes(evaluation);
      if (!meetsTargets(ratios)) {
        console.error(
          `\nfixtures below their targets: speaker precision ${percent(ratios.attributionPrecision)} (≥ ${percent(TARGETS.attributionPrecision)}), recall ${percent(ratios.attributionRecall)} (≥ ${percent(TARGETS.attributionRecall)})`,
        );
        failed = true;
      }
      continue;
    }
    const { articles, invalid } = readNewsCorpus(split);
    for (const { error } of invalid) console.error(`${split}: skipped, ${error}`);
    if (invalid.length > 0) failed = true;
    // Loading compromise's lexicon and compiling the hot paths is not an article's time.
    if (articles.length > 0) extract(articles[0].body);
    const started = performance.now();
    const evaluation = evaluate(articles, extract);
    const millisecondsPerArticle = (performance.now() - started) / Math.max(1, articles.length);
    printCorpusSplit(split, articles, evaluation, millisecondsPerArticle, !quiet && (split === 'dev' || showTestMistakes));
    // Reported speech, apart from the quotations (src/extraction/evaluate-paraphrases.ts).
    const paraphrases = evaluateParaphrases(articles, (body) =>
      extractStatements(body)
        .filter((statement) => statement.kind === 'PARAPHRASE')
        .map(asPredictedParaphrase),
    );
    for (const line of paraphraseReport(split, paraphrases, !quiet && (split === 'dev' || showTestMistakes))) console.log(line);
    if (split === 'test') {
      const ratios = ratiosOf(evaluation.total);
      console.log(
        `\ntest targets: speaker precision ${percent(ratios.attributionPrecision)} (≥ ${percent(CORPUS_TARGETS.attributionPrecision)}),` +
          ` speaker recall ${percent(ratios.attributionRecall)} (≥ ${percent(CORPUS_TARGETS.attributionRecall)}),` +
          ` span recall ${percent(ratios.spanRecall)} (≥ ${percent(CORPUS_TARGETS.spanRecall)})`,
      );
      if (!meetsCorpusTargets(evaluation.total)) {
        console.error(evaluation.total.annotated === 0 ? 'test part is empty: nothing measured' : 'test part below the targets');
        failed = true;
      }
    }
  }
  return failed ? 1 : 0;
}

try {
  process.exitCode = run();
} catch (error) {
  // A wrong option, or an unreadable file: say so, without a stack.
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 2;
}
