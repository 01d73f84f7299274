import { descriptionsMatch, normalizeName, organizationsMatch, ratio } from './evaluate';
import { wordsIn } from './text';

/**
 * Scores reported speech (PARAPHRASE statements) against the corpus's `paraphrases`
 * (test/fixtures/news/README.md, "Reported speech"). Spans are compared by the words they share:
 * a paraphrase's edges are a matter of judgement (is "on Friday" part of it?), so a span cut a
 * little differently still earns most of its credit.
 *
 * - Each predicted span is paired with at most one annotated span and each annotated span with at
 *   most one prediction: the pairs that share the most (by their overlap F1) are made first.
 *   Overlap precision is the mean, over predictions, of the fraction of its words its pair
 *   covers; overlap recall the mean, over annotated spans, of the fraction of its words covered.
 * - Nested reports are annotated at both levels ("Police said [the man told them [he had
 *   fled]]") and the README lets an extractor file either: an annotated span left unpaired that
 *   contains, or lies inside, a paired annotated span is excused (left out of recall).
 * - Attribution precision is over what the extractor files: of the predictions that name a
 *   speaker, those whose pair has that speaker. A named speaker on a span nobody annotated counts
 *   as wrong. Source precision counts organizations and unnamed sources as well.
 */

export interface AnnotatedParaphrase {
  text: string;
  speaker: string | null;
  organization: string | null;
  unnamed: string | null;
  verb: string;
}

export interface PredictedParaphrase {
  text: string;
  spanStart: number;
  spanEnd: number;
  speaker: string | null;
  organization: string | null;
  description: string | null;
  verb: string | null;
}

export interface ParaphraseScore {
  annotated: number;
  /** Annotated spans left out of recall: the other level of a nested report that was found. */
  excused: number;
  predicted: number;
  paired: number;
  overlapPrecisionSum: number;
  overlapRecallSum: number;
  /** Predictions naming a speaker, and those whose paired annotation names the same person. */
  predictedAttributed: number;
  correctAttributed: number;
  annotatedAttributed: number;
  /** Predictions claiming any source (speaker, organization, description), and those right on every claim. */
  predictedSourced: number;
  correctSourced: number;
}

export type ParaphraseMistakeKind = 'missed' | 'spurious' | 'cut' | 'wrong speaker' | 'missed speaker' | 'wrong source';

export interface ParaphraseMistake {
  kind: ParaphraseMistakeKind;
  /** The annotated text (or the predicted one, for a spurious span). */
  text: string;
  predictedText?: string;
  expected?: string | null;
  predicted?: string | null;
}

/** The issue's targets (issue 17, part 1). */
export const PARAPHRASE_TARGETS = { overlapF1: 0.75, attributionPrecision: 0.95 };

export function emptyParaphraseScore(): ParaphraseScore {
  return {
    annotated: 0,
    excused: 0,
    predicted: 0,
    paired: 0,
    overlapPrecisionSum: 0,
    overlapRecallSum: 0,
    predictedAttributed: 0,
    correctAttributed: 0,
    annotatedAttributed: 0,
    predictedSourced: 0,
    correctSourced: 0,
  };
}

interface Located {
  start: number;
  end: number;
}

/** Where each annotated text stands in the body: a text annotated twice takes successive occurrences. */
function locate(body: string, texts: string[]): (Located | null)[] {
  const taken = new Set<string>();
  return texts.map((text) => {
    for (let index = body.indexOf(text); index >= 0; index = body.indexOf(text, index + 1)) {
      const key = `${index}:${text.length}`;
      if (taken.has(key)) continue;
      taken.add(key);
      return { start: index, end: index + text.length };
    }
    return null;
  });
}

/** The word starts of the body, for counting the words a span holds. */
function wordStarts(body: string): number[] {
  return wordsIn(body, 0, body.length).map((word) => word.start);
}

