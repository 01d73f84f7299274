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

/**
 * Reads the quotation opened at openIndex. A line break inside a quotation is allowed only by the
 * news convention for quotes running over paragraphs: the paragraph ends without a closing mark
 * and the next one opens with the same mark. Anything else is an unterminated mark: no quotation.
 */
function readQuotation(body: string, openIndex: number, pair: MarkPair): QuoteSpan | null {
  for (let index = openIndex + 1; index < body.length; index++) {
    const character = body[index];
    if (character === '\n') {
      let next = index;
      while (next < body.length && /\s/.test(body[next])) next++;
      if (body[next] !== pair.open) return null;
      index = next;
      continue;
    }
    if (character === pair.close) return trimmed(body, openIndex, index);
  }
  return null;
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
  const spans: QuoteSpan[] = [];
  let index = 0;
  while (index < body.length) {
    const pair = pairOpenedBy(body[index], body[index + 1], guillemets);
    const span = pair ? readQuotation(body, index, pair) : null;
    if (span) {
      spans.push(span);
      index = span.closeEnd;
    } else {
      index++;
    }
  }
  return spans;
}
