import { extractStatements, type ExtractedQuotation } from '../src/extraction';
import { scoreParaphrases, paraphraseRatios } from '../src/extraction/evaluate-paraphrases';
import { AMBIGUOUS_FORM, findReportedSpeech, fullestForm } from '../src/extraction/reported-speech';
import { createToken } from '../src/auth/tokens';
import { openTestApp, type TestApp } from './support/harness';
import { cpuMillis } from './support/cpu-time';

/**
 * Reported speech (src/extraction/reported-speech.ts), one rule at a time on synthetic text, then
 * through a real importArticle request on both databases.
 */

function paraphrases(body: string): ExtractedQuotation[] {
  return extractStatements(body).filter((statement) => statement.kind === 'PARAPHRASE');
}

function only(body: string): ExtractedQuotation {
  const found = paraphrases(body);
  expect(found.map((paraphrase) => paraphrase.text)).toHaveLength(1);
  expect(body.slice(found[0].spanStart, found[0].spanEnd)).toBe(found[0].text);
  return found[0];
}

const INTRO = 'The mayor of Lyon, Camille Berthier, opened the tram line on Monday. ';

describe('reported speech: the shapes it reads', () => {
  it('"X said that CONTENT": the clause after "that", without the full stop', () => {
    const paraphrase = only(`${INTRO}Berthier said that the second line would open in May.`);
    expect(paraphrase).toMatchObject({
      kind: 'PARAPHRASE',
      text: 'the second line would open in May',
      verb: 'said',
      speaker: { name: 'Camille Berthier' },
    });
  });

  it('"X said CONTENT" with no "that", after a circumstance ("on Friday")', () => {
    const paraphrase = only(`${INTRO}Berthier said on Friday the second line would open in May.`);
    expect(paraphrase).toMatchObject({ text: 'the second line would open in May', speaker: { name: 'Camille Berthier' } });
  });

  it('"X told reporters CONTENT": the audience is not part of the content', () => {
    const paraphrase = only(`${INTRO}Berthier told reporters the talks with the unions had failed.`);
    expect(paraphrase).toMatchObject({ text: 'the talks with the unions had failed', verb: 'told', speaker: { name: 'Camille Berthier' } });
  });

  it('"CONTENT, X said.": the clause before the attribution', () => {
    const paraphrase = only(`${INTRO}The second line would open in May, Berthier said on Tuesday.`);
    expect(paraphrase).toMatchObject({ text: 'The second line would open in May', verb: 'said', speaker: { name: 'Camille Berthier' } });
  });

  it('"CONTENT, X has said.": an auxiliary between the subject and the verb is not a clause of its own', () => {
    const paraphrase = only(`${INTRO}The second line would open in May, Berthier has said.`);
    expect(paraphrase).toMatchObject({ text: 'The second line would open in May', verb: 'said', speaker: { name: 'Camille Berthier' } });
  });

  it('"The talks, she said, had failed": the longer side of an attribution that interrupts', () => {
    const paraphrase = only(`${INTRO}The talks, she said, had failed because the unions wanted more.`);
    expect(paraphrase).toMatchObject({ text: 'had failed because the unions wanted more', speaker: { name: 'Camille Berthier' } });
  });

  it('"According to X, CONTENT" and "CONTENT, according to X."', () => {
    expect(only(`${INTRO}According to Berthier, the second line will cost 40 million euros.`)).toMatchObject({
      text: 'the second line will cost 40 million euros',
      verb: 'according to',
      speaker: { name: 'Camille Berthier' },
    });
    expect(only(`${INTRO}The second line will cost 40 million euros, according to Berthier.`)).toMatchObject({
      text: 'The second line will cost 40 million euros',
      verb: 'according to',
      speaker: { name: 'Camille Berthier' },
    });
  });

  it('a mixed form keeps its quoted fragment, marks included; the fragment stays a quotation too', () => {
    const body = `${INTRO}Berthier said the delay was 'a shambles' and blamed the contractor.`;
    const statements = extractStatements(body);
    expect(statements.find((statement) => statement.kind === 'PARAPHRASE')).toMatchObject({ text: "the delay was 'a shambles'" });
    expect(statements.find((statement) => statement.kind === 'DIRECT_QUOTE')).toMatchObject({ text: 'a shambles' });
  });

  it('", adding that CONTENT": a participle takes its main verb\'s subject, and ends the first content', () => {
    const found = paraphrases(`${INTRO}Berthier said the line was ready, adding that tickets would cost two euros.`);
    expect(found.map((paraphrase) => [paraphrase.text, paraphrase.verb, paraphrase.speaker?.name])).toEqual([
      ['the line was ready', 'said', 'Camille Berthier'],
      ['tickets would cost two euros', 'adding', 'Camille Berthier'],
    ]);
  });

  it('"... and warned that ...": a coordinated verb starts a report of its own; after a reported clause, whose own subject may be the one who warned, it names nobody', () => {
    const found = paraphrases(`${INTRO}Berthier said the line was ready and warned that tickets would cost more next year.`);
    expect(found.map((paraphrase) => [paraphrase.text, paraphrase.speaker?.name])).toEqual([
      ['the line was ready', 'Camille Berthier'],
      ['tickets would cost more next year', undefined],
    ]);
    expect(only(`${INTRO}Berthier opened the line and warned that tickets would cost more next year.`)).toMatchObject({
      speaker: { name: 'Camille Berthier' },
    });
  });

  it('a pronoun resolves as for quotations: "She said ..." after the person is introduced', () => {
    expect(only(`${INTRO}She said the second line would open in May.`)).toMatchObject({
      speaker: { name: 'Camille Berthier' },
      attributionCue: 'pronoun',
    });
  });

  it("an unnamed source keeps the article's description; an institution its name", () => {
    expect(only('Two officials familiar with the talks said the deal was close.')).toMatchObject({
      speaker: null,
      sourceDescription: 'Two officials familiar with the talks',
    });
    expect(only('The Ministry of Foreign Affairs said the embassy would reopen next week.')).toMatchObject({
      speaker: null,
      sourceOrganization: 'Ministry of Foreign Affairs',
    });
  });
});

