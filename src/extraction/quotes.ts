/**
 * Finds the spans of quotations by their marks, in both conventions: double marks (" “” „“ «»
 * »«, and doubled apostrophes '' as some wires type them) and British single marks (' ‘’). A
 * single mark is told apart from an apostrophe by what stands on either side of it (don't,
 * Iran's, the '90s, rock 'n' roll, O'Neill are apostrophes); a mark after a word and before a
 * space (the Joneses' house) may be either, and closes a quotation only when nothing likelier
 * does. Quotes nested inside a quotation, of either kind, are part of its text.
 *
 * The scan is linear: marks are read once into tokens, then every closing mark is found by
 * tables computed in one pass each (backwards), never by reading ahead again from each mark.
 */

export type QuoteMarks = 'double' | 'single';
export type QuoteConvention = 'us' | 'british';

export interface QuoteSpan {
  /** Index of the opening mark. */
  openStart: number;
  /** First character of the quoted text (after the mark and any space inside it). */
  start: number;
  /** Just past the last character of the quoted text. */
  end: number;
  /** Just past the closing mark. */
  closeEnd: number;
  /** The kind of marks around it: double (" “ „ « » '') or single (' ‘). */
  marks: QuoteMarks;
  /** Paragraphs it runs over: more than 1 when each later paragraph opens with a mark. */
  paragraphs: number;
  /** Words in the text. */
  words: number;
  /**
   * The writer's words stand before it in the same sentence (called the plan "a gift"; said
   * "…" with no comma): false after a sentence's end, a colon, or at a paragraph's start.
   */
  inSentence: boolean;
  /** Its text starts with a lower-case letter (a fragment, most often). */
  opensLowercase: boolean;
  /** At most 8 words, at least two of 4 letters or more, every one of those capitalised ("The Grapes of Wrath"). */
  titleCased: boolean;
}

interface MarkPair {
  open: string;
  close: string;
}

const STRAIGHT: MarkPair = { open: '"', close: '"' };
const CURLY: MarkPair = { open: '“', close: '”' };
const GERMAN_LOW: MarkPair = { open: '„', close: '“' };
const FRENCH_GUILLEMETS: MarkPair = { open: '«', close: '»' };
const GERMAN_GUILLEMETS: MarkPair = { open: '»', close: '«' };
const DOUBLED_APOSTROPHES: MarkPair = { open: "''", close: "''" };
const SINGLE_STRAIGHT: MarkPair = { open: "'", close: "'" };
const SINGLE_CURLY: MarkPair = { open: '‘', close: '’' };

const CLOSES_NOTHING: readonly MarkPair[] = [];
const CLOSES_STRAIGHT: readonly MarkPair[] = [STRAIGHT];
const CLOSES_CURLY: readonly MarkPair[] = [CURLY];
const CLOSES_GERMAN_LOW: readonly MarkPair[] = [GERMAN_LOW];
const CLOSES_DOUBLED: readonly MarkPair[] = [DOUBLED_APOSTROPHES, CURLY];
const CLOSES_SINGLE_STRAIGHT: readonly MarkPair[] = [SINGLE_STRAIGHT];
const CLOSES_SINGLE_CURLY: readonly MarkPair[] = [SINGLE_CURLY];

/** German typesetting points guillemets inwards (»so«); French and Russian outwards («so»). */
function guillemetsOf(body: string): MarkPair {
  const first = /[«»]/.exec(body);
  return first?.[0] === '»' && /\S/.test(body[first.index + 1] ?? '') ? GERMAN_GUILLEMETS : FRENCH_GUILLEMETS;
}

/** How surely a single mark after a word closes a quotation rather than ends a possessive. */
const enum Strength {
  /** After "s" and before a space: the Joneses' house, or 'the Joneses' said. */
  Possessive = 0,
  /** After another letter and before a space: called it 'a gift' and left. */
  Weak = 1,
  /** Punctuation inside it or after it, or the paragraph's end: 'We will,' she said. */
  Strong = 2,
}

