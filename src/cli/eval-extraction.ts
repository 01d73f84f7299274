import { extractQuotations } from '../extraction';
import { meetsTargets, ratiosOf, scoreArticle, sumScores, TARGETS, type Mistake, type Score } from '../extraction/evaluate';
import { loadFixtureArticles } from '../extraction/fixtures';

/**
 * `npm run eval:extraction` scores extractQuotations against the hand-annotated fixtures:
 * precision and recall of quotation spans, and of (span, speaker) pairs. Exits 1 below the
 * attribution targets. `--quiet` leaves out the list of mistakes.
 */
const quiet = process.argv.includes('--quiet');

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;

function row(name: string, score: Score): string[] {
  const ratios = ratiosOf(score);
  return [
    name,
    String(score.annotated),
    String(score.predicted),
    percent(ratios.spanPrecision),
    percent(ratios.spanRecall),
    `${score.correctAttributed}/${score.predictedAttributed}`,
    percent(ratios.attributionPrecision),
    `${score.correctAttributed}/${score.annotatedAttributed}`,
    percent(ratios.attributionRecall),
  ];
}

function printTable(rows: string[][]): void {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((cells) => cells[column].length)));
  rows.forEach((cells, index) => {
    console.log(cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  '));
    if (index === 0 || index === rows.length - 2) console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  });
}

function describe(mistake: Mistake): string {
  const text = mistake.text.length > 70 ? `${mistake.text.slice(0, 67)}...` : mistake.text;
  return `  ${mistake.kind}: "${text.replace(/\n/g, '¶')}" expected ${mistake.expected ?? 'no speaker'}, got ${mistake.predicted ?? 'no speaker'}`;
}

const header = ['article', 'annotated', 'found', 'span P', 'span R', 'right/named', 'attrib P', 'right/annotated', 'attrib R'];
const rows: string[][] = [header];
const scores: Score[] = [];
const mistakesByArticle: [string, Mistake[]][] = [];
for (const article of loadFixtureArticles()) {
  const predicted = extractQuotations(article.body).map((quotation) => ({ text: quotation.text, speaker: quotation.speaker?.name ?? null }));
  const { score, mistakes } = scoreArticle(article.quotations, predicted);
  scores.push(score);
  rows.push(row(article.slug, score));
  if (mistakes.length > 0) mistakesByArticle.push([article.slug, mistakes]);
}
const total = sumScores(scores);
rows.push(row('TOTAL', total));
printTable(rows);

const ratios = ratiosOf(total);
console.log(
  `\nquotation spans: precision ${percent(ratios.spanPrecision)}, recall ${percent(ratios.spanRecall)}` +
    `\nattribution:     precision ${percent(ratios.attributionPrecision)} (target ${percent(TARGETS.attributionPrecision)}),` +
    ` recall ${percent(ratios.attributionRecall)} (target ${percent(TARGETS.attributionRecall)})`,
);
if (!quiet) {
  for (const [slug, mistakes] of mistakesByArticle) {
    console.log(`\n${slug}`);
    for (const mistake of mistakes) console.log(describe(mistake));
  }
}
if (!meetsTargets(ratios)) {
  console.error('\nBelow the attribution targets.');
  process.exit(1);
}
