import { extractStatements, type ExtractedQuotation } from '../src/extraction';

/**
 * The precision rules of reported speech (src/extraction/reported-speech.ts), one rule to a test,
 * on synthetic text: each shape below was read wrong before its rule (a wrong speaker, or a span
 * that is no report). Abstaining is the rule's answer where the speaker cannot be told: the span
 * may stay, filed with nobody.
 */

function paraphrases(body: string): ExtractedQuotation[] {
  return extractStatements(body).filter((statement) => statement.kind === 'PARAPHRASE');
}

const summary = (body: string) =>
  paraphrases(body).map((paraphrase) => [paraphrase.text, paraphrase.verb, paraphrase.speaker?.name ?? null]);

describe('reported speech: the shapes a rule reads apart', () => {
  it('"CONTENT, X said Friday, adding that …": the first content is the trailing one, and the participle files its own', () => {
    const body =
      'Prosecutor Anne Vidal opened the inquiry. Three people were hurt in the blast at the depot, Vidal said Friday, adding that the suspect was known to the police.';
    expect(summary(body)).toEqual([
      ['Three people were hurt in the blast at the depot', 'said', 'Anne Vidal'],
      ['the suspect was known to the police', 'adding', 'Anne Vidal'],
    ]);
  });

  it('"X said on Friday, adding that …": "adding that" opens no content of "said"', () => {
    const body = 'Prosecutor Anne Vidal opened the inquiry. Vidal said on Friday, adding that the suspect was known to the police.';
    expect(summary(body)).toEqual([['the suspect was known to the police', 'adding', 'Anne Vidal']]);
  });

  it('"CONTENT, … when he announced …": a verb in a clause of its own closes no trailing attribution', () => {
    const body =
      'Coach Jurgen Halvorsen spoke on Monday. Halvorsen stunned the players, staff and fans in January when he announced his plan to leave the club.';
    expect(paraphrases(body)).toEqual([]);
  });

  it('"who called on the chief minister": a visit; "called on" reports only "… to …"', () => {
    expect(paraphrases('The provincial minister Latif Qureshi, who called on the chief minister, discussed the budget.')).toEqual([]);
    expect(summary('Latif Qureshi called on the chief minister to release the flood funds.')).toEqual([
      ['the chief minister to release the flood funds', 'called on', 'Latif Qureshi'],
    ]);
  });

  it('"reported revenue below forecasts as clients held off": a verb only in the subordinate clause makes no report', () => {
    expect(
      paraphrases('Harwell Data on Wednesday reported revenue below forecasts as clients in Europe held off on signing deals.'),
    ).toEqual([]);
    // A quoted fragment may hold the main verb: "Wanderers “gave ourselves too much to do” as they began …".
    expect(
      summary('Bolton captain George Thomason says Wanderers “gave ourselves too much to do” as they began the year with defeat.'),
    ).toEqual([['Wanderers “gave ourselves too much to do” as they began the year with defeat', 'says', 'George Thomason']]);
  });

  it('"… provided to the premier,\' he said.": the end of a quotation opened sentences before is no report', () => {
    const body =
      "Police Commissioner Karen Webb spoke. Superintendent James Cullen said the briefing was routine.\n'The language 'potential mass casualty event', was not a line dreamed up by the premier. It was in briefings from the police provided to the government, provided to the premier,' he said.";
    expect(paraphrases(body).map((paraphrase) => paraphrase.text)).toEqual(['the briefing was routine']);
  });
});

describe('reported speech: more shapes a rule reads apart', () => {
  it('"gushed about Sunday\'s draw": what the talk was about is no content', () => {
    expect(paraphrases("Liverpool manager Juergen Klopp gushed about Sunday's breathless draw with Manchester City.")).toEqual([]);
  });

  it('"Judd said A … opened fire, the sheriff said.": the outer report of the speaker\'s own inner one is not filed twice', () => {
    const body =
      'Polk County Sheriff Grady Judd praised his deputies.\nJudd said the two deputies were at the door trying to pull the man out when the man pulled a gun and opened fire, the sheriff said.';
    expect(summary(body)).toEqual([
      ['the two deputies were at the door trying to pull the man out when the man pulled a gun', 'said', 'Grady Judd'],
    ]);
  });
});