interface Token {
  /** Index of the mark's first character. */
  at: number;
  /** 1, or 2 for doubled apostrophes. */
  length: number;
  /** The pair this mark opens, or null. For single marks: only when it looks like an opener. */
  opens: MarkPair | null;
  /** The pair whose opening mark it is, even where it cannot open (a straight mark before a space). */
  bears: MarkPair | null;
  /** Pairs this mark can close (“ closes „…“ as well as opening “…”). */
  closes: readonly MarkPair[];
  /** For a single mark that can close: how surely. */
  strength: Strength;
  /** Index of its paragraph (line) in lines. */
  line: number;
  /** The character before the mark ('' at the body's start). */
  before: string;
  /** A space before it and a word after: it opens, so a quotation still open before it was never closed. */
  looksOpening: boolean;
}

const isSpace = (character: string | undefined) => character === undefined || /\s/.test(character);
const isWordCharacter = (character: string | undefined) => character !== undefined && /[\p{L}\p{N}]/u.test(character);
const isLetter = (character: string | undefined) => character !== undefined && /\p{L}/u.test(character);
/** What may stand just before an opening mark: nothing, a space, a bracket, a dash, another mark. */
const OPENS_AFTER = /[([{“"«„—–\-/]/;
/** What a quotation's text may start with, just after its opening mark. */
const OPENS_TEXT = /[\p{L}\p{N}‘'“(\[…]/u;
/** Punctuation that ends the quoted words inside a closing mark (…,' …?'). */
const ENDS_INSIDE = /[.,!?;:…—–\-)]/;
/** Punctuation that may follow a closing mark ('a gift'. 'a gift', 'a gift'") */
const FOLLOWS_CLOSE = /[.,!?;:…)\]}—–\-"”»]/;
/**
 * Apostrophes that start a word: the '90s, '03, 'em, 'tis, 'twas, 'til, 'cause, 'cos, 'bout, rock 'n' roll.
 * Read from the mark, a few characters at most.
 */
const ELISION = /^['‘’](?:\d\d(?:s)?(?![\p{L}\p{N}])|(?:em|tis|twas|til|cause|cos|bout|n)(?![\p{L}\p{N}'‘’]))/iu;
const N_BETWEEN_APOSTROPHES = /^['‘’]n['‘’](?=\s)/i;

interface Line {
  start: number;
  /** Index of the first token on the line (tokens.length if none). */
  firstToken: number;
  /** Index of its first non-space character, or -1 on a blank line. */
  firstCharacter: number;
}

