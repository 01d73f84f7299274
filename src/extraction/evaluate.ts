/**
 * Scores extracted quotations against a hand annotation. A quotation's text is its identity
 * (compared after trimming whitespace); each annotated quotation can be matched once. Speakers
 * are compared by name after normalising case, diacritics, punctuation and whitespace;
 * institutions and unnamed sources, which articles word in many ways, more loosely.
 */

export interface ScoredQuotation {
  text: string;
  speaker: string | null;
}

export interface AnnotatedQuotation extends ScoredQuotation {
  /** The institution that speaks (the corpus's `organization`). */
  organization?: string | null;
  /** The article's words for an unnamed or collective source (the corpus's `unnamed`). */
  unnamed?: string | null;
  /** How the article tells who spoke (the corpus's `cue`); absent in the old fixtures. */
  cue?: string;
}

export interface PredictedQuotation extends ScoredQuotation {
  organization?: string | null;
  description?: string | null;
  confidence?: number;
  /** Offsets of the text in the body, for the overlap measure; found by text when absent. */
  spanStart?: number;
  spanEnd?: number;
}

export interface NonStatement {
  text: string;
  kind: string;
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
  /** Sum over predictions of the largest fraction of it that one annotated span covers. */
  overlapPrecisionSum: number;
  /** Sum over annotations of the largest fraction of it that one predicted span covers. */
  overlapRecallSum: number;
  annotatedOrganization: number;
  predictedOrganization: number;
  correctOrganization: number;
  annotatedUnnamed: number;
  predictedUnnamed: number;
  correctUnnamed: number;
}

export type MistakeKind =
  | 'wrong speaker'
  | 'missed speaker'
  | 'spurious quotation'
  | 'missed quotation'
  | 'wrong organization'
  | 'missed organization'
  | 'wrong description'
  | 'missed description';

export interface Mistake {
  kind: MistakeKind;
  text: string;
  expected: string | null;
  predicted: string | null;
  /** The annotation's cue, when the mistake concerns an annotated quotation. */
  cue?: string;
  /** A spurious quotation that the annotation lists as a title, term, scare quote... */
  nonStatement?: string;
}

export interface Ratios {
  spanPrecision: number;
  spanRecall: number;
  attributionPrecision: number;
  attributionRecall: number;
}

export interface CalibrationPoint {
  confidence: number;
  /** The source the prediction claims (speaker, organization or description) is the annotated one. */
  right: boolean;
}

/** Bucket of all predictions that match no annotated quotation, in a per-cue breakdown. */
export const SPURIOUS = '(not annotated)';
/** Cue of an annotation that has none (the old fixtures). */
export const NO_CUE = '(no cue)';

/** The old fixtures' targets; the real-news corpus's test part adds span recall. */
export const TARGETS = { attributionPrecision: 0.95, attributionRecall: 0.85 };
export const CORPUS_TARGETS = { ...TARGETS, spanRecall: 0.95 };

export function emptyScore(): Score {
  return {
    annotated: 0,
    annotatedAttributed: 0,
    predicted: 0,
    predictedAttributed: 0,
    spanMatches: 0,
    correctAttributed: 0,
    overlapPrecisionSum: 0,
    overlapRecallSum: 0,
    annotatedOrganization: 0,
    predictedOrganization: 0,
    correctOrganization: 0,
    annotatedUnnamed: 0,
    predictedUnnamed: 0,
    correctUnnamed: 0,
  };
}

/** "Hossein Amir-Abdollahian", "hossein amir abdollahian" and "Hosséin Amir‑Abdollahian" are one name. */
export function normalizeName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

const FUNCTION_WORDS = new Set(['the', 'a', 'an', 'of', 'for', 'and', 'in', 'on', 'at', 'to', 'with', 's', 'its', 'their', 'his', 'her']);

function contentWords(phrase: string): Set<string> {
  return new Set(
    normalizeName(phrase)
      .split(' ')
      .filter((word) => word !== '' && !FUNCTION_WORDS.has(word)),
  );
}

function isSubset(small: Set<string>, large: Set<string>): boolean {
  for (const word of small) if (!large.has(word)) return false;
  return true;
}

/**
 * "the foreign ministry" names the "Ministry of Foreign Affairs", "Apple" is "Apple Inc.": the
 * content words of one are all among the other's.
 */
