import { findQuoteSpans } from '../src/extraction/quotes';

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
