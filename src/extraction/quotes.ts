/**
 * Finds the spans of direct quotations by their marks. Only double marks open a quotation:
 * single marks are either apostrophes (Iran's, don’t) or quotes inside a quotation, and
 * neither is ever extracted on its own.
 */

export interface QuoteSpan {
  /** Index of the opening mark. */
  openStart: number;
  /** First character of the quoted text (after the mark and any space inside it). */
  start: number;
  /** Just past the last character of the quoted text. */
  end: number;
  /** Just past the closing mark. */
  closeEnd: number;
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

/** German typesetting points guillemets inwards (»so«); French and Russian outwards («so»). */
function guillemetsOf(body: string): MarkPair {
  const first = /[«»]/.exec(body);
  return first?.[0] === '»' && /\S/.test(body[first.index + 1] ?? '') ? GERMAN_GUILLEMETS : FRENCH_GUILLEMETS;
}

function pairOpenedBy(character: string, next: string | undefined, guillemets: MarkPair): MarkPair | null {
  // A straight mark followed by a space closes something or is stray: it cannot open.
  if (character === '"') return next !== undefined && /\S/.test(next) ? STRAIGHT : null;
  if (character === CURLY.open) return CURLY;
  if (character === GERMAN_LOW.open) return GERMAN_LOW;
  if (character === guillemets.open) return guillemets;
  return null;
}

interface Stretch {
  start: number;
  event: number;
}

/**
 * Reads the quotations of one pair of marks. A line break inside a quotation is allowed only by
 * the news convention for quotes running over paragraphs: the paragraph ends without a closing
 * mark and the next one opens with the same mark. Anything else is an unterminated mark: no
 * quotation.
 *
 * Where a quotation closes depends only on where its reading starts, never on the opening mark,
 * so a reading stops at the first closing mark or line break (its event) and every opening mark
 * before that event shares the answer. Line breaks remember where the quotation they continue
 * closes. Opening marks with no closing mark (`““““…`) therefore cost one pass, not one pass each.
 */
class QuotationReader {
  /**
   * The last stretch read from an opening mark, and the last read from a continuing paragraph's
   * mark: each start in a stretch reaches its event first. They are kept apart because both move
   * forward on their own, so neither is read twice.
   */
  private readonly fromOpening: Stretch = { start: -1, event: -1 };
  private readonly fromContinuation: Stretch = { start: -1, event: -1 };
  /** Where the quotation continued at a line break closes (-1: nowhere). */
  private readonly closeAfterBreak = new Map<number, number>();

  constructor(
    private readonly body: string,
    private readonly pair: MarkPair,
  ) {}

  read(openIndex: number): QuoteSpan | null {
    const closeIndex = this.closeFrom(openIndex + 1);
    return closeIndex < 0 ? null : trimmed(this.body, openIndex, closeIndex);
  }

  private closeFrom(start: number): number {
    const { body, pair } = this;
    const breaks: number[] = [];
    let from = start;
    let closeIndex = -1;
    for (;;) {
      const event = this.eventFrom(from, from === start ? this.fromOpening : this.fromContinuation);
      if (event >= body.length) break;
      if (body[event] !== '\n') {
        closeIndex = event;
        break;
      }
      const known = this.closeAfterBreak.get(event);
      if (known !== undefined) {
        closeIndex = known;
        break;
      }
      breaks.push(event);
      let next = event;
      while (next < body.length && /\s/.test(body[next])) next++;
      if (body[next] !== pair.open) break;
      from = next + 1;
    }
    for (const lineBreak of breaks) this.closeAfterBreak.set(lineBreak, closeIndex);
    return closeIndex;
  }

  /** The first closing mark or line break at or after from (body.length if none). */
  private eventFrom(from: number, stretch: Stretch): number {
    if (from >= stretch.start && from <= stretch.event) return stretch.event;
    const { body, pair } = this;
    let index = from;
    while (index < body.length && body[index] !== '\n' && body[index] !== pair.close) index++;
    stretch.start = from;
    stretch.event = index;
    return index;
  }
}

function trimmed(body: string, openIndex: number, closeIndex: number): QuoteSpan | null {
  let start = openIndex + 1;
  let end = closeIndex;
  while (start < end && /\s/.test(body[start])) start++;
  while (end > start && /\s/.test(body[end - 1])) end--;
  if (start === end) return null;
  return { openStart: openIndex, start, end, closeEnd: closeIndex + 1 };
}

/** Every quotation in document order; quotes nested inside one are part of its text. */
export function findQuoteSpans(body: string): QuoteSpan[] {
  const guillemets = guillemetsOf(body);
  const readers = new Map<MarkPair, QuotationReader>();
  const readerOf = (pair: MarkPair): QuotationReader => {
    let reader = readers.get(pair);
    if (!reader) readers.set(pair, (reader = new QuotationReader(body, pair)));
    return reader;
  };
  const spans: QuoteSpan[] = [];
  let index = 0;
  while (index < body.length) {
    const pair = pairOpenedBy(body[index], body[index + 1], guillemets);
    const span = pair ? readerOf(pair).read(index) : null;
    if (span) {
      spans.push(span);
      index = span.closeEnd;
    } else {
      index++;
    }
  }
  return spans;
}