export function organizationsMatch(annotated: string, predicted: string): boolean {
  const expected = contentWords(annotated);
  const found = contentWords(predicted);
  if (expected.size === 0 || found.size === 0) return false;
  return isSubset(found, expected) || isSubset(expected, found);
}

/** "a senior police source" and "police sources"... overlap: they share a content word (or its plural). */
export function descriptionsMatch(annotated: string, predicted: string): boolean {
  const singular = (word: string) => (word.length > 3 && word.endsWith('s') ? word.slice(0, -1) : word);
  const expected = new Set([...contentWords(annotated)].map(singular));
  for (const word of contentWords(predicted)) if (expected.has(singular(word))) return true;
  return false;
}

interface Located {
  start: number;
  end: number;
}

/** Where each annotated text stands in the body: duplicates take successive occurrences. */
function locateAnnotations(body: string, annotated: AnnotatedQuotation[]): (Located | null)[] {
  const taken = new Set<number>();
  return annotated.map((quotation) => {
    for (let index = body.indexOf(quotation.text); index >= 0; index = body.indexOf(quotation.text, index + 1)) {
      if (taken.has(index)) continue;
      taken.add(index);
      return { start: index, end: index + quotation.text.length };
    }
    return null;
  });
}

function overlap(a: Located, b: Located): number {
  return Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));
}

function locatePrediction(body: string, prediction: PredictedQuotation): Located | null {
  if (prediction.spanStart !== undefined && prediction.spanEnd !== undefined)
    return { start: prediction.spanStart, end: prediction.spanEnd };
  const index = body.indexOf(prediction.text);
  return index < 0 ? null : { start: index, end: index + prediction.text.length };
}

function speakersMatch(expected: string | null, predicted: string | null): boolean {
  return expected !== null && predicted !== null && normalizeName(expected) === normalizeName(predicted);
}

export interface ArticleScore {
  score: Score;
  /** The same counts broken down by the annotation's cue; SPURIOUS holds unmatched predictions. */
  byCue: Map<string, Score>;
  mistakes: Mistake[];
  calibration: CalibrationPoint[];
}

/**
 * Scores one article. Without a body, the overlap measure counts exact matches only. A prediction
 * that names a speaker on a text nobody annotated costs attribution precision like a wrong name.
 */