describe('reported speech: what it leaves alone', () => {
  it('a direct quotation is no paraphrase: "X said: "..."" and ""...," X said"', () => {
    expect(paraphrases(`${INTRO}Berthier said: "The second line will open in May."`)).toEqual([]);
    expect(paraphrases(`${INTRO}"The second line will open in May," Berthier said.`)).toEqual([]);
  });

  it('verbs inside a quotation report nothing of the narrative', () => {
    expect(paraphrases(`${INTRO}"I said the line would open, and it did," Berthier told the crowd.`)).toEqual([]);
  });

  it('negated or unfulfilled speech has no content: "did not say whether", "declined to comment", "is expected to announce"', () => {
    expect(paraphrases(`${INTRO}Berthier did not say whether the second line would open in May.`)).toEqual([]);
    expect(paraphrases(`${INTRO}Berthier is expected to announce that the second line will open in May.`)).toEqual([]);
  });

  it('an adjective or a noun is no verb: "the alleged use", "the claims that"', () => {
    expect(paraphrases('Investigators examined the alleged use of drones in the war, and the claims that they had been sold.')).toEqual([]);
  });

  it('"X urged", "X asked" and "X accused" need their link: "asked him about the plan" reports no content', () => {
    expect(paraphrases(`${INTRO}Berthier asked the minister about the plan for the second line.`)).toEqual([]);
    expect(only(`${INTRO}Berthier asked the minister whether the second line would be funded.`)).toMatchObject({
      text: 'whether the second line would be funded',
      verb: 'asked',
    });
  });

  it('"a spokesperson for X said" and "X\'s spokesman said" are not X: the span is filed, X is not named', () => {
    const body = 'Andrew Constance is the transport minister. A spokesperson for Mr Constance said he had not been heard from since 10am.';
    expect(only(body).speaker).toBeNull();
    const owned =
      'Volodymyr Zelenskyy met troops. Ukraine and Russia are discussing a place and time for talks, Zelenskyy’s spokesman said on Friday.';
    expect(only(owned)).toMatchObject({ text: 'Ukraine and Russia are discussing a place and time for talks', speaker: null });
  });

  it('a description resolved to the person the paragraph is about names nobody (reported speech describes others freely)', () => {
    const body =
      'Christopher Luxon said he had not heard the interview in which the acting prime minister accused the broadcaster of being biased.';
    const accused = paraphrases(body).find((paraphrase) => paraphrase.verb === 'accused');
    expect(accused?.speaker ?? null).toBeNull();
  });

  it('a name names the speaker only when it heads the subject: not "the Berthier administration", not "which was written by Berthier"', () => {
    const noun = `${INTRO}The Berthier administration said the second line would open in May.`;
    expect(only(noun)).toMatchObject({ text: 'the second line would open in May', speaker: null });
    const relative = `${INTRO}The report, which was written by Camille Berthier, said the second line would open in May.`;
    expect(only(relative)).toMatchObject({ text: 'the second line would open in May', speaker: null });
    expect(only(`${INTRO}Berthier of the city council said the second line would open in May.`).speaker).toMatchObject({
      name: 'Camille Berthier',
    });
  });

  it('a report inside what a noun calls a claim ("claims that X asked ...") names nobody', () => {
    const body = `${INTRO}Leaks continued, including claims that Berthier asked the council to pay for the new tram depot.`;
    expect(only(body)).toMatchObject({ text: 'the council to pay for the new tram depot', speaker: null });
  });

  it('a name joined to a capitalised word that is no title is some other name: "Human Rights Watch said" names nobody', () => {
    expect(only('Human Rights Watch said the report was flawed and should be withdrawn.')).toMatchObject({
      text: 'the report was flawed and should be withdrawn',
      speaker: null,
    });
    expect(only(`${INTRO}Mayor Camille Berthier said the second line would open in May.`).speaker).toMatchObject({
      name: 'Camille Berthier',
    });
    expect(only(`${INTRO}MP Camille Berthier said the second line would open in May.`).speaker).toMatchObject({ name: 'Camille Berthier' });
  });

  it('a speaker the registry also holds in a longer form takes the longest; two longer forms that differ leave it unsure', () => {
    const person = (name: string) => ({ name, tokens: name.split(' '), gender: null, roles: [] });
    const short = person('Peter Lam');
    const long = person('Peter Lam Siu-fai');
    expect(fullestForm(short, [short, long])).toBe(long);
    expect(fullestForm(long, [short, long])).toBe(long);
    expect(fullestForm(short, [short, long, person('Peter Lam Kwok-wai')])).toBe(AMBIGUOUS_FORM);
  });

  it("a verb after an opening mark left open in its paragraph is someone's words: skipped", () => {
    expect(
      paraphrases('Netanyahu spoke. “The president told me that if nothing changes he will pull out of the deal.\nNobody answered.'),
    ).toEqual([]);
  });

  it('takes time in proportion to the text: a body 8 times longer costs well under 8 × 8 times as much', () => {
    const paragraph = `${INTRO}Berthier said the line was ready. "We will open it," she said. Officials told reporters the plan would cost more, according to the council.\n`;
    // CPU time of this process: wall time would measure the machine's other work too.
    const time = (copies: number) => {
      const body = paragraph.repeat(copies);
      return cpuMillis(() => findReportedSpeech(body, []));
    };
    time(10);
    const small = Math.max(time(40), 1);
    const large = time(320);
    expect(large / small).toBeLessThan(30);
  });
});

