import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  expectedOrigins,
  loadGoldRemarks,
  matchGold,
  scoreClusters,
  spanOf,
  type FiledStatement,
  type GoldRemark,
  type GoldStatement,
} from '../src/extraction/evaluate-clusters';
import { loadNewsArticles, type NewsArticle } from '../src/extraction/fixtures';

/**
 * The scoring behind npm run eval:clusters (src/extraction/evaluate-clusters.ts), on cases small
 * enough to count by hand, and the gold file itself (test/fixtures/news/events.json) read against
 * the corpus.
 */

function gold(slug: string, text: string, start: number, kind: GoldStatement['kind'] = 'DIRECT_QUOTE'): GoldStatement {
  return { key: `${slug}|${text}|${kind}`, slug, text, kind, start, end: start + text.length };
}

function filed(id: number, slug: string, start: number, text: string, claimId: number | null): FiledStatement {
  return { id, slug, kind: 'DIRECT_QUOTE', start, end: start + text.length, text, claimId };
}

// Event E: one remark in three articles (a, b, c) and another in two (a, d).
const talks = [gold('a', 'the talks have failed today', 10), gold('b', 'the talks have failed today', 0), gold('c', 'the talks failed', 5)];
const budget = [gold('a', 'the budget will be balanced next year', 60), gold('d', 'the budget will be balanced', 20)];
const remarks: GoldRemark[] = [
  { event: 'E', speaker: 'Ana Ferreira', statements: talks },
  { event: 'E', speaker: 'Ana Ferreira', statements: budget },
];
const eventOf = new Map([
  ['a', 'E'],
  ['b', 'E'],
  ['c', 'E'],
  ['d', 'E'],
  ['z', 'F'],
]);

describe('scoreClusters', () => {
  it('counts pairs: a claim that joins a remark across two articles is one correct pair; a missed third article two missed pairs', () => {
    const score = scoreClusters({
      remarks,
      eventOf,
      minWords: 4,
      suggestions: [],
      filed: [
        filed(1, 'a', 10, 'the talks have failed today', 7),
        filed(2, 'b', 0, 'the talks have failed today', 7),
        filed(3, 'c', 5, 'the talks failed', null),
        filed(4, 'a', 60, 'the budget will be balanced next year', null),
        filed(5, 'd', 20, 'the budget will be balanced', null),
      ],
    });
    expect(score.total).toEqual({
      goldPairs: 4,
      filedGoldPairs: 4,
      // "the talks failed" has three words: its two pairs are never clustered (minWords 4).
      eligibleGoldPairs: 2,
      foundPairs: 1,
      foundEligiblePairs: 1,
      predictedPairs: 1,
      correctPairs: 1,
    });
    expect(score.falsePairs).toEqual([]);
    expect(score.missedPairs.map((pair) => [pair.left.slug, pair.right.slug])).toEqual([['a', 'd']]);
  });

  it('a claim that joins two remarks makes every cross pair wrong, and a claim across events is counted apart', () => {
    const score = scoreClusters({
      remarks,
      eventOf,
      minWords: 4,
      suggestions: [],
      filed: [
        filed(1, 'a', 10, 'the talks have failed today', 7),
        filed(2, 'b', 0, 'the talks have failed today', 7),
        filed(5, 'd', 20, 'the budget will be balanced', 7),
        filed(9, 'z', 0, 'the talks have failed today', 7),
      ],
    });
    // Six pairs in claim 7: a-b right; a-d, b-d wrong; the three with z wrong and across events.
    expect(score.total.predictedPairs).toBe(6);
    expect(score.total.correctPairs).toBe(1);
    expect(score.acrossEvents).toBe(3);
    expect(score.byEvent.get('E')).toMatchObject({ predictedPairs: 3, correctPairs: 1 });
    expect(score.falsePairs).toHaveLength(5);
    // Statements of gold that nothing filed stands for: c's, and a's budget remark.
    expect(score.unmatched.map((statement) => statement.key).sort()).toEqual([
      'a|the budget will be balanced next year|DIRECT_QUOTE',
      'c|the talks failed|DIRECT_QUOTE',
    ]);
  });

  it('suggestions are scored apart, and counted as confirmed only in withSuggestions', () => {
    const score = scoreClusters({
      remarks,
      eventOf,
      minWords: 4,
      suggestions: [
        [4, 5],
        [1, 4],
      ],
      filed: [
        filed(1, 'a', 10, 'the talks have failed today', null),
        filed(2, 'b', 0, 'the talks have failed today', null),
        filed(4, 'a', 60, 'the budget will be balanced next year', null),
        filed(5, 'd', 20, 'the budget will be balanced', null),
      ],
    });
    expect(score.total).toMatchObject({ predictedPairs: 0, foundPairs: 0 });
    expect(score.suggestions).toEqual({ total: 2, correct: 1 });
    // Confirmed, the two suggestions make one component of 1, 4 and 5: three pairs, one of them gold.
    expect(score.withSuggestions).toMatchObject({ predictedPairs: 3, correctPairs: 1, foundPairs: 1 });
  });
});