/** One pass over the body: its marks as tokens, and its lines. */
function tokenize(body: string, guillemets: MarkPair): { tokens: Token[]; lines: Line[] } {
  const tokens: Token[] = [];
  const guillemetsClose: readonly MarkPair[] = [guillemets];
  const lines: Line[] = [{ start: 0, firstToken: 0, firstCharacter: -1 }];
  const push = (
    at: number,
    length: number,
    opens: MarkPair | null,
    bears: MarkPair | null,
    closes: readonly MarkPair[],
    strength = Strength.Strong,
  ) =>
    tokens.push({
      at,
      length,
      opens,
      bears,
      closes,
      strength,
      line: lines.length - 1,
      before: at > 0 ? body[at - 1] : '',
      looksOpening: (at === 0 || isSpace(body[at - 1])) && OPENS_TEXT.test(body[at + length] ?? ''),
    });
  for (let index = 0; index < body.length; index++) {
    const character = body[index];
    if (character === '\n') {
      lines.push({ start: index + 1, firstToken: tokens.length, firstCharacter: -1 });
      continue;
    }
    const line = lines[lines.length - 1];
    if (line.firstCharacter < 0 && !isSpace(character)) line.firstCharacter = index;
    const previous = index > 0 ? body[index - 1] : undefined;
    switch (character) {
      case '"':
        // today"s: an apostrophe typed as a double mark, between two letters.
        if (isLetter(previous) && isLetter(body[index + 1])) break;
        // A straight mark followed by a space closes something or is stray: it cannot open, unless
        // a colon introduces it and a capital follows the space ('Akar said: " Türkiye has ...').
        push(
          index,
          1,
          isSpace(body[index + 1]) &&
            !(/:\s$/.test(body.slice(Math.max(0, index - 2), index)) && /^\s\p{Lu}/u.test(body.slice(index + 1, index + 3)))
            ? null
            : STRAIGHT,
          STRAIGHT,
          CLOSES_STRAIGHT,
        );
        break;
      case '“':
        push(index, 1, CURLY, CURLY, CLOSES_GERMAN_LOW);
        break;
      case '”':
        push(index, 1, null, null, CLOSES_CURLY);
        break;
      case '„':
        push(index, 1, GERMAN_LOW, GERMAN_LOW, CLOSES_NOTHING);
        break;
      case '«':
      case '»':
        if (character === guillemets.open) push(index, 1, guillemets, guillemets, CLOSES_NOTHING);
        else push(index, 1, null, null, guillemetsClose);
        break;
      case "'":
      case '‘':
      case '’': {
        // Doubled apostrophes: ''…'' as a double mark, and “…’’ (a closing double mark typed as two).
        if (character === "'" && body[index + 1] === "'") {
          push(index, 2, isSpace(body[index + 2]) ? null : DOUBLED_APOSTROPHES, DOUBLED_APOSTROPHES, CLOSES_DOUBLED);
          index++;
          break;
        }
        if (character === '’' && body[index + 1] === '’') {
          push(index, 2, null, null, CLOSES_DOUBLED);
          index++;
          break;
        }
        if (character === '‘' && body[index + 1] === '‘') {
          push(index, 2, CURLY, CURLY, CLOSES_NOTHING);
          index++;
          break;
        }
        const ahead = body.slice(index, index + 8);
        if (N_BETWEEN_APOSTROPHES.test(ahead)) {
          index += 2;
          break;
        }
        const mark = singleMark(body, index, previous, ahead);
        if (mark === 'open') push(index, 1, pairOfSingle(character), pairOfSingle(character), CLOSES_NOTHING);
        else if (mark !== null) push(index, 1, null, null, character === "'" ? CLOSES_SINGLE_STRAIGHT : CLOSES_SINGLE_CURLY, mark);
        break;
      }
      default:
        break;
    }
  }
  return { tokens, lines };
}

function pairOfSingle(character: string): MarkPair {
  return character === "'" ? SINGLE_STRAIGHT : SINGLE_CURLY;
}

/**
 * A single mark as an opening mark, or a closing one with how surely it closes, or null for an
 * apostrophe or a stray mark.
 */
function singleMark(body: string, index: number, previous: string | undefined, ahead: string): 'open' | Strength | null {
  const character = body[index];
  const next = body[index + 1];
  // don't, Iran's, O'Neill, 5'11: a mark inside a word.
  if (isWordCharacter(previous) && isWordCharacter(next)) return null;
  if (ELISION.test(ahead) && (isSpace(previous) || OPENS_AFTER.test(previous!))) return null;
  // ‘ opens even before a space (‘ The checkpoints were quiet…’); a straight mark then is stray.
  const opensHere =
    character === '‘'
      ? next !== undefined && next !== '\n'
      : character === "'" && !isSpace(next) && (isSpace(previous) || OPENS_AFTER.test(previous!));
  if (opensHere) return 'open';
  if (character === '‘' || isSpace(previous)) return null;
  // After a word or punctuation: a closing mark, if a space, punctuation or the line's end follows.
  if (!isSpace(next) && !FOLLOWS_CLOSE.test(next!)) return null;
  let strength = Strength.Weak;
  if (ENDS_INSIDE.test(previous!) || next === undefined || next === '\n' || next === '\r' || FOLLOWS_CLOSE.test(next))
    strength = Strength.Strong;
  else if (isLetter(previous) && (previous === 's' || previous === 'S')) strength = Strength.Possessive;
  return strength;
}