describe('reported speech: speakers it does not name', () => {
  it('"DIG Sultan Ali Khawaja": a word that is a title or a part of the name leaves the fullest name unsure', () => {
    const body = 'East Zone DIG Sultan Ali Khawaja told the committee that the suspect could be freed for lack of evidence.';
    expect(paraphrases(body).map((paraphrase) => [paraphrase.text, paraphrase.speaker])).toEqual([
      ['the suspect could be freed for lack of evidence', null],
    ]);
  });

  it('"the Recorder of Middlesbrough Peter Fox": the name is read without the place of the title, and "the judge" is him', () => {
    const body =
      'Haslam appeared at Teesside Crown Court, and was found guilty by the Recorder of Middlesbrough Peter Fox of contempt.\nThe judge said it was important that cases could continue without disruption.\nJudge Fox said: "It is to ensure the fair running of the proceedings."';
    expect(paraphrases(body).map((paraphrase) => [paraphrase.text, paraphrase.speaker])).toEqual([
      ['it was important that cases could continue without disruption', expect.objectContaining({ name: 'Peter Fox' })],
    ]);
  });

  it('"they" for one person: news writes it for a group ("Gardaí … they confirmed")', () => {
    const body =
      'Resident Jade Millar described the night as bad.\nGardaí attended the gathering, following which they confirmed one man was arrested.';
    const found = paraphrases(body);
    expect(found.map((paraphrase) => paraphrase.text)).toEqual(['one man was arrested']);
    expect(found[0].speaker).toBeNull();
  });

  it('an indefinite role ("A Foreign Ministry spokeswoman") is nobody the article introduced, whatever role it gave someone', () => {
    const body =
      '“These are defamatory statements,” government spokesman Steffen Seibert said in Berlin on Monday.\nA Foreign Ministry spokeswoman pointed out that the minister had also expressed understanding for the French position.';
    const found = paraphrases(body);
    expect(found.map((paraphrase) => paraphrase.text)).toEqual(['the minister had also expressed understanding for the French position']);
    expect(found[0].speaker).toBeNull();
  });

  it('a surname whose fuller form the registry did not read ("NICHOLAS SCOTT\'S", "Mr Justice Sweeney") is filed with nobody', () => {
    const capitals = "NICHOLAS SCOTT'S future was in doubt last night.\nMr Scott said that his answer to the House had been true.";
    expect(paraphrases(capitals).map((paraphrase) => [paraphrase.text, paraphrase.speaker])).toEqual([
      ['his answer to the House had been true', null],
    ]);
    const title = 'The trial ended on Monday.\nMr Justice Sweeney said the murder was carried out in revenge for the losses.';
    expect(paraphrases(title).map((paraphrase) => [paraphrase.text, paraphrase.speaker])).toEqual([
      ['the murder was carried out in revenge for the losses', null],
    ]);
  });

  it('"director of the Academia Sinica Europaea": a name after "the" is an institution\'s', () => {
    const body =
      'The expert, also director of the Academia Sinica Europaea, said that the two leaders are creating the conditions for trust.';
    const found = paraphrases(body);
    expect(found.map((paraphrase) => paraphrase.text)).toEqual(['the two leaders are creating the conditions for trust']);
    expect(found[0].speaker).toBeNull();
  });

  it('"The command in a statement by its spokesperson, Josephine Adeh, said": the signer is not the subject\'s head', () => {
    const body = 'The command in a statement by its spokesperson, Josephine Adeh, said four suspects were arrested at the police post.';
    const found = paraphrases(body);
    expect(found.map((paraphrase) => paraphrase.text)).toEqual(['four suspects were arrested at the police post']);
    expect(found[0].speaker).toBeNull();
    // A "by" in a clause before the name is no statement it signs.
    const clause =
      'Police Minister Mark Ryan spoke on Monday.\nWhen asked why four police had been sent to check on a man, who had been reported missing by family in NSW, Mr Ryan said that it was common practice in regional areas.';
    expect(summary(clause).filter(([, verb]) => verb === 'said')).toEqual([
      ['it was common practice in regional areas', 'said', 'Mark Ryan'],
    ]);
  });

  it('"Debenhams, which makes 80% of its profits …, said": "which" speaks of a thing, not a person', () => {
    const body =
      'Retailer Debenhams (DEB) warned on profits.\nDebenhams, which makes roughly 80% of its profits in the first half, said the strong sales momentum had continued.';
    const found = paraphrases(body);
    expect(found.map((paraphrase) => paraphrase.text)).toEqual(['the strong sales momentum had continued']);
    expect(found[0].speaker).toBeNull();
  });
});
