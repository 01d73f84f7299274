import { findQuoteSpans } from '../src/extraction/quotes';
import { extractQuotations } from '../src/extraction';

/**
 * Quotations whose marks the page typed wrong or left out (src/extraction/quotes.ts), one rule per
 * test, on synthetic text. Each was met in the corpus's dev part (npm run eval:extraction -- --split dev).
 */

function texts(body: string): string[] {
  return findQuoteSpans(body).map((span) => body.slice(span.start, span.end));
}

describe('a closing mark of the wrong kind', () => {
  it('closes a double quotation across a single quotation nested in it', () => {
    const body = 'Ana Ferreira said, "The question \u2018are we alone\u2019 is a priority for us.\u201d\n"It is a step," Tom Reed said.';
    expect(texts(body)).toEqual(['The question \u2018are we alone\u2019 is a priority for us.', 'It is a step,']);
  });
});

describe('a paragraph the page left unclosed', () => {
  it('ends its quotation before an attribution that ends the paragraph, apart from the next paragraph\u2019s quotation', () => {
    const body =
      '"The agency was founded a century ago, said Health Minister Ana Ferreira on Twitter.\n"It has the same task today," he added.';
    expect(texts(body)).toEqual(['The agency was founded a century ago', 'It has the same task today,']);
  });

  it('ends its quotation with the paragraph when no later paragraph continues it', () => {
    const body = 'Professor Ana Ferreira explained: "Antibodies are in fluids in the body.\nThis is done in two ways.';
    expect(texts(body)).toEqual(['Antibodies are in fluids in the body.']);
  });

  it('ends a quotation over paragraphs with the last of them when that one is left unclosed', () => {
    const body = 'Klopp said: \u201cWe would have loved to score.\n\u201cWe go the distance.\nThe result left Arsenal top.';
    expect(texts(body)).toEqual(['We would have loved to score.\n\u201cWe go the distance.']);
  });

  it('does not swallow the quotations after it on its line', () => {
    const body = 'The \u201cso-called group said "we will go," and Ana Ferreira said "we stay," on Monday.';
    expect(texts(body)).toEqual(['we will go,', 'we stay,']);
  });

  it('does not run a fragment inside the writer\u2019s sentence on into the next paragraph\u2019s quotation', () => {
    const body =
      'The agencies were told not to interfere if civilian \u201claw enforcement acts against banned groups.\n\u201cThe prime minister has directed fresh attempts.\u201d';
    expect(texts(body)).toEqual(['law enforcement acts against banned groups.', 'The prime minister has directed fresh attempts.']);
  });
});

describe('a closing mark typed for an opening one', () => {
  it('opens a quotation with a straight mark and a space at its paragraph\u2019s start', () => {
    expect(texts('" Europe as a whole went positive," chief financial officer Ana Ferreira said.')).toEqual([
      'Europe as a whole went positive,',
    ]);
  });

  it('opens a quotation with a straight mark between spaces, closed after punctuation before an attribution', () => {
    const body = 'Although the nation "pulled together", there have since been " too many chances for the virus," he said.';
    expect(texts(body)).toEqual(['pulled together', 'too many chances for the virus,']);
  });

  it('opens a quotation with a closing curly mark after a comma, before a capital, when the next mark closes it', () => {
    const body = 'He advised the activists,\u201d Avoid any criticism that harms your party\u201d. \u201cWe are near,\u201d he said.';
    expect(texts(body)).toEqual(['Avoid any criticism that harms your party', 'We are near,']);
  });
});

describe('a paragraph the page opened with no mark', () => {
  it('starts the quotation at the paragraph when its first mark closes after punctuation and an attribution follows', () => {
    const body = 'Risch asked whether it was true.\nIn the main, it was not true,\u201d he responded.';
    expect(texts(body)).toEqual(['In the main, it was not true,']);
  });

  it('leaves a closing mark with no attribution after it alone', () => {
    expect(texts('Risch asked whether it was true.\nIn the main, it was not true.\u201d The hearing ended.')).toEqual([]);
  });
});

describe('short quotations kept as statements', () => {
  const texts = (body: string) => extractQuotations(body).map((quotation) => quotation.text);

  it('keeps a short quotation that is a paragraph of its own (a crosshead quoting the article)', () => {
    const body =
      'The group now calls for strict controls.\n\u2018Balanced view\u2019\nBut Professor Ana Ferreira is among those who played down the research.';
    expect(texts(body)).toEqual(['Balanced view']);
  });

  it('keeps a short quotation a colon introduces (a sign)', () => {
    expect(texts('A sign on the door of the post office reads: \u2018Local People Only\u2019.')).toEqual(['Local People Only']);
  });

  it('still leaves out a short title inside the writer\u2019s sentence', () => {
    expect(texts('She starred in \u201cThe Grapes of Wrath\u201d last year.')).toEqual([]);
  });
});

describe('a short quotation kept only for where it stands', () => {
  it('names no speaker for it when no verb of saying governs it', () => {
    const body =
      'Councillor Danny Collins pointed out that there is a sign on the gate that states: \u2018County Council Property \u2013 No Trespassing.\u2019';
    expect(extractQuotations(body).map((quotation) => [quotation.text, quotation.speaker?.name ?? null])).toEqual([
      ['County Council Property \u2013 No Trespassing.', null],
    ]);
  });
});