describe('the paraphrase scorer', () => {
  const body = 'Police said the man told them he had fled. The mayor said the tram was late.';
  const gold = [
    { text: 'the man told them he had fled', speaker: null, organization: null, unnamed: 'Police', verb: 'said' },
    { text: 'he had fled', speaker: 'the man', organization: null, unnamed: null, verb: 'told' },
    { text: 'the tram was late', speaker: 'Ana Ruiz', organization: null, unnamed: null, verb: 'said' },
  ];
  const at = (text: string, speaker: string | null = null) => {
    const spanStart = body.indexOf(text);
    return { text, spanStart, spanEnd: spanStart + text.length, speaker, organization: null, description: null, verb: 'said' };
  };

  it('excuses the other level of a nested report that was found, and pairs each span once', () => {
    const { score } = scoreParaphrases(body, gold, [
      at('he had fled'),
      at('the tram was late', 'Ana Ruiz'),
      at('the tram was late', 'Ana Ruiz'),
    ]);
    expect(score).toMatchObject({ annotated: 2, excused: 1, predicted: 3, paired: 2, predictedAttributed: 2, correctAttributed: 1 });
    expect(paraphraseRatios(score).overlapRecall).toBe(1);
    expect(paraphraseRatios(score).overlapPrecision).toBeCloseTo(2 / 3);
  });

  it('gives a span cut a little short the share of its words, and a speaker on an unannotated span counts as wrong', () => {
    const { score } = scoreParaphrases(body, gold.slice(2), [at('tram was late', 'Ana Ruiz'), at('Police said the man', 'Someone')]);
    expect(score.overlapRecallSum).toBeCloseTo(3 / 4);
    expect(score.overlapPrecisionSum).toBeCloseTo(1);
    expect(paraphraseRatios(score).attributionPrecision).toBe(0.5);
  });
});