/**
 * The article's convention: British when more paragraphs open with a single mark than with a
 * double one (or, with no paragraph opening on a quotation, when it has more single opening marks
 * than double ones).
 */
function conventionOf(tokens: Token[], lines: Line[]): QuoteConvention {
  let singleLeads = 0;
  let doubleLeads = 0;
  for (const line of lines) {
    const token = tokens[line.firstToken];
    if (!token || token.at !== line.firstCharacter || !token.opens) continue;
    if (isSingle(token.opens)) singleLeads++;
    else doubleLeads++;
  }
  if (singleLeads !== doubleLeads) return singleLeads > doubleLeads ? 'british' : 'us';
  let singles = 0;
  let doubles = 0;
  for (const token of tokens) {
    if (!token.opens) continue;
    if (isSingle(token.opens)) singles++;
    else doubles++;
  }
  return singles > doubles ? 'british' : 'us';
}

function isSingle(pair: MarkPair): boolean {
  return pair === SINGLE_STRAIGHT || pair === SINGLE_CURLY;
}

/**
 * The double quotation a closing mark of the wrong kind may close, when its own never comes on its
 * line and no other opening mark stands between: “We are disappointed,’ he said (a closing single
 * curly mark after punctuation), “We are here," or "We are here,” (straight and curly mixed).
 */
function mismatchedCloser(token: Token): MarkPair | null {
  const afterPunctuation = /[.,!?…]/.test(token.before);
  if (token.closes === CLOSES_SINGLE_CURLY && afterPunctuation) return CURLY;
  if (token.closes === CLOSES_SINGLE_STRAIGHT && afterPunctuation) return STRAIGHT;
  if (token.closes === CLOSES_CURLY) return STRAIGHT;
  if (token.bears === STRAIGHT && !token.looksOpening && !isSpace(token.before)) return CURLY;
  return null;
}

/** Index of the token, if any, that stands first on the next line holding text after the given line (-1 if none). */
function leadingTokenAfter(lines: Line[], tokens: Token[], nextContentLine: Int32Array, line: number): number {
  const following = nextContentLine[line];
  if (following < 0) return -1;
  const index = lines[following].firstToken;
  return index < tokens.length && tokens[index].at === lines[following].firstCharacter ? index : -1;
}

/**
 * Every closing mark, found in one backward pass per table:
 * - closeInLine[t]: for a token that bears some pair's opening mark, the first later token on its
 *   line that closes that pair (-1 if none);
 * - with none, a closing mark of the wrong kind (mismatchedCloser), else: a double quotation open
 *   at a line's end continues when the next line with text opens with a double mark (the news
 *   convention for quotations over paragraphs), else it ends nothing;
 * - a single quotation closes at the first strong closing mark before the next single opening
 *   mark of its kind (or a nested double quotation that holds one), else at the first weak one,
 *   else on a later paragraph that opens with its mark (British articles), else at a possessive-
 *   looking one.
 */
class Closings {
  private readonly closeInLine: Int32Array;
  /** For a double opening mark with no closing mark on its line: a closing mark of the wrong kind (see mismatchedCloser). */
  private readonly mismatchedClose: Int32Array;
  /** Where a double quotation open at the end of each line closes, continued on later lines (-1: nowhere). */
  private readonly continuedClose: Int32Array;
  private readonly singleClose: Int32Array;
  private readonly nextContentLine: Int32Array;
  /** Prefix counts of single opening marks of each kind, to see whether a nested quotation holds one. */
  private readonly singleOpeners = new Map<MarkPair, Int32Array>();