describe('matching filed statements to the gold', () => {
  it('takes the filed statement of the same kind that overlaps most, and none that overlaps under half the shorter span', () => {
    const target = gold('a', 'the budget will be balanced next year', 60);
    const wide = filed(1, 'a', 50, 'x'.repeat(60), null);
    const tight = filed(2, 'a', 62, 'x'.repeat(30), null);
    expect(matchGold(target, [wide, tight])?.id).toBe(1);
    expect(matchGold(target, [{ ...wide, kind: 'PARAPHRASE' }, tight])?.id).toBe(2);
    expect(matchGold(target, [filed(3, 'a', 80, 'x'.repeat(40), null)])).toBeNull();
    expect(matchGold(target, [filed(4, 'b', 60, 'the budget will be balanced next year', null)])).toBeNull();
  });

  it('places a one-word cut at the occurrence right after a quotation mark', () => {
    const body = 'He called it a non-performing government, and later "non-performing" again.';
    const quoted = body.indexOf('"non-performing"') + 1;
    expect(spanOf(body, 'non-performing', 'DIRECT_QUOTE')).toEqual({ start: quoted, end: quoted + 14 });
    expect(spanOf(body, 'non-performing', 'PARAPHRASE')).toEqual({ start: 15, end: 29 });
  });

  it('counts the gold origins: articles with one origin label once, every other article once', () => {
    const originOf = new Map([
      ['a', 'wire'],
      ['b', 'wire'],
    ]);
    expect(expectedOrigins(['a', 'b', 'b', 'c'], originOf)).toBe(2);
    expect(expectedOrigins(['c', 'd'], originOf)).toBe(2);
  });
});

describe('events.json', () => {
  const corpus: NewsArticle[] = [...loadNewsArticles('dev'), ...loadNewsArticles('test')];

  it('names articles of the corpus and texts they annotate, each article in one event', () => {
    const { events, remarks } = loadGoldRemarks(corpus);
    expect(events.length).toBeGreaterThanOrEqual(8);
    for (const remark of remarks) {
      for (const statement of remark.statements) {
        const body = corpus.find((article) => article.slug === statement.slug)!.body;
        expect(body.slice(statement.start, statement.end)).toBe(statement.text);
      }
    }
  });

  it('rejects a text the article does not annotate', async () => {
    const directory = await mkdtemp(path.join(os.tmpdir(), 'newskb-events-'));
    try {
      const [first, second] = corpus;
      const file = path.join(directory, 'events.json');
      const event = (text: string) => ({
        events: [
          {
            name: 'made up',
            date: '2020-01-01',
            articles: [{ slug: first.slug }, { slug: second.slug }],
            remarks: [
              {
                speaker: 'nobody',
                statements: [
                  { slug: first.slug, text },
                  { slug: second.slug, text: second.quotations[0].text },
                ],
              },
            ],
          },
        ],
      });
      await writeFile(file, JSON.stringify(event('words nobody annotated')));
      expect(() => loadGoldRemarks(corpus, file)).toThrow(/has no annotated quotation "words nobody annotated"/);
      await writeFile(file, JSON.stringify(event(first.quotations[0].text)));
      expect(loadGoldRemarks(corpus, file).remarks).toHaveLength(1);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
