import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { articleSeeds } from '../seeds/annotation';
import { ATTRIBUTION_THRESHOLD, extractQuotations, findOrganizations, findPeople, type ExtractedQuotation } from '../src/extraction';
import { meetsTargets, ratiosOf, scoreArticle, sumScores } from '../src/extraction/evaluate';
import { loadFixtureArticles } from '../src/extraction/fixtures';

/** Quotation extraction is pure: these tests need no database. */

const SEED_SPEAKER = 'Hossein Amir-Abdollahian';

function speakers(quotations: ExtractedQuotation[]): (string | null)[] {
  return quotations.map((quotation) => quotation.speaker?.name ?? null);
}

function texts(quotations: ExtractedQuotation[]): string[] {
  return quotations.map((quotation) => quotation.text);
}

function expectSpansMatchBody(body: string, quotations: ExtractedQuotation[]): void {
  for (const quotation of quotations) expect(body.slice(quotation.spanStart, quotation.spanEnd)).toBe(quotation.text);
}

describe('the seed article', () => {
  const seed = articleSeeds[0];
  const body = readFileSync(join(__dirname, '../seeds/articles', seed.file), 'utf8');
  const quotations = extractQuotations(body);
  const annotated = seed.statements.filter((statement) => statement.kind === 'DIRECT_QUOTE');

  it('gives exactly the six direct quotations, at the annotated spans', () => {
    expect(quotations).toHaveLength(6);
    expect(quotations.map((quotation) => [quotation.spanStart, quotation.spanEnd])).toEqual(annotated.map((statement) => statement.span));
    expectSpansMatchBody(body, quotations);
  });

  it('attributes all six to the foreign minister, introduced as Iran’s Foreign Minister', () => {
    expect(speakers(quotations)).toEqual(Array(6).fill(SEED_SPEAKER));
    expect(quotations[0].speaker).toEqual({
      name: SEED_SPEAKER,
      roleTitle: 'Foreign Minister',
      roleCountry: 'Iran',
      roleOrganization: null,
    });
    for (const quotation of quotations) expect(quotation.confidence).toBeGreaterThanOrEqual(ATTRIBUTION_THRESHOLD);
  });

  it('reads the verbs of saying as written', () => {
    expect(quotations.map((quotation) => quotation.verb)).toEqual(annotated.map((statement) => statement.verb));
  });

  it('does not return the paraphrase in the lead', () => {
    expect(quotations.some((quotation) => quotation.text.includes('several drones'))).toBe(false);
  });
});

describe('quotation marks', () => {
  it('splits a quotation around its attribution into two, both attributed', () => {
    const body = 'Finance Minister Rachel Hemara presented the budget. "We made promises," she said, "and we will keep them."';
    const quotations = extractQuotations(body);
    expect(texts(quotations)).toEqual(['We made promises,', 'and we will keep them.']);
    expect(speakers(quotations)).toEqual(['Rachel Hemara', 'Rachel Hemara']);
    expect(quotations[1].attributionCue).toBe('split');
  });

  it('treats a quotation running over paragraphs as one, with the inner opening marks in its text', () => {
    const body = [
      'Tuvalu’s climate minister Losa Fakaua spoke at the closing session.',
      '“Our seawalls do not wait for next year.',
      '“Our wells do not wait either. It must be filled,” she said.',
    ].join('\n\n');
    const quotations = extractQuotations(body);
    expect(quotations).toHaveLength(1);
    expect(quotations[0].text).toBe('Our seawalls do not wait for next year.\n\n“Our wells do not wait either. It must be filled,');
    expect(quotations[0].spanStart).toBe(body.indexOf('Our seawalls'));
    expect(quotations[0].spanEnd).toBe(body.indexOf('filled,') + 'filled,'.length);
    expect(quotations[0].speaker?.name).toBe('Losa Fakaua');
    expectSpansMatchBody(body, quotations);
  });

  it('keeps single quotes inside a quotation as part of it', () => {
    const body = [
      '"When the employers say \'final offer\', they mean final until the next one," union negotiator Pieter van Dalen said.',
      '“Today the tribunal has said that ‘partner’ is just a word,” said Daniel Osei, the riders’ barrister.',
    ].join('\n\n');
    const quotations = extractQuotations(body);
    expect(texts(quotations)).toEqual([
      "When the employers say 'final offer', they mean final until the next one,",
      'Today the tribunal has said that ‘partner’ is just a word,',
    ]);
    expect(speakers(quotations)).toEqual(['Pieter van Dalen', 'Daniel Osei']);
  });

  it('reads French guillemets with their inner spaces trimmed, and German ones pointing inwards', () => {
    const french =
      'The mayor of Lyon, Camille Berthier, spoke on Thursday.\n\n« We are not declaring war on cars », the mayor told reporters.';
    const [inFrench] = extractQuotations(french);
    expect(inFrench.text).toBe('We are not declaring war on cars');
    expect(inFrench.speaker?.name).toBe('Camille Berthier');
    expectSpansMatchBody(french, [inFrench]);

    const german = '»A tenant should not need a lawyer«, Senator Katrin Albers said. »With the register, it takes three minutes.«';
    const inGerman = extractQuotations(german);
    expect(texts(inGerman)).toEqual(['A tenant should not need a lawyer', 'With the register, it takes three minutes.']);
    expect(speakers(inGerman)).toEqual(['Katrin Albers', 'Katrin Albers']);
  });

  it('never takes an apostrophe for a quotation mark', () => {
    const body = "Iran's minister said he didn't know. The company’s chief won’t comment, and the traders' union hasn't either.";
    expect(extractQuotations(body)).toEqual([]);
    const quoted = extractQuotations('"We don\'t sell to Iran\'s rivals, and we won’t," said Kamal Haidari.');
    expect(texts(quoted)).toEqual(["We don't sell to Iran's rivals, and we won’t,"]);
  });

  it('skips scare quotes and short titles with no verb of saying', () => {
    const body = [
      'The so-called "maximum pressure" campaign failed, and the "loss and damage" fund is empty.',
      'The UN\'s latest "Adaptation Gap Report" was published on Monday.',
      'Smith said the deal was "a disaster".',
    ].join('\n\n');
    const quotations = extractQuotations(body);
    expect(texts(quotations)).toEqual(['a disaster']);
  });

  it("keeps a lower-case fragment of the writer's sentence although no verb of saying governs it", () => {
    // Partial quotations are a third of real news's quotations; most have no verb of saying of their own.
    const body = [
      'Ana Ferreira condemned the protests as "completely unacceptable" on Tuesday.',
      'She called the plan a "gift to speculators".',
      'The so-called "maximum pressure" campaign failed.',
    ].join('\n\n');
    expect(texts(extractQuotations(body))).toEqual(['completely unacceptable', 'gift to speculators']);
  });

  it('gives spans that are exactly the text, in document order', () => {
    const body = '“First,” said Ana Lucía Ferreira. Then: «Second», she added.\n\n"Third," Ferreira said.';
    const quotations = extractQuotations(body);
    expect(texts(quotations)).toEqual(['First,', 'Second', 'Third,']);
    expectSpansMatchBody(body, quotations);
  });
});

