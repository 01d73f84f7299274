/**
 * How two wordings of one remark compare, in plain string terms: what the clustering on filing
 * (src/services/claims.ts) and a claim's appearances (src/loaders/claims.ts) both need.
 */

/** Lower case, letters and digits only, single spaces: "Wait," and "wait" read the same. */
export function normalizedWording(text: string): string {
  return text
    .toLowerCase()
    .replace(/[’']/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export const wordsOf = (text: string): string[] => normalizedWording(text).split(' ').filter(Boolean);

const NEGATIONS = new Set(['not', 'never', 'no', 'nor', 'none', 'nobody', 'nothing', 'neither', 'nowhere', 'cannot']);

/** How many negations a wording holds, "n't" included ("won't" has one). */
export function negationCount(text: string): number {
  const raw = text.toLowerCase().replace(/’/g, "'");
  const contracted = (raw.match(/n't\b/g) ?? []).length;
  return contracted + raw.split(/[^\p{L}]+/u).filter((word) => NEGATIONS.has(word)).length;
}

/** A later wording shorter than this share of the first (in words) is a fragment of it. */
export const FRAGMENT_SHARE = 0.5;

export type MeaningChange = 'WORDS_ADDED' | 'NEGATION_LOST' | 'FRAGMENT';

/**
 * How a later appearance's wording may have changed what the first said: words it adds (three
 * or more words the first does not have), a negation the first had and it lost, or a fragment
 * under half the first's length. Empty when it says the same thing in about the same words.
 */
export function meaningChanges(first: string, later: string): MeaningChange[] {
  const firstWords = wordsOf(first);
  const laterWords = wordsOf(later);
  const known = new Set(firstWords);
  const changes: MeaningChange[] = [];
  if (laterWords.filter((word) => !known.has(word)).length >= 3) changes.push('WORDS_ADDED');
  if (negationCount(later) < negationCount(first)) changes.push('NEGATION_LOST');
  if (laterWords.length < firstWords.length * FRAGMENT_SHARE) changes.push('FRAGMENT');
  return changes;
}

/** Characters of the article's text either side of a statement that make up its origin key. */
export const ORIGIN_CONTEXT_CHARS = 200;

/**
 * What identifies one origin of a remark: the statement's wording together with the text around
 * it in its article (ORIGIN_CONTEXT_CHARS either side). Copies of one wire story keep both,
 * whoever publishes them, so they share a key; a second outlet that reports the same remark in
 * an article of its own does not.
 */
export function originKey(before: string, statementText: string, after: string): string {
  return `${normalizedWording(before)}|${normalizedWording(statementText)}|${normalizedWording(after)}`;
}