export function scoreArticle(
  annotated: AnnotatedQuotation[],
  predicted: PredictedQuotation[],
  options: { body?: string; nonStatements?: NonStatement[] } = {},
): ArticleScore {
  const { body, nonStatements = [] } = options;
  const byCue = new Map<string, Score>();
  const scoreOf = (cue: string) => {
    let score = byCue.get(cue);
    if (!score) byCue.set(cue, (score = emptyScore()));
    return score;
  };
  const mistakes: Mistake[] = [];
  const calibration: CalibrationPoint[] = [];

  const annotatedSpans = body === undefined ? annotated.map(() => null) : locateAnnotations(body, annotated);
  const predictedSpans = body === undefined ? predicted.map(() => null) : predicted.map((prediction) => locatePrediction(body, prediction));
  const bestRecall = annotated.map(() => 0);

  annotated.forEach((quotation) => {
    const score = scoreOf(quotation.cue ?? NO_CUE);
    score.annotated++;
    if (quotation.speaker !== null) score.annotatedAttributed++;
    if (quotation.organization) score.annotatedOrganization++;
    if (quotation.unnamed) score.annotatedUnnamed++;
  });

  const unmatched = annotated.map((quotation, index) => ({ quotation, index, text: quotation.text.trim() }));
  for (const [predictionIndex, prediction] of predicted.entries()) {
    const text = prediction.text.trim();
    // Prefer the annotation that agrees on the speaker when the same text occurs twice.
    let position = unmatched.findIndex(
      (candidate) => candidate.text === text && speakersMatch(candidate.quotation.speaker, prediction.speaker),
    );
    if (position < 0) position = unmatched.findIndex((candidate) => candidate.text === text);
    const match = position < 0 ? null : unmatched.splice(position, 1)[0];
    const score = scoreOf(match ? (match.quotation.cue ?? NO_CUE) : SPURIOUS);
    const expected: AnnotatedQuotation = match?.quotation ?? { text, speaker: null };
    const cue = match?.quotation.cue;

    score.predicted++;
    if (prediction.speaker !== null) score.predictedAttributed++;
    if (prediction.organization) score.predictedOrganization++;
    if (prediction.description) score.predictedUnnamed++;

    const predictedSpan = predictedSpans[predictionIndex];
    if (match) {
      score.spanMatches++;
      score.overlapPrecisionSum += 1;
      bestRecall[match.index] = 1;
    } else if (predictedSpan) {
      const length = Math.max(1, predictedSpan.end - predictedSpan.start);
      let best = 0;
      annotatedSpans.forEach((span, index) => {
        if (!span) return;
        const shared = overlap(span, predictedSpan);
        best = Math.max(best, shared / length);
        bestRecall[index] = Math.max(bestRecall[index], shared / Math.max(1, span.end - span.start));
      });
      score.overlapPrecisionSum += best;
    }

    if (!match) {
      const nonStatement = nonStatements.find((candidate) => candidate.text.trim() === text)?.kind;
      mistakes.push({
        kind: 'spurious quotation',
        text,
        expected: null,
        predicted: prediction.speaker,
        ...(nonStatement ? { nonStatement } : {}),
      });
    }

    const speakerRight = speakersMatch(expected.speaker, prediction.speaker);
    if (speakerRight) score.correctAttributed++;
    else if (match && prediction.speaker !== null)
      mistakes.push({ kind: 'wrong speaker', text, expected: expected.speaker, predicted: prediction.speaker, cue });
    else if (match && expected.speaker !== null)
      mistakes.push({ kind: 'missed speaker', text, expected: expected.speaker, predicted: null, cue });

    const organizationRight = Boolean(
      expected.organization && prediction.organization && organizationsMatch(expected.organization, prediction.organization),
    );
    if (organizationRight) score.correctOrganization++;
    else if (match && prediction.organization)
      mistakes.push({ kind: 'wrong organization', text, expected: expected.organization ?? null, predicted: prediction.organization, cue });
    else if (match && expected.organization)
      mistakes.push({ kind: 'missed organization', text, expected: expected.organization, predicted: null, cue });

    const descriptionRight = Boolean(
      expected.unnamed && prediction.description && descriptionsMatch(expected.unnamed, prediction.description),
    );
    if (descriptionRight) score.correctUnnamed++;
    else if (match && prediction.description)
      mistakes.push({ kind: 'wrong description', text, expected: expected.unnamed ?? null, predicted: prediction.description, cue });
    else if (match && expected.unnamed)
      mistakes.push({ kind: 'missed description', text, expected: expected.unnamed, predicted: null, cue });

    const claims = [prediction.speaker !== null, Boolean(prediction.organization), Boolean(prediction.description)];
    const rights = [speakerRight, organizationRight, descriptionRight];
    if (claims.some(Boolean) && prediction.confidence !== undefined) {
      calibration.push({ confidence: prediction.confidence, right: claims.every((claimed, index) => !claimed || rights[index]) });
    }
  }

  for (const missed of unmatched)
    mistakes.push({
      kind: 'missed quotation',
      text: missed.text,
      expected: missed.quotation.speaker,
      predicted: null,
      cue: missed.quotation.cue,
    });
  annotated.forEach((quotation, index) => {
    scoreOf(quotation.cue ?? NO_CUE).overlapRecallSum += bestRecall[index];
  });

  return { score: sumScores([...byCue.values()]), byCue, mistakes, calibration };
}

export function sumScores(scores: Iterable<Score>): Score {
  const total = emptyScore();
  for (const score of scores) {
    for (const key of Object.keys(total) as (keyof Score)[]) total[key] += score[key];
  }
  return total;
}