describe('importArticle files reported speech', () => {
  let kb: TestApp;
  let writer: string;
  beforeAll(async () => {
    kb = await openTestApp();
    writer = (await createToken(kb.db, { name: 'reported speech desk', scope: 'write' })).token;
  });
  afterAll(() => kb.close());

  const mutation = `mutation($input: ImportArticleInput!) { importArticle(input: $input) {
    __typename
    ... on ImportArticleSuccess { articleImport { statements { id kind text span { start end } speaker { name } attributionVerb attributionConfidence sourceDescription } } }
    ... on UserError { message } } }`;

  const body =
    'The mayor of Lyon, Camille Berthier, opened the tram line on Monday. Berthier told reporters the second line would open in May. ' +
    '"It will change the city," she said.\nOfficials said the cost had doubled.';

  it('as PARAPHRASE statements with their span, speaker and verb, beside the quotations, in document order', async () => {
    const result = await kb.graphql(mutation, { input: { url: 'https://example.org/lyon-tram', title: 'Lyon tram', body } }, writer);
    expect(result.errors).toBeUndefined();
    const filed = result.data.importArticle.articleImport.statements;
    expect(filed.map((statement: any) => [statement.kind, statement.text])).toEqual([
      ['PARAPHRASE', 'the second line would open in May'],
      ['DIRECT_QUOTE', 'It will change the city,'],
      ['PARAPHRASE', 'the cost had doubled'],
    ]);
    const [reported, , unnamed] = filed;
    expect(body.slice(reported.span.start, reported.span.end)).toBe(reported.text);
    expect(reported).toMatchObject({ speaker: { name: 'Camille Berthier' }, attributionVerb: 'told' });
    expect(reported.attributionConfidence).toBeGreaterThanOrEqual(0.7);
    expect(unnamed).toMatchObject({ speaker: null, sourceDescription: 'Officials', attributionVerb: 'said' });
  });

  it('keeps both kinds in place when the same URL comes again', async () => {
    const input = { url: 'https://example.org/lyon-tram-again', title: 'Lyon tram', body };
    const first = (await kb.graphql(mutation, { input }, writer)).data.importArticle.articleImport.statements;
    const second = (await kb.graphql(mutation, { input: { ...input, title: 'Lyon tram, corrected' } }, writer)).data.importArticle
      .articleImport.statements;
    expect(second.map((statement: any) => statement.id)).toEqual(first.map((statement: any) => statement.id));
    expect(second.map((statement: any) => statement.kind)).toEqual(['PARAPHRASE', 'DIRECT_QUOTE', 'PARAPHRASE']);
  });
});