  constructor(
    private readonly tokens: Token[],
    private readonly lines: Line[],
    convention: QuoteConvention,
  ) {
    const count = tokens.length;
    this.nextContentLine = new Int32Array(lines.length).fill(-1);
    for (let line = lines.length - 2; line >= 0; line--) {
      this.nextContentLine[line] = lines[line + 1].firstCharacter >= 0 ? line + 1 : this.nextContentLine[line + 1];
    }

    this.closeInLine = new Int32Array(count).fill(-1);
    this.mismatchedClose = new Int32Array(count).fill(-1);
    const nextCloser = new Map<MarkPair, number>();
    const nextMismatched = new Map<MarkPair, number>();
    let currentLine = -1;
    for (let index = count - 1; index >= 0; index--) {
      const token = tokens[index];
      if (token.line !== currentLine) {
        nextCloser.clear();
        nextMismatched.clear();
        currentLine = token.line;
      }
      if (token.bears) {
        let close = nextCloser.get(token.bears) ?? -1;
        // "We will go, he said. "Fine," she said: the second mark opens; the first was never closed.
        if (token.bears === STRAIGHT && close >= 0 && tokens[close].looksOpening) close = -1;
        this.closeInLine[index] = close;
        this.mismatchedClose[index] = nextMismatched.get(token.bears) ?? -1;
      }
      for (const pair of token.closes) nextCloser.set(pair, index);
      // Only the nearest opening mark may take a closing mark of the wrong kind.
      if (token.opens && (token.opens !== STRAIGHT || token.looksOpening)) nextMismatched.clear();
      const mismatched = mismatchedCloser(token);
      if (mismatched) nextMismatched.set(mismatched, index);
    }

    // A double quotation open at a line's end continues on the next line with text when that
    // opens with a double mark, of any kind: papers mix “ and " (“…\n"…”) as often as not.
    this.continuedClose = new Int32Array(lines.length).fill(-1);
    for (let line = lines.length - 1; line >= 0; line--) {
      const lead = leadingTokenAfter(lines, tokens, this.nextContentLine, line);
      if (lead < 0 || !tokens[lead].bears || isSingle(tokens[lead].bears!)) continue;
      const inLine = this.closeInLine[lead] >= 0 ? this.closeInLine[lead] : this.mismatchedClose[lead];
      this.continuedClose[line] = inLine >= 0 ? inLine : this.continuedClose[tokens[lead].line];
    }

    for (const pair of [SINGLE_STRAIGHT, SINGLE_CURLY]) {
      const prefix = new Int32Array(count + 1);
      for (let index = 0; index < count; index++) prefix[index + 1] = prefix[index] + (tokens[index].opens === pair ? 1 : 0);
      this.singleOpeners.set(pair, prefix);
    }
    this.singleClose = new Int32Array(count).fill(-1);
    for (let index = count - 1; index >= 0; index--) {
      const pair = tokens[index].opens;
      if (pair && isSingle(pair)) this.singleClose[index] = this.readSingle(index, pair, convention);
    }
  }

  /** Index of the token closing the quotation that the token at index opens, or -1. */
  closeOf(index: number): number {
    const pair = this.tokens[index].opens;
    if (!pair) return -1;
    if (isSingle(pair)) return this.singleClose[index];
    return this.doubleClose(index);
  }

  private doubleClose(index: number): number {
    const inLine = this.closeInLine[index];
    if (inLine >= 0) return inLine;
    const mismatched = this.mismatchedClose[index];
    if (mismatched >= 0) return mismatched;
    return this.continuedClose[this.tokens[index].line];
  }