/** An empty denominator counts as perfect: nothing claimed, nothing wrong. */
export function ratio(numerator: number, denominator: number): number {
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

/** Harmonic mean of the overlap precision and recall: credit for spans cut a little wrong. */
export function overlapF1(score: Score): number {
  const precision = ratio(score.overlapPrecisionSum, score.predicted);
  const recall = ratio(score.overlapRecallSum, score.annotated);
  return precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
}

export function meetsTargets(ratios: Ratios): boolean {
  return ratios.attributionPrecision >= TARGETS.attributionPrecision && ratios.attributionRecall >= TARGETS.attributionRecall;
}

/** The targets on the corpus's test part; an empty part has measured nothing and fails. */
export function meetsCorpusTargets(score: Score): boolean {
  const ratios = ratiosOf(score);
  return score.annotated > 0 && meetsTargets(ratios) && ratios.spanRecall >= CORPUS_TARGETS.spanRecall;
}

export interface ArticleToScore {
  slug: string;
  body: string;
  quotations: AnnotatedQuotation[];
  nonStatements?: NonStatement[];
}

export interface Evaluation {
  total: Score;
  byCue: Map<string, Score>;
  articles: { slug: string; score: Score; mistakes: Mistake[] }[];
  calibration: CalibrationPoint[];
}

/** Runs an extractor over articles and adds their scores up, in total and per cue. */
export function evaluate(articles: ArticleToScore[], extract: (body: string) => PredictedQuotation[]): Evaluation {
  const byCue = new Map<string, Score>();
  const calibration: CalibrationPoint[] = [];
  const scored = articles.map((article) => {
    const result = scoreArticle(article.quotations, extract(article.body), { body: article.body, nonStatements: article.nonStatements });
    for (const [cue, score] of result.byCue) byCue.set(cue, sumScores([byCue.get(cue) ?? emptyScore(), score]));
    calibration.push(...result.calibration);
    return { slug: article.slug, score: result.score, mistakes: result.mistakes };
  });
  return { total: sumScores(scored.map((article) => article.score)), byCue, articles: scored, calibration };
}

export interface CalibrationBucket {
  low: number;
  high: number;
  count: number;
  right: number;
  meanConfidence: number;
}

/** Buckets [low, high) of confidence, the last one closed (1.0 falls in 0.9–1.0). */
export function calibrationTable(points: CalibrationPoint[], edges: number[] = [0, 0.5, 0.6, 0.7, 0.8, 0.9, 1]): CalibrationBucket[] {
  const buckets = edges.slice(0, -1).map((low, index) => ({ low, high: edges[index + 1], count: 0, right: 0, meanConfidence: 0 }));
  for (const point of points) {
    const bucket = buckets.find((candidate, index) => point.confidence < candidate.high || index === buckets.length - 1)!;
    bucket.count++;
    if (point.right) bucket.right++;
    bucket.meanConfidence += point.confidence;
  }
  for (const bucket of buckets) bucket.meanConfidence = bucket.count === 0 ? 0 : bucket.meanConfidence / bucket.count;
  return buckets;
}

/** What extractQuotations gives, in the scorer's terms. */
export function asPredicted(quotation: {
  text: string;
  spanStart: number;
  spanEnd: number;
  speaker: { name: string } | null;
  confidence: number;
  sourceOrganization: string | null;
  sourceDescription: string | null;
}): PredictedQuotation {
  return {
    text: quotation.text,
    speaker: quotation.speaker?.name ?? null,
    organization: quotation.sourceOrganization,
    description: quotation.sourceDescription,
    confidence: quotation.confidence,
    spanStart: quotation.spanStart,
    spanEnd: quotation.spanEnd,
  };
}

export interface FinderScore {
  /** Annotated quotations, and those that a found span's text is exactly. */
  quotations: number;
  quotationsFound: number;
  /** Spans found, and those whose text is an annotated quotation or non-statement. */
  spans: number;
  spansAnnotated: number;
}

/**
 * The quotation-mark stage alone, before anything decides what is a statement: does it find every
 * annotated quotation, and is each span it finds something the annotation lists (a quotation, or a
 * title, term or scare quote that a later stage should drop)?
 */
export function scoreFinder(articles: ArticleToScore[], findSpans: (body: string) => { start: number; end: number }[]): FinderScore {
  const score: FinderScore = { quotations: 0, quotationsFound: 0, spans: 0, spansAnnotated: 0 };
  for (const article of articles) {
    const found = findSpans(article.body).map((span) => article.body.slice(span.start, span.end).trim());
    const unfound = [...found];
    for (const quotation of article.quotations) {
      score.quotations++;
      const index = unfound.indexOf(quotation.text.trim());
      if (index >= 0) {
        score.quotationsFound++;
        unfound.splice(index, 1);
      }
    }
    const listed = [...article.quotations, ...(article.nonStatements ?? [])].map((item) => item.text.trim());
    for (const text of found) {
      score.spans++;
      const index = listed.indexOf(text);
      if (index >= 0) {
        score.spansAnnotated++;
        listed.splice(index, 1);
      }
    }
  }
  return score;
}