describe('attribution', () => {
  it('attributes after the quotation, in either word order', () => {
    const body =
      '"Nobody on the quay will accept that," Pieter van Dalen said. "The offer is fair," said Marloes Kuipers, the association\'s director.';
    const quotations = extractQuotations(body);
    expect(speakers(quotations)).toEqual(['Pieter van Dalen', 'Marloes Kuipers']);
    expect(quotations.map((quotation) => quotation.attributionCue)).toEqual(['name+verb-after', 'name+verb-after']);
    expect(quotations[1].speaker).toMatchObject({ roleTitle: 'director', roleOrganization: 'association' });
  });

  it('attributes before the quotation: X said:, X told reporters that', () => {
    const body = 'Kremlin spokesman Arkady Belov told reporters that "it is too early to talk about the agenda."';
    const [quotation] = extractQuotations(body);
    expect(quotation.speaker).toEqual({ name: 'Arkady Belov', roleTitle: 'spokesman', roleCountry: null, roleOrganization: 'Kremlin' });
    expect(quotation.verb).toBe('told');
  });

  it('resolves a pronoun to the one person of plausible gender before it', () => {
    const body = 'Joanne Hartley has run the bakery since 2004.\n\n“It’s always the gas now,” she says.';
    expect(speakers(extractQuotations(body))).toEqual(['Joanne Hartley']);
  });

  it('uses gender to choose between a man and a woman', () => {
    const body = 'Tom Kerrigan met Rachel Hemara on Monday. "The numbers add up," she said.';
    const [quotation] = extractQuotations(body);
    expect(quotation.speaker?.name).toBe('Rachel Hemara');
    expect(quotation.attributionCue).toBe('pronoun');
  });

  it('leaves a pronoun unattributed when two people could be meant', () => {
    const body = 'Marco Bellandi and Steve Rudd played together in the 1990s. "We were never friends on the pitch," he said.';
    const [quotation] = extractQuotations(body);
    expect(quotation.speaker).toBeNull();
    expect(quotation.confidence).toBeLessThan(ATTRIBUTION_THRESHOLD);
    expect(quotation.attributionCue).toBe('ambiguous-pronoun');
  });

  it('resolves role phrases through a table of synonyms to the person introduced with the role', () => {
    const body = [
      "Iran's Foreign Minister Hossein Amir-Abdollahian met reporters in Tehran.",
      'The Minister of Foreign Affairs added: "We asked for evidence."',
      'Iran\'s FM also said: "The meeting was not held."',
      'The foreign minister noted: "Nothing has changed."',
    ].join('\n\n');
    const quotations = extractQuotations(body);
    expect(speakers(quotations)).toEqual([SEED_SPEAKER, SEED_SPEAKER, SEED_SPEAKER]);
    expect(new Set(quotations.map((quotation) => quotation.attributionCue))).toEqual(new Set(['role-phrase']));
  });

  it('leaves a role unattributed when nobody or several people hold it', () => {
    const body = [
      'Finance Minister Rachel Hemara and Health Minister Tom Kerrigan faced reporters.',
      'Asked about the hospital, the minister said: "Nothing is off the table."',
      'The spokesman said: "No comment for now."',
    ].join('\n\n');
    const quotations = extractQuotations(body);
    expect(speakers(quotations)).toEqual([null, null]);
    expect(quotations.map((quotation) => quotation.attributionCue)).toEqual(['ambiguous-role', 'unknown-role']);
  });

  it('resolves a surname to the full name introduced earlier', () => {
    const body = 'Dutch Infrastructure Minister Hugo Terpstra urged talks.\n\n"I expect both parties back by Friday," Terpstra said.';
    const [quotation] = extractQuotations(body);
    expect(quotation.speaker).toMatchObject({ name: 'Hugo Terpstra', roleTitle: 'Infrastructure Minister', roleCountry: 'Dutch' });
  });

  it('takes the subject of the verb of saying, never a possessive name nearer the quotation', () => {
    const body = [
      "Iran's Foreign Minister Hossein Amir-Abdollahian spoke in Tehran.",
      'Reacting to US President Joe Biden\'s recent remarks regarding liberating Iran, Amir-Abdollahian said: "Mr. Biden received his answer."',
      'Biden\'s spokesman said: "The president stands by his words."',
    ].join('\n\n');
    const quotations = extractQuotations(body);
    expect(speakers(quotations)).toEqual([SEED_SPEAKER, null]);
  });

  it('attributes a paragraph that only continues the previous paragraph’s quotation', () => {
    const body = [
      'Its chief executive, Priya Raghunathan, spoke on Friday. “Nobody who designed that scheme had a bakery in mind,” she said.',
      '“We have written to the Treasury three times.”',
    ].join('\n\n');
    const quotations = extractQuotations(body);
    expect(speakers(quotations)).toEqual(['Priya Raghunathan', 'Priya Raghunathan']);
    expect(quotations[1].attributionCue).toBe('paragraph-continuation');
  });

  it('names no speaker for organizations, anonymous sources and quotations with no attribution', () => {
    const body = [
      'SwiftDrop said it would appeal. In a statement, the company said: "We are disappointed by this decision."',
      '"Half the call had their cameras off by then," one of the employees said.',
      'Campaigners held placards reading "Pay up for loss and damage" outside.',
    ].join('\n\n');
    const quotations = extractQuotations(body);
    expect(texts(quotations)).toEqual([
      'We are disappointed by this decision.',
      'Half the call had their cameras off by then,',
      'Pay up for loss and damage',
    ]);
    expect(speakers(quotations)).toEqual([null, null, null]);
    expect(quotations[2].attributionCue).toBe('none');
  });
});