  private readSingle(openIndex: number, pair: MarkPair, convention: QuoteConvention): number {
    const { tokens } = this;
    const line = tokens[openIndex].line;
    const openers = this.singleOpeners.get(pair)!;
    let weak = -1;
    let possessive = -1;
    let index = openIndex + 1;
    while (index < tokens.length && tokens[index].line === line) {
      const token = tokens[index];
      if (token.opens === pair) break;
      if (token.opens && !isSingle(token.opens)) {
        const close = this.closeInLine[index];
        if (close >= 0) {
          // A nested double quotation: skip it, unless a single opening mark stands inside it,
          // which ends this quotation's reach as any opening mark would.
          if (openers[close] - openers[index + 1] > 0) break;
          index = close + 1;
          continue;
        }
      }
      if (token.closes.includes(pair)) {
        if (token.strength === Strength.Strong) return index;
        if (token.strength === Strength.Weak && weak < 0) weak = index;
        if (token.strength === Strength.Possessive && possessive < 0) possessive = index;
      }
      index++;
    }
    if (weak >= 0) return weak;
    // Reading reached the line's end only if nothing stopped it there.
    const reachedEnd = index >= tokens.length || tokens[index].line !== line;
    if (reachedEnd && convention === 'british') {
      const lead = leadingTokenAfter(this.lines, tokens, this.nextContentLine, line);
      if (lead >= 0 && tokens[lead].opens === pair && this.singleClose[lead] >= 0) return this.singleClose[lead];
    }
    return possessive;
  }
}

const TITLE_WORD = /[\p{L}]/gu;

function describe(body: string, openToken: Token, closeToken: Token, marks: QuoteMarks): QuoteSpan | null {
  let start = openToken.at + openToken.length;
  let end = closeToken.at;
  while (start < end && isSpace(body[start])) start++;
  while (end > start && isSpace(body[end - 1])) end--;
  if (start === end) return null;
  const text = body.slice(start, end);
  const words = text.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word));
  const longWords = words.filter((word) => (word.match(TITLE_WORD)?.length ?? 0) >= 4);
  return {
    openStart: openToken.at,
    start,
    end,
    closeEnd: closeToken.at + closeToken.length,
    marks,
    paragraphs: text.split(/\n\s*/).length,
    words: words.length,
    inSentence: followsWordsOfSentence(body, openToken.at),
    opensLowercase: /^[^\p{L}]*\p{Ll}/u.test(text),
    titleCased: words.length <= 8 && longWords.length >= 2 && longWords.every((word) => /^[^\p{L}]*\p{Lu}/u.test(word)),
  };
}

/** The writer's words stand before position in its sentence: not a paragraph's start, a sentence's end or a colon. */
function followsWordsOfSentence(body: string, position: number): boolean {
  let index = position - 1;
  // Bounded: a long run of spaces or marks before a quotation says nothing more.
  const floor = Math.max(0, position - 40);
  while (index >= floor && (body[index] === ' ' || body[index] === '\t' || /["”“’'»«]/.test(body[index]))) index--;
  const character = body[index];
  if (index < 0 || character === undefined || character === '\n') return false;
  return !/[.!?…:;]/.test(character);
}

/** Whether an article writes its quotations with single marks (British) or double ones. */
export function quoteConvention(body: string): QuoteConvention {
  const { tokens, lines } = tokenize(body, guillemetsOf(body));
  return conventionOf(tokens, lines);
}

/** Every quotation in document order; quotes nested inside one are part of its text. */
export function findQuoteSpans(body: string): QuoteSpan[] {
  const guillemets = guillemetsOf(body);
  const { tokens, lines } = tokenize(body, guillemets);
  const convention = conventionOf(tokens, lines);
  const closings = new Closings(tokens, lines, convention);
  const spans: QuoteSpan[] = [];
  let index = 0;
  while (index < tokens.length) {
    const token = tokens[index];
    const close = token.opens ? closings.closeOf(index) : -1;
    const span = close >= 0 ? describe(body, token, tokens[close], isSingle(token.opens!) ? 'single' : 'double') : null;
    if (span) {
      spans.push(span);
      index = close + 1;
    } else {
      index++;
    }
  }
  return spans;
}
