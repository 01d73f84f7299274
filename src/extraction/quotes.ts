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
  /** Nothing else but a full stop stands in its paragraph: a crosshead quoting the article's speaker ('Balanced view'). */
  standsAlone: boolean;
  /** A colon introduces it: words said, written or shown (a sign that reads: 'Local People Only'). */
  afterColon: boolean;
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
enum Strength {
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
const OPENS_TEXT = /[\p{L}\p{N}‘'“([…]/u;
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
  /** Index of its line break (body.length on the last line). */
  end: number;
}

/** One pass over the body: its marks as tokens, and its lines. */
function tokenize(body: string, guillemets: MarkPair): { tokens: Token[]; lines: Line[] } {
  const tokens: Token[] = [];
  const guillemetsClose: readonly MarkPair[] = [guillemets];
  const lines: Line[] = [{ start: 0, firstToken: 0, firstCharacter: -1, end: body.length }];
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
      lines[lines.length - 1].end = index;
      lines.push({ start: index + 1, firstToken: tokens.length, firstCharacter: -1, end: body.length });
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
        // a colon introduces it and a capital follows the space ('Akar said: " Türkiye has ...'),
        // or it opens its paragraph before a word ('" Europe taken as a whole ...," he said').
        push(
          index,
          1,
          isSpace(body[index + 1]) &&
            !(/:\s$/.test(body.slice(Math.max(0, index - 2), index)) && /^\s\p{Lu}/u.test(body.slice(index + 1, index + 3))) &&
            !(line.firstCharacter === index && /^[ \t]\p{L}/u.test(body.slice(index + 1, index + 3)))
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
 * Where a quotation stops: a closing mark (a token's index, 0 or more), nothing (NO_STOP), or a
 * place with no mark, for a quotation the page left unclosed (lineEndStop, attributionStop).
 */
type Stop = number;
const NO_STOP: Stop = -1;
/** The end of a paragraph whose quotation the page never closed. */
const lineEndStop = (line: number): Stop => -2 - 2 * line;
/** The comma before ", said X" that ends the paragraph, where the page left the quotation unclosed. */
const attributionStop = (line: number): Stop => -3 - 2 * line;

/** Verbs of saying that end an unclosed quotation's paragraph (", said X."; ", he added."). */
const TAIL_VERBS =
  '(?:said|says|added|adds|told|tells|explained|wrote|writes|stated|noted|insisted|argued|responded|replied|continued|concluded|declared|warned|announced|stressed|emphasi[sz]ed|posted|tweeted)';
/** Who may speak in that tail: a pronoun, a capitalised name of up to five words, or "the" and up to three words. */
const TAIL_SUBJECT = String.raw`(?:he|she|they|(?:[\p{Lu}][\p{L}\p{M}.'’-]*\s+){1,5}|the\s+(?:[\p{L}\p{M}'’-]+\s+){1,3})`;
/**
 * ", said Health Minister Fahrettin Koca on Twitter." or ", the minister added." after the last
 * mark of a paragraph: the attribution of a quotation whose closing mark the page left out.
 */
const ATTRIBUTION_TAIL = new RegExp(
  String.raw`,\s+(?:${TAIL_VERBS}\s+(?:[\p{Lu}]|the\s|a\s|an\s)|${TAIL_SUBJECT}(?:(?:has|had)\s+)?${TAIL_VERBS}\b)`,
  'u',
);
/**
 * After a closing mark that opens nothing on its paragraph: the attribution of a quotation whose
 * opening mark the page left out (In the main, it was not true,” he responded.). Read a sentence
 * at most.
 */
const ATTRIBUTION_AFTER = new RegExp(String.raw`^\s[^.!?\n"“”‘’']{0,50}?\b${TAIL_VERBS}\b`, 'u');

/**
 * Every closing mark, found in one backward pass per table:
 * - closeInLine[t]: for a token that bears some pair's opening mark, the first later token on its
 *   line that closes that pair (-1 if none);
 * - with none, a closing mark of the wrong kind (mismatchedCloser), else: a double quotation open
 *   at a line's end ends before an attribution that ends its paragraph with no mark (", said X."),
 *   else continues when the next line with text opens with a double mark (the news convention for
 *   quotations over paragraphs), else ends with its paragraph (the page left out the closing mark);
 * - a single quotation closes at the first strong closing mark before the next single opening
 *   mark of its kind (or a nested double quotation that holds one), else at the first weak one,
 *   else on a later paragraph that opens with its mark (British articles), else at a possessive-
 *   looking one.
 */
class Closings {
  private readonly closeInLine: Int32Array;
  /** For a double opening mark with no closing mark on its line: a closing mark of the wrong kind (see mismatchedCloser). */
  private readonly mismatchedClose: Int32Array;
  /** Where a double quotation open at the end of each line stops, continued on later lines or not. */
  private readonly continuedClose: Int32Array;
  /** Per line: the comma of an attribution after its last mark that ends it (ATTRIBUTION_TAIL), or -1. */
  readonly attributionComma: Int32Array;
  /** Per line: its last token that bears a double opening mark, or -1. */
  private readonly lastDoubleBearer: Int32Array;
  private readonly singleClose: Int32Array;
  private readonly nextContentLine: Int32Array;
  /** Prefix counts of single opening marks of each kind, to see whether a nested quotation holds one. */
  private readonly singleOpeners = new Map<MarkPair, Int32Array>();

  constructor(
    private readonly body: string,
    private readonly tokens: Token[],
    private readonly lines: Line[],
    convention: QuoteConvention,
  ) {
    const count = tokens.length;
    this.nextContentLine = new Int32Array(lines.length).fill(-1);
    for (let line = lines.length - 2; line >= 0; line--) {
      this.nextContentLine[line] = lines[line + 1].firstCharacter >= 0 ? line + 1 : this.nextContentLine[line + 1];
    }

    // Read once per line, on the text after its last mark: those stretches never overlap.
    this.attributionComma = new Int32Array(lines.length).fill(-1);
    lines.forEach((line, number) => {
      const next = number + 1 < lines.length ? lines[number + 1].firstToken : count;
      if (next === line.firstToken) return;
      const last = tokens[next - 1];
      const from = last.at + last.length;
      const tail = ATTRIBUTION_TAIL.exec(body.slice(from, line.end));
      if (tail) this.attributionComma[number] = from + tail.index;
    });

    this.lastDoubleBearer = new Int32Array(lines.length).fill(-1);
    tokens.forEach((token, index) => {
      if (token.bears && !isSingle(token.bears)) this.lastDoubleBearer[token.line] = index;
    });

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
      // Only the nearest opening mark may take a closing mark of the wrong kind. A single one
      // nested in a double quotation takes only single closing marks from it: "… ‘are we alone’ … goal.”
      if (token.opens && (token.opens !== STRAIGHT || token.looksOpening)) {
        if (!isSingle(token.opens)) nextMismatched.clear();
        else
          for (const [pair, at] of nextMismatched)
            if (tokens[at].closes === CLOSES_SINGLE_CURLY || tokens[at].closes === CLOSES_SINGLE_STRAIGHT) nextMismatched.delete(pair);
      }
      const mismatched = mismatchedCloser(token);
      if (mismatched) nextMismatched.set(mismatched, index);
    }

    // A double quotation open at a line's end continues on the next line with text when that
    // opens with a double mark, of any kind: papers mix “ and " (“…\n"…”) as often as not.
    this.continuedClose = new Int32Array(lines.length).fill(NO_STOP);
    for (let line = lines.length - 1; line >= 0; line--) {
      const lead = leadingTokenAfter(lines, tokens, this.nextContentLine, line);
      if (lead < 0 || !tokens[lead].bears || isSingle(tokens[lead].bears!)) continue;
      const inLine = this.closeInLine[lead] >= 0 ? this.closeInLine[lead] : this.mismatchedClose[lead];
      this.continuedClose[line] = inLine >= 0 ? inLine : this.unclosedStop(lead, true);
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

  /** Where the quotation that the token at index opens stops (NO_STOP: it opens none). */
  closeOf(index: number): Stop {
    const pair = this.tokens[index].opens;
    if (!pair) return NO_STOP;
    if (isSingle(pair)) return this.singleClose[index];
    return this.doubleClose(index);
  }

  /**
   * For a mark that cannot open, outside any quotation: the token that closes it, when the page
   * typed it for an opening mark (-1 otherwise). A straight mark between spaces, closed on its line
   * after punctuation and before an attribution (been " too many chances," he said.); a closing
   * curly mark after a comma or colon and before a capital, whose next mark on the line is another
   * one (He advised the activists,” Avoid any criticism”.).
   */
  misTypedOpening(index: number): number {
    const token = this.tokens[index];
    const after = this.body.slice(token.at + token.length, token.at + token.length + 2);
    if (token.bears === STRAIGHT && isSpace(token.before) && token.before !== '' && /^ \p{L}/u.test(after)) {
      const close = this.closeInLine[index];
      if (close < 0 || !/[.,!?]/.test(this.tokens[close].before)) return -1;
      const closer = this.tokens[close];
      return ATTRIBUTION_AFTER.test(this.body.slice(closer.at + 1, closer.at + 65)) ? close : -1;
    }
    if (token.closes === CLOSES_CURLY && /[,:]/.test(token.before) && /^ \p{Lu}/u.test(after)) {
      const next = index + 1;
      if (next >= this.tokens.length || this.tokens[next].line !== token.line || this.tokens[next].closes !== CLOSES_CURLY) return -1;
      if (isSpace(this.tokens[next].before)) return -1;
      return ATTRIBUTION_AFTER.test(this.body.slice(token.at + 1, token.at + 65)) ? -1 : next;
    }
    return -1;
  }

  /** The characters a stop leaves the quotation's text at, and the closing mark's end. */
  bounds(stop: Stop): { end: number; closeEnd: number } {
    if (stop >= 0) return { end: this.tokens[stop].at, closeEnd: this.tokens[stop].at + this.tokens[stop].length };
    const line = Math.floor((-stop - 2) / 2);
    const end = (-stop - 2) % 2 === 0 ? this.lines[line].end : this.attributionComma[line];
    return { end, closeEnd: end };
  }

  /** The first token after a stop. */
  resumeAfter(stop: Stop): number {
    if (stop >= 0) return stop + 1;
    const line = Math.floor((-stop - 2) / 2);
    return line + 1 < this.lines.length ? this.lines[line + 1].firstToken : this.tokens.length;
  }

  private doubleClose(index: number): Stop {
    const inLine = this.closeInLine[index];
    if (inLine >= 0) return inLine;
    const mismatched = this.mismatchedClose[index];
    if (mismatched >= 0) return mismatched;
    const token = this.tokens[index];
    // A stray mark (12"-inch) is not an unclosed quotation.
    if (!(token.before === '' || isSpace(token.before) || OPENS_AFTER.test(token.before) || token.before === ':')) {
      return this.continuedClose[token.line];
    }
    // A fragment in the writer's sentence ("if civilian “law enforcement acts …") does not run on
    // into the next paragraph's quotation. Read only where a paragraph would continue it.
    return this.unclosedStop(index, this.continuedClose[token.line] === NO_STOP || !this.opensFragment(token));
  }

  /** A lower-case word after the mark, the writer's words before it in its sentence. */
  private opensFragment(token: Token): boolean {
    const after = token.at + token.length;
    return /^\s?\p{Ll}/u.test(this.body.slice(after, after + 2)) && followsWordsOfSentence(this.body, token.at);
  }

  /**
   * Where a double quotation that the token at index opens, still open at the end of its line,
   * stops: before an attribution that ends the line, else on a later paragraph that continues it
   * (when it may), else at the line's end. The last two only for the line's last double mark: an
   * unclosed one before others is more likely stray than a quotation that swallows them.
   */
  private unclosedStop(index: number, mayContinue: boolean): Stop {
    const { line } = this.tokens[index];
    const last = this.lastDoubleBearer[line] === index;
    if (last && this.attributionComma[line] >= 0) return attributionStop(line);
    if (mayContinue && this.continuedClose[line] !== NO_STOP) return this.continuedClose[line];
    return last ? lineEndStop(line) : NO_STOP;
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

function describe(
  body: string,
  lines: Line[],
  openLine: number,
  openStart: number,
  start: number,
  end: number,
  closeEnd: number,
  marks: QuoteMarks,
): QuoteSpan | null {
  while (start < end && isSpace(body[start])) start++;
  while (end > start && isSpace(body[end - 1])) end--;
  if (start === end) return null;
  const text = body.slice(start, end);
  const words = text.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word));
  const longWords = words.filter((word) => (word.match(TITLE_WORD)?.length ?? 0) >= 4);
  return {
    openStart,
    start,
    end,
    closeEnd,
    marks,
    paragraphs: text.split(/\n\s*/).length,
    words: words.length,
    inSentence: followsWordsOfSentence(body, openStart),
    opensLowercase: /^[^\p{L}]*\p{Ll}/u.test(text),
    titleCased: words.length <= 8 && longWords.length >= 2 && longWords.every((word) => /^[^\p{L}]*\p{Lu}/u.test(word)),
    standsAlone: openStart === lines[openLine].firstCharacter && endsParagraph(body, closeEnd),
    afterColon: /:\s?$/.test(body.slice(Math.max(0, openStart - 2), openStart)),
  };
}

/** Only a full stop and spaces, if anything, stand between position and its paragraph's end (read a few characters at most). */
function endsParagraph(body: string, position: number): boolean {
  const ahead = body.slice(position, position + 6);
  const rest = /^[ \t\r.]*(\n|$)/.exec(ahead);
  return rest !== null && (rest[1] === '\n' || position + ahead.length === body.length);
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

/**
 * A closing mark that stands first of its paragraph's marks, after its first words and after
 * punctuation, followed by an attribution: the page left out the opening mark at the paragraph's
 * start (In the main, it was not true,” he responded.).
 */
function opensWithoutMark(body: string, tokens: Token[], lines: Line[], index: number): boolean {
  const token = tokens[index];
  const line = lines[token.line];
  if (line.firstToken !== index || token.at === line.firstCharacter || token.opens) return false;
  if (token.closes.length === 0 || !/[.,!?]/.test(token.before)) return false;
  return ATTRIBUTION_AFTER.test(body.slice(token.at + token.length, token.at + token.length + 64));
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
  const closings = new Closings(body, tokens, lines, convention);
  const spans: QuoteSpan[] = [];
  let index = 0;
  while (index < tokens.length) {
    const token = tokens[index];
    if (!token.opens) {
      const misTyped = closings.misTypedOpening(index);
      if (misTyped >= 0) {
        const close = tokens[misTyped];
        const span = describe(body, lines, token.line, token.at, token.at + token.length, close.at, close.at + close.length, 'double');
        if (span) {
          spans.push(span);
          index = misTyped + 1;
          continue;
        }
      }
      const line = lines[token.line];
      const span = opensWithoutMark(body, tokens, lines, index)
        ? describe(
            body,
            lines,
            token.line,
            line.firstCharacter,
            line.firstCharacter,
            token.at,
            token.at + token.length,
            token.closes.some(isSingle) ? 'single' : 'double',
          )
        : null;
      if (span) spans.push(span);
      index++;
      continue;
    }
    const stop = closings.closeOf(index);
    const marks = isSingle(token.opens) ? 'single' : 'double';
    const bounds = stop === NO_STOP ? null : closings.bounds(stop);
    const span = bounds ? describe(body, lines, token.line, token.at, token.at + token.length, bounds.end, bounds.closeEnd, marks) : null;
    if (span) {
      spans.push(span);
      index = closings.resumeAfter(stop);
    } else {
      index++;
    }
  }
  return spans;
}