describe('names', () => {
  it('finds full person names, leaving out titles and possessive endings', () => {
    const body = readFileSync(join(__dirname, '../seeds/articles', articleSeeds[0].file), 'utf8');
    expect(findPeople(body)).toEqual([SEED_SPEAKER, 'Joe Biden']);
  });

  it('finds organizations', () => {
    expect(findOrganizations('The World Health Organization and Amnesty International issued a joint statement.')).toEqual([
      'World Health Organization',
      'Amnesty International',
    ]);
  });
});

describe('evaluation', () => {
  it('scores (text, speaker) pairs: a wrong speaker costs precision, a missing one recall', () => {
    const { score, mistakes } = scoreArticle(
      [
        { text: 'A', speaker: 'X' },
        { text: 'B', speaker: 'Y' },
        { text: 'C', speaker: null },
      ],
      [
        { text: ' A ', speaker: 'X' },
        { text: 'B', speaker: 'Z' },
        { text: 'D', speaker: null },
      ],
    );
    expect(ratiosOf(score)).toEqual({ spanPrecision: 2 / 3, spanRecall: 2 / 3, attributionPrecision: 1 / 2, attributionRecall: 1 / 2 });
    expect(mistakes.map((mistake) => mistake.kind)).toEqual(['wrong speaker', 'spurious quotation', 'missed quotation']);
  });

  it('meets the targets on the hand-annotated fixtures', () => {
    const articles = loadFixtureArticles();
    expect(articles).toHaveLength(17);
    const scores = articles.map((article) => {
      const predicted = extractQuotations(article.body).map((quotation) => ({
        text: quotation.text,
        speaker: quotation.speaker?.name ?? null,
      }));
      return scoreArticle(article.quotations, predicted).score;
    });
    const ratios = ratiosOf(sumScores(scores));
    expect(ratios.attributionPrecision).toBeGreaterThanOrEqual(0.95);
    expect(ratios.attributionRecall).toBeGreaterThanOrEqual(0.85);
    expect(meetsTargets(ratios)).toBe(true);
  });
});
