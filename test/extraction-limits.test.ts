import nlp from 'compromise';
import { loadFixtureArticles } from '../src/extraction/fixtures';
import { findQuoteSpans } from '../src/extraction/quotes';
import { TAGGING_PIECE_LENGTH, TermTags } from '../src/extraction/text';
import { readSeedArticle } from '../seeds/seed';

/**
 * A body that reads each character a bounded number of times, however it is made: the count is of
 * characters read by index, so the bound holds or breaks the same way on any machine and load.
 */
function readsPerCharacter(text: string, find: (body: string) => unknown): number {
  let reads = 0;
  const counted = new Proxy(new String(text), {
    get(target, property) {
      if (property === 'toString' || property === 'valueOf') return () => text;
      if (typeof property === 'string' && /^\d+$/.test(property)) reads++;
      return Reflect.get(target, property);
    },
  });
  find(counted as unknown as string);
  return reads / text.length;
}

describe('quotation scan', () => {
  const length = 2_400;
  const pathological: Record<string, string> = {
    'curly opening marks': '“'.repeat(length),
    'French guillemets': '«'.repeat(length),
    'German guillemets': '»a'.repeat(length / 2),
    'German low marks': '„'.repeat(length),
    'paragraphs that each open a quotation and never close it': '“a\n'.repeat(length / 3),
    'opening marks before paragraphs that continue a quotation': '“'.repeat(length / 2) + '\n“x'.repeat(length / 6),
    'words with stray marks': 'He said “It is “all ” fine and « more '.repeat(length / 40),
  };

  it.each(Object.entries(pathological))('reads each character a bounded number of times: %s', (_name, body) => {
    expect(readsPerCharacter(body, findQuoteSpans)).toBeLessThan(8);
  });

  it('finds nothing in opening marks with no closing mark', () => {
    for (const mark of ['“', '«', '„']) expect(findQuoteSpans(mark.repeat(length))).toEqual([]);
  });

  it('still reads quotations that run over paragraphs and nested quotes', () => {
    const body = 'She said: “One.\n\n“Two “inner” end.” Then “open\nno.';
    const texts = findQuoteSpans(body).map((span) => body.slice(span.start, span.end));
    expect(texts).toEqual(['One.\n\n“Two “inner']);
  });
});

/** compromise's matching costs the square of a sentence's length: no sentence may be unbounded. */
describe('part-of-speech tagging', () => {
  const longestSentence = (body: string) =>
    Math.max(...(new TermTags(body).document.json({ offset: true }) as { offset: { length: number } }[]).map((sentence) => sentence.offset.length));
  const unit = 'Mayor Lena Brandt of Harwick Rovers said “The Tram Opens In May” and told Council Member Jo Park “we will see, ” while ';
  const pathological: Record<string, string> = {
    'one sentence that never ends': unit.repeat(200),
    'one word of opening marks': '“'.repeat(20_000),
    'lines of bare punctuation, which compromise joins into one sentence': '“““\n'.repeat(5_000),
    'capitalised words and no punctuation': 'Lena Brandt Harwick Rovers Council Member Jo Park '.repeat(400),
  };

  it.each(Object.entries(pathological))('reads sentences of a bounded length: %s', (_name, body) => {
    expect(longestSentence(body)).toBeLessThanOrEqual(TAGGING_PIECE_LENGTH);
  });

  it('tags articles longer than a piece exactly as it tags them whole, offsets included', () => {
    const body = [readSeedArticle('000_3536842f9f6d9ee2.txt'), ...loadFixtureArticles().map((article) => article.body)].join('\n');
    expect(body.length).toBeGreaterThan(10 * TAGGING_PIECE_LENGTH);
    // compromise gives each term an id of its own on every parse: everything else must agree.
    const view = (document: ReturnType<typeof nlp>) =>
      JSON.stringify([
        document.json({ offset: true, terms: { offset: true } }),
        document.people().json({ offset: true }),
        document.organizations().json({ offset: true }),
      ]).replace(/"id":"(?:[^"\\]|\\.)*",/g, '');
    const pieces = new TermTags(body).document;
    expect(view(pieces)).toEqual(view(nlp(body)));
    for (const sentence of pieces.json({ terms: { offset: true } }) as { terms: { text: string; offset: { start: number; length: number } }[] }[]) {
      for (const term of sentence.terms) expect(body.slice(term.offset.start, term.offset.start + term.offset.length)).toBe(term.text);
    }
  });
});
