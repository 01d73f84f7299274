/**
 * Scores extracted quotations against a hand annotation. A quotation's text is its identity
 * (compared after trimming whitespace); each annotated quotation can be matched once.
 */

export interface ScoredQuotation {
  text: string;
  speaker: string | null;
}

export interface Score {
  annotated: number;
  /** Annotated quotations that have a speaker. */
  annotatedAttributed: number;
  predicted: number;
  /** Predicted quotations that name a speaker. */
  predictedAttributed: number;
  /** Predicted quotations whose text is an annotated quotation's. */
  spanMatches: number;
  /** Predicted speakers that are the annotated speaker of the same text. */
  correctAttributed: number;
}

export interface Mistake {
  kind: 'wrong speaker' | 'missed speaker' | 'spurious quotation' | 'missed quotation';
  text: string;
  expected: string | null;
  predicted: string | null;
}

export interface Ratios {
  spanPrecision: number;
  spanRecall: number;
  attributionPrecision: number;
  attributionRecall: number;
}

export const TARGETS = { attributionPrecision: 0.95, attributionRecall: 0.85 };

export function scoreArticle(annotated: ScoredQuotation[], predicted: ScoredQuotation[]): { score: Score; mistakes: Mistake[] } {
  const unmatched = annotated.map((quotation) => ({ ...quotation, text: quotation.text.trim() }));
  const mistakes: Mistake[] = [];
  let spanMatches = 0;
  let correctAttributed = 0;
  for (const prediction of predicted) {
    const text = prediction.text.trim();
    // Prefer the annotation that agrees on the speaker when the same text occurs twice.
    let index = unmatched.findIndex((candidate) => candidate.text === text && candidate.speaker === prediction.speaker);
    if (index < 0) index = unmatched.findIndex((candidate) => candidate.text === text);
    if (index < 0) {
      mistakes.push({ kind: 'spurious quotation', text, expected: null, predicted: prediction.speaker });
      continue;
    }
    const [match] = unmatched.splice(index, 1);
    spanMatches++;
    if (prediction.speaker !== null && prediction.speaker === match.speaker) correctAttributed++;
    else if (prediction.speaker !== null) mistakes.push({ kind: 'wrong speaker', text, expected: match.speaker, predicted: prediction.speaker });
    else if (match.speaker !== null) mistakes.push({ kind: 'missed speaker', text, expected: match.speaker, predicted: null });
  }
  for (const missed of unmatched) mistakes.push({ kind: 'missed quotation', text: missed.text, expected: missed.speaker, predicted: null });
  return {
    score: {
      annotated: annotated.length,
      annotatedAttributed: annotated.filter((quotation) => quotation.speaker !== null).length,
      predicted: predicted.length,
      predictedAttributed: predicted.filter((quotation) => quotation.speaker !== null).length,
      spanMatches,
      correctAttributed,
    },
    mistakes,
  };
}

export function sumScores(scores: Score[]): Score {
  const total: Score = { annotated: 0, annotatedAttributed: 0, predicted: 0, predictedAttributed: 0, spanMatches: 0, correctAttributed: 0 };
  for (const score of scores) {
    for (const key of Object.keys(total) as (keyof Score)[]) total[key] += score[key];
  }
  return total;
}

/** An empty denominator counts as perfect: nothing claimed, nothing wrong. */
function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 1 : numerator / denominator;
}

export function ratiosOf(score: Score): Ratios {
  return {
    spanPrecision: ratio(score.spanMatches, score.predicted),
    spanRecall: ratio(score.spanMatches, score.annotated),
    attributionPrecision: ratio(score.correctAttributed, score.predictedAttributed),
    attributionRecall: ratio(score.correctAttributed, score.annotatedAttributed),
  };
}

export function meetsTargets(ratios: Ratios): boolean {
  return ratios.attributionPrecision >= TARGETS.attributionPrecision && ratios.attributionRecall >= TARGETS.attributionRecall;
}