function firstAtOrAfter(starts: number[], position: number): number {
  let low = 0;
  let high = starts.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (starts[middle] < position) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Words whose first character lies in [start, end). */
function wordCount(starts: number[], start: number, end: number): number {
  return Math.max(0, firstAtOrAfter(starts, end) - firstAtOrAfter(starts, start));
}

function sameSpeaker(expected: string | null, predicted: string | null): boolean {
  return expected !== null && predicted !== null && normalizeName(expected) === normalizeName(predicted);
}

export function scoreParaphrases(
  body: string,
  annotated: AnnotatedParaphrase[],
  predicted: PredictedParaphrase[],
): { score: ParaphraseScore; mistakes: ParaphraseMistake[] } {
  const score = emptyParaphraseScore();
  const mistakes: ParaphraseMistake[] = [];
  const starts = wordStarts(body);
  const gold = locate(
    body,
    annotated.map((paraphrase) => paraphrase.text),
  );
  const goldWords = gold.map((span) => (span ? Math.max(1, wordCount(starts, span.start, span.end)) : 1));
  const predictedWords = predicted.map((paraphrase) => Math.max(1, wordCount(starts, paraphrase.spanStart, paraphrase.spanEnd)));

  const pairs: { prediction: number; annotation: number; shared: number; f1: number }[] = [];
  predicted.forEach((prediction, predictionIndex) => {
    gold.forEach((span, annotationIndex) => {
      if (!span) return;
      const start = Math.max(span.start, prediction.spanStart);
      const end = Math.min(span.end, prediction.spanEnd);
      if (end <= start) return;
      const shared = wordCount(starts, start, end);
      if (shared === 0) return;
      pairs.push({
        prediction: predictionIndex,
        annotation: annotationIndex,
        shared,
        f1: (2 * shared) / (goldWords[annotationIndex] + predictedWords[predictionIndex]),
      });
    });
  });
  pairs.sort((a, b) => b.f1 - a.f1 || a.prediction - b.prediction || a.annotation - b.annotation);
  const pairOfPrediction = new Map<number, (typeof pairs)[number]>();
  const pairOfAnnotation = new Map<number, (typeof pairs)[number]>();
  for (const pair of pairs) {
    if (pairOfPrediction.has(pair.prediction) || pairOfAnnotation.has(pair.annotation)) continue;
    pairOfPrediction.set(pair.prediction, pair);
    pairOfAnnotation.set(pair.annotation, pair);
  }

  annotated.forEach((paraphrase, index) => {
    const pair = pairOfAnnotation.get(index);
    const span = gold[index];
    if (!pair) {
      const nested =
        span !== null &&
        [...pairOfAnnotation.keys()].some((other) => {
          const paired = gold[other]!;
          return (paired.start <= span.start && span.end <= paired.end) || (span.start <= paired.start && paired.end <= span.end);
        });
      if (nested) {
        score.excused++;
        return;
      }
      mistakes.push({
        kind: 'missed',
        text: paraphrase.text,
        expected: paraphrase.speaker ?? paraphrase.organization ?? paraphrase.unnamed,
      });
    }
    score.annotated++;
    if (paraphrase.speaker !== null) score.annotatedAttributed++;
    if (pair) score.overlapRecallSum += pair.shared / goldWords[index];
  });

  predicted.forEach((prediction, index) => {
    score.predicted++;
    const pair = pairOfPrediction.get(index);
    const expected = pair ? annotated[pair.annotation] : null;
    if (pair) {
      score.paired++;
      score.overlapPrecisionSum += pair.shared / predictedWords[index];
      if (pair.f1 < 1) mistakes.push({ kind: 'cut', text: expected!.text, predictedText: prediction.text });
    } else {
      mistakes.push({
        kind: 'spurious',
        text: prediction.text,
        predicted: prediction.speaker ?? prediction.organization ?? prediction.description,
      });
    }
    const speakerRight = sameSpeaker(expected?.speaker ?? null, prediction.speaker);
    if (prediction.speaker !== null) {
      score.predictedAttributed++;
      if (speakerRight) score.correctAttributed++;
      else if (expected)
        mistakes.push({
          kind: 'wrong speaker',
          text: expected.text,
          expected: expected.speaker ?? expected.organization ?? expected.unnamed,
          predicted: prediction.speaker,
        });
    } else if (expected?.speaker) {
      mistakes.push({
        kind: 'missed speaker',
        text: expected.text,
        expected: expected.speaker,
        predicted: prediction.organization ?? prediction.description,
      });
    }
    const organizationRight = Boolean(
      expected?.organization && prediction.organization && organizationsMatch(expected.organization, prediction.organization),
    );
    const descriptionRight = Boolean(
      expected?.unnamed && prediction.description && descriptionsMatch(expected.unnamed, prediction.description),
    );
    const claims = [prediction.speaker !== null, prediction.organization !== null, prediction.description !== null];
    const rights = [speakerRight, organizationRight, descriptionRight];
    if (claims.some(Boolean)) {
      score.predictedSourced++;
      if (claims.every((claimed, claim) => !claimed || rights[claim])) score.correctSourced++;
      else if (expected && prediction.speaker === null) {
        mistakes.push({
          kind: 'wrong source',
          text: expected.text,
          expected: expected.speaker ?? expected.organization ?? expected.unnamed,
          predicted: prediction.organization ?? prediction.description,
        });
      }
    }
  });
  return { score, mistakes };
}

export function sumParaphraseScores(scores: Iterable<ParaphraseScore>): ParaphraseScore {
  const total = emptyParaphraseScore();
  for (const score of scores) for (const key of Object.keys(total) as (keyof ParaphraseScore)[]) total[key] += score[key];
  return total;
}

export interface ParaphraseRatios {
  overlapPrecision: number;
  overlapRecall: number;
  overlapF1: number;
  attributionPrecision: number;
  attributionRecall: number;
  sourcePrecision: number;
}

export function paraphraseRatios(score: ParaphraseScore): ParaphraseRatios {
  const overlapPrecision = ratio(score.overlapPrecisionSum, score.predicted);
  const overlapRecall = ratio(score.overlapRecallSum, score.annotated);
  return {
    overlapPrecision,
    overlapRecall,
    overlapF1: overlapPrecision + overlapRecall === 0 ? 0 : (2 * overlapPrecision * overlapRecall) / (overlapPrecision + overlapRecall),
    attributionPrecision: ratio(score.correctAttributed, score.predictedAttributed),
    attributionRecall: ratio(score.correctAttributed, score.annotatedAttributed),
    sourcePrecision: ratio(score.correctSourced, score.predictedSourced),
  };
}

/** The targets, on a part that has something to measure. */
export function meetsParaphraseTargets(score: ParaphraseScore): boolean {
  const ratios = paraphraseRatios(score);
  return (
    score.annotated > 0 &&
    ratios.overlapF1 >= PARAPHRASE_TARGETS.overlapF1 &&
    ratios.attributionPrecision >= PARAPHRASE_TARGETS.attributionPrecision
  );
}

export interface ParaphraseArticle {
  slug: string;
  body: string;
  paraphrases?: AnnotatedParaphrase[];
}

export interface ParaphraseEvaluation {
  total: ParaphraseScore;
  articles: { slug: string; score: ParaphraseScore; mistakes: ParaphraseMistake[] }[];
}

/** Runs an extractor of reported speech over annotated articles and adds their scores up. */
export function evaluateParaphrases(articles: ParaphraseArticle[], extract: (body: string) => PredictedParaphrase[]): ParaphraseEvaluation {
  const scored = articles.map((article) => ({
    slug: article.slug,
    ...scoreParaphrases(article.body, article.paraphrases ?? [], extract(article.body)),
  }));
  return { total: sumParaphraseScores(scored.map((article) => article.score)), articles: scored };
}

/** What extractStatements gives for reported speech, in the scorer's terms. */
export function asPredictedParaphrase(statement: {
  text: string;
  spanStart: number;
  spanEnd: number;
  speaker: { name: string } | null;
  sourceOrganization: string | null;
  sourceDescription: string | null;
  verb: string | null;
}): PredictedParaphrase {
  return {
    text: statement.text,
    spanStart: statement.spanStart,
    spanEnd: statement.spanEnd,
    speaker: statement.speaker?.name ?? null,
    organization: statement.sourceOrganization,
    description: statement.sourceDescription,
    verb: statement.verb,
  };
}

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;

/**
 * The reported-speech part of `npm run eval:extraction` for one corpus part, as lines to print:
 * counts, overlap precision, recall and F1, speaker precision (the target) and recall, and
 * precision over every claimed source; with the mistakes when asked (dev only, by default).
 */
export function paraphraseReport(name: string, evaluation: ParaphraseEvaluation, showMistakes: boolean): string[] {
  const { total } = evaluation;
  const ratios = paraphraseRatios(total);
  const lines = [
    '',
    `--- ${name}: reported speech (PARAPHRASE), ${total.annotated} annotated${total.excused ? ` (+${total.excused} nested, excused)` : ''}, ${total.predicted} filed ---`,
    `span overlap: precision ${percent(ratios.overlapPrecision)}, recall ${percent(ratios.overlapRecall)}, F1 ${percent(ratios.overlapF1)} (target ≥ ${percent(PARAPHRASE_TARGETS.overlapF1)})`,
    `speaker: precision ${percent(ratios.attributionPrecision)} (${total.correctAttributed}/${total.predictedAttributed}, target ≥ ${percent(PARAPHRASE_TARGETS.attributionPrecision)}),` +
      ` recall ${percent(ratios.attributionRecall)} (${total.correctAttributed}/${total.annotatedAttributed})`,
    `any source (speaker, organization or description): precision ${percent(ratios.sourcePrecision)} (${total.correctSourced}/${total.predictedSourced})`,
  ];
  if (!showMistakes) return lines;
  const clip = (text: string) => (text.length > 90 ? `${text.slice(0, 87)}...` : text).replace(/\n/g, '¶');
  for (const article of evaluation.articles) {
    if (article.mistakes.length === 0) continue;
    lines.push(`\n${article.slug} (reported speech)`);
    for (const mistake of article.mistakes) {
      const got = mistake.predictedText !== undefined ? ` got "${clip(mistake.predictedText)}"` : '';
      const who =
        mistake.expected !== undefined || mistake.predicted !== undefined
          ? ` expected ${mistake.expected ?? '(nobody)'}, got ${mistake.predicted ?? '(nobody)'}`
          : '';
      lines.push(`  ${mistake.kind}: "${clip(mistake.text)}"${got}${who}`);
    }
  }
  return lines;
}
