import nlp from 'compromise';

/**
 * Low-level text geometry shared by the extraction modules: paragraphs, clause boundaries,
 * words, and compromise's part-of-speech tags looked up by character offset.
 * Every position is a UTF-16 index into the article body.
 */

export interface Range {
  start: number;
  end: number;
}

/** Paragraphs are lines: plain-text articles put one paragraph on each line. */
export function paragraphsOf(body: string): Range[] {
  const paragraphs: Range[] = [];
  let start = 0;
  for (let index = 0; index <= body.length; index++) {
    if (index === body.length || body[index] === '\n') {
      if (body.slice(start, index).trim() !== '') paragraphs.push({ start, end: index });
      start = index + 1;
    }
  }
  return paragraphs;
}

/** Index of the paragraph containing position, or of the last paragraph before it. */
export function paragraphIndexAt(paragraphs: Range[], position: number): number {
  let low = 0;
  let high = paragraphs.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (paragraphs[middle].start <= position) {
      found = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found;
}

// A full stop after these is not the end of a sentence.
const ABBREVIATIONS = new Set([
  'mr',
  'mrs',
  'ms',
  'dr',
  'prof',
  'st',
  'jr',
  'sr',
  'gen',
  'sen',
  'rep',
  'gov',
  'lt',
  'col',
  'capt',
  'sgt',
  'no',
  'vs',
  'etc',
  'inc',
  'ltd',
  'co',
  'corp',
  'jan',
  'feb',
  'mar',
  'apr',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
  'u.s',
  'u.k',
  'u.n',
  'e.g',
  'i.e',
  'a.m',
  'p.m',
  'approx',
  'dept',
  'mt',
  'ft',
  'supt',
  'insp',
  'det',
  'cllr',
  'cpl',
  'pte',
  'maj',
  'adm',
  'cmdr',
  'rev',
  'hon',
  'fr',
  'atty',
  'messrs',
  'mme',
  'cst',
  'pc',
  'sgt',
  'brig',
  'gov',
  'pres',
]);

/** True when the character at index closes a sentence of narrative. */
export function isSentenceEnd(body: string, index: number): boolean {
  const character = body[index];
  if (character !== '.' && character !== '!' && character !== '?') return false;
  const next = body[index + 1];
  if (next !== undefined && !/\s/.test(next)) return false;
  if (character !== '.') return true;
  const wordBefore = /([A-Za-z.]+)$/.exec(body.slice(Math.max(0, index - 12), index))?.[1] ?? '';
  if (ABBREVIATIONS.has(wordBefore.toLowerCase())) return false;
  // An initial, as in "John F. Kennedy".
  return !/^[A-Z]$/.test(wordBefore);
}

/** Where the clause holding position starts: after a sentence end or a line break, never before floor. */
export function clauseStart(body: string, position: number, floor: number): number {
  for (let index = position - 1; index >= floor; index--) {
    if (body[index] === '\n' || isSentenceEnd(body, index)) return index + 1;
  }
  return floor;
}

/** Where the clause starting at position ends: just after a sentence end, at a line break, or at ceiling. */
export function clauseEnd(body: string, position: number, ceiling: number): number {
  for (let index = position; index < ceiling; index++) {
    if (body[index] === '\n') return index;
    if (isSentenceEnd(body, index)) return index + 1;
  }
  return ceiling;
}

export interface Word {
  text: string;
  start: number;
  end: number;
}

/** Words with their offsets; hyphens and apostrophes stay inside a word, other punctuation goes. */
export function wordsIn(body: string, start: number, end: number): Word[] {
  const words: Word[] = [];
  const pattern = /[\p{L}\p{M}\p{N}][\p{L}\p{M}\p{N}'’.&-]*/gu;
  const text = body.slice(start, end);
  for (const match of text.matchAll(pattern)) {
    let word = match[0];
    // A trailing full stop belongs to the sentence unless the word is an abbreviation ("Mr.", "U.S.").
    if (word.endsWith('.') && !/^(?:[A-Z]\.)+$|^(?:Mr|Mrs|Ms|Dr|Prof|St|Sen|Gen|Gov|Rep|Jr|Sr)\.$/.test(word)) {
      word = word.replace(/\.+$/, '');
    }
    const wordStart = start + match.index!;
    words.push({ text: word, start: wordStart, end: wordStart + word.length });
  }
  return words;
}

export function countWords(text: string): number {
  return text.split(/\s+/).filter((token) => /[\p{L}\p{N}]/u.test(token)).length;
}

export function isCapitalized(word: string): boolean {
  return /^\p{Lu}/u.test(word);
}

/** "Iran's", "Biden’s", "traders'" — a word that owns the next one. */
export function isPossessive(word: string): boolean {
  return /(?:['’]s|s['’])$/.test(word);
}

export function withoutPossessive(word: string): string {
  return word.replace(/['’]s$/, '').replace(/(s)['’]$/, '$1');
}

/**
 * compromise reads at most this many characters at a time. Its matching tries every pattern from
 * every term of a sentence to the sentence's end, so a sentence that never ends (no full stop, no
 * line break, or lines of bare punctuation, which it glues together) costs the square of its
 * length: 256 KB of one sentence took 24 s, 256 KB of opening marks 179 s. Pieces of a bounded
 * length cost a bounded time each, so an article costs time in proportion to its length.
 */
export const TAGGING_PIECE_LENGTH = 4_000;

type SplitSentences = (text: string, world: object) => string[];
const splitSentences = (nlp.methods() as { one: { tokenize: { splitSentences: SplitSentences } } }).one.tokenize.splitSentences;
const world = nlp.world();

/**
 * compromise's own sentence splitter can join a sentence to the next two (a quote that closes
 * there), so the last sentences of a window may end differently once the text after it is read:
 * this many are left to the next piece.
 */
const UNSETTLED_SENTENCES = 3;

/**
 * Where the piece starting at start ends: where compromise's sentence splitter ends a sentence
 * that the rest of the article cannot move, so that compromise sees every sentence as it would
 * in the whole article, and an article in pieces is tagged as the whole. Where a window holds
 * no such sentence end in its first three quarters (a sentence that never ends), after the
 * window's last line break, else its last sentence end, else its last space, else at the
 * window's end (never inside a surrogate pair).
 */
function pieceEnd(body: string, start: number): number {
  const limit = start + TAGGING_PIECE_LENGTH;
  if (limit >= body.length) return body.length;
  const window = body.slice(start, limit);
  const sentences = splitSentences(window, world);
  if (sentences.length > UNSETTLED_SENTENCES && sentences.join('') === window) {
    const unsettled = sentences.slice(-UNSETTLED_SENTENCES).reduce((length, sentence) => length + sentence.length, 0);
    if (window.length - unsettled >= TAGGING_PIECE_LENGTH / 4) return limit - unsettled;
  }
  const lineBreak = body.lastIndexOf('\n', limit - 1);
  if (lineBreak >= start) return lineBreak + 1;
  let space = -1;
  for (let index = limit - 1; index > start; index--) {
    if (!/\s/.test(body[index])) continue;
    if (isSentenceEnd(body, index - 1)) return index + 1;
    if (space < 0) space = index + 1;
  }
  if (space > 0) return space;
  return /[\uDC00-\uDFFF]/.test(body[limit]) ? limit - 1 : limit;
}

/**
 * The pieces compromise reads, in order and covering the body. Each holds something besides
 * whitespace, which compromise would otherwise drop, and with it the offsets of what follows:
 * a stretch of whitespace belongs to the piece after it, or at the end to the last piece.
 */
function taggingPieces(body: string): Range[] {
  const pieces: Range[] = [];
  let start = 0;
  while (start < body.length) {
    let content = start;
    while (content < body.length && /\s/.test(body[content])) content++;
    if (content === body.length) {
      if (pieces.length > 0) pieces[pieces.length - 1].end = body.length;
      else pieces.push({ start, end: body.length });
      break;
    }
    const end = pieceEnd(body, content);
    pieces.push({ start, end });
    start = end;
  }
  return pieces;
}

/**
 * The article as one compromise document, parsed a piece at a time. The pieces' sentences are
 * put together in order, so offsets (compromise counts every term's text and the spaces around
 * it from the document's start) are those of the whole article.
 */
function parseInPieces(body: string): ReturnType<typeof nlp> {
  if (body.length <= TAGGING_PIECE_LENGTH) return nlp(body);
  const [first, ...rest] = taggingPieces(body).map((piece) => nlp(body.slice(piece.start, piece.end)));
  for (const piece of rest) first.document.push(...piece.document);
  first.compute('index');
  return first;
}

interface TaggedTerm {
  start: number;
  end: number;
  tags: Set<string>;
}

/**
 * compromise's tags for the whole article, computed once, looked up by offset. Tagging the
 * article as a whole lets compromise use each word's context ("Said" the name, "said" the verb).
 */
export class TermTags {
  private readonly terms: TaggedTerm[] = [];
  /** Every term's offsets, by sentence and position, as compromise's pointers count them. */
  private readonly sentenceTerms: Range[][] = [];
  /** The parsed article, kept so that other views of it (people, organizations) need no second parse. */
  readonly document: ReturnType<typeof nlp>;

  constructor(body: string) {
    this.document = parseInPieces(body);
    const sentences = this.document.json({ offset: true, terms: { offset: true } }) as {
      terms: { text: string; offset: { start: number; length: number }; tags: string[] }[];
    }[];
    for (const sentence of sentences) {
      this.sentenceTerms.push(sentence.terms.map((term) => ({ start: term.offset.start, end: term.offset.start + term.offset.length })));
      for (const term of sentence.terms) {
        // Contractions leave empty terms ("Iran's" → "Iran" + an implied "is"): they carry no word.
        if (term.text === '') continue;
        this.terms.push({ start: term.offset.start, end: term.offset.start + term.offset.length, tags: new Set(term.tags) });
      }
    }
  }

  /**
   * Where the matches of a view of the document lie (document.people(), .organizations()), read from
   * the terms' offsets computed once: compromise's own json({ offset }) on a view walks the whole
   * document for each match, the square of the article's length.
   */
  spansOf(view: { fullPointer: unknown }): Range[] {
    const spans: Range[] = [];
    for (const [sentence, first, last] of view.fullPointer as [number, number, number][]) {
      const terms = this.sentenceTerms[sentence];
      if (!terms || last <= first || !terms[first] || !terms[last - 1]) continue;
      spans.push({ start: terms[first].start, end: terms[last - 1].end });
    }
    return spans;
  }

  /** Tags of the term covering position; empty when compromise saw no word there. */
  at(position: number): Set<string> {
    let low = 0;
    let high = this.terms.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const term = this.terms[middle];
      if (position < term.start) high = middle - 1;
      else if (position >= term.end) low = middle + 1;
      else return term.tags;
    }
    return new Set();
  }

  has(position: number, tag: string): boolean {
    return this.at(position).has(tag);
  }
}

/**
 * The body with a paragraph's opening run of capitals in title case ("NICHOLAS SCOTT'S future",
 * "THE PRESIDENT of the High Court"), as print-era and agency copy sets its first words: read
 * that way, the names and roles in it are recognised. Same length, so every offset still holds.
 */
export function readableCase(body: string): string {
  return body.replace(
    /(^|\n)((?:[\p{Lu}][\p{Lu}'’.-]*[\p{Lu}'’.]?\s+){1,6}[\p{Lu}][\p{Lu}'’.-]*[\p{Lu}]['’]?[\p{Lu}]?)(?=[\s,.;:]|$)/gu,
    (_match, start: string, run: string) =>
      start +
      run.replace(/\p{Lu}[\p{Lu}'’.-]*/gu, (word) =>
        /^\p{Lu}{1,3}$/u.test(word) && !/^(?:THE|MR|MRS|MS|DR|SIR)$/.test(word) ? word : word[0] + word.slice(1).toLowerCase(),
      ),
  );
}
