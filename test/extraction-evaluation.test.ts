import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractQuotations } from '../src/extraction';
import {
  asPredicted,
  calibrationTable,
  descriptionsMatch,
  evaluate,
  meetsCorpusTargets,
  normalizeName,
  organizationsMatch,
  overlapF1,
  ratiosOf,
  scoreArticle,
  scoreFinder,
  SPURIOUS,
  sumScores,
} from '../src/extraction/evaluate';
import { loadNewsArticles, splitOfUrl, type NewsSplit } from '../src/extraction/fixtures';
import { findQuoteSpans } from '../src/extraction/quotes';

/** The scorer behind npm run eval:extraction, and the real-news corpus held to a floor. */

describe('scoring', () => {
  it('compares speaker names whatever their case, diacritics, punctuation and spacing', () => {
    expect(normalizeName('  Hosséin  Amir-Abdollahian ')).toBe(normalizeName('hossein amir abdollahian'));
    expect(normalizeName('Cho Myong-gyon')).toBe(normalizeName('CHO MYONG GYON'));
    const { score } = scoreArticle(
      [{ text: 'We will.', speaker: 'José Ramos-Horta' }],
      [{ text: 'We will.', speaker: 'jose ramos horta' }],
    );
    expect(score.correctAttributed).toBe(1);
  });

  it('matches institutions by their content words and unnamed sources by a shared word', () => {
    expect(organizationsMatch('Ministry of Foreign Affairs', 'the foreign ministry')).toBe(true);
    expect(organizationsMatch('Apple', 'Apple Inc.')).toBe(true);
    expect(organizationsMatch('Ministry of Defence', 'the foreign ministry')).toBe(false);
    expect(descriptionsMatch('a senior police source', 'police sources')).toBe(true);
    expect(descriptionsMatch('two officials familiar with the talks', 'officials')).toBe(true);
    expect(descriptionsMatch('residents', 'a police source')).toBe(false);
  });

  it('credits a span cut a little wrong in the overlap measure only', () => {
    const body = 'He said: "We will build the wall and they will pay." Then he left.';
    const annotated = [{ text: 'We will build the wall and they will pay.', speaker: 'X', cue: 'colon' }];
    const predicted = [
      {
        text: 'We will build the wall',
        speaker: 'X',
        spanStart: body.indexOf('We'),
        spanEnd: body.indexOf('We') + 'We will build the wall'.length,
      },
    ];
    const { score, byCue, mistakes } = scoreArticle(annotated, predicted, { body });
    expect(ratiosOf(score).spanRecall).toBe(0);
    expect(score.overlapPrecisionSum).toBe(1);
    expect(score.overlapRecallSum).toBeCloseTo(22 / 41);
    expect(overlapF1(score)).toBeCloseTo((2 * (22 / 41)) / (1 + 22 / 41));
    // The unmatched prediction's speaker is a claim on a text nobody annotated: it costs precision.
    expect(byCue.get(SPURIOUS)).toMatchObject({ predicted: 1, predictedAttributed: 1, correctAttributed: 0 });
    expect(byCue.get('colon')).toMatchObject({ annotated: 1, annotatedAttributed: 1, spanMatches: 0 });
    expect(mistakes.map((mistake) => mistake.kind)).toEqual(['spurious quotation', 'missed quotation']);
  });

  it('breaks scores down by cue, and scores institutions and unnamed sources apart from speakers', () => {
    const annotated = [
      { text: 'A', speaker: 'Ana Ferreira', cue: 'surname' },
      { text: 'B', speaker: null, organization: 'Ministry of Foreign Affairs', cue: 'institution' },
      { text: 'C', speaker: null, unnamed: 'a senior police source', cue: 'unnamed' },
      { text: 'D', speaker: null, cue: 'none' },
    ];
    const predicted = [
      { text: 'A', speaker: 'Ana Ferreira', confidence: 0.95 },
      { text: 'B', speaker: null, organization: 'the foreign ministry', confidence: 0.85 },
      { text: 'C', speaker: 'Tom Kerrigan', confidence: 0.72 },
      { text: 'title', speaker: null, confidence: 0 },
    ];
    const { score, byCue, mistakes, calibration } = scoreArticle(annotated, predicted, {
      nonStatements: [{ text: 'title', kind: 'title' }],
    });
    expect(score).toMatchObject({ annotatedAttributed: 1, predictedAttributed: 2, correctAttributed: 1 });
    expect(score).toMatchObject({ annotatedOrganization: 1, predictedOrganization: 1, correctOrganization: 1 });
    expect(score).toMatchObject({ annotatedUnnamed: 1, predictedUnnamed: 0, correctUnnamed: 0 });
    expect(byCue.get('surname')).toMatchObject({ correctAttributed: 1, annotatedAttributed: 1 });
    expect(byCue.get('unnamed')).toMatchObject({ predictedAttributed: 1, correctAttributed: 0 });
    expect(mistakes).toEqual([
      { kind: 'wrong speaker', text: 'C', expected: null, predicted: 'Tom Kerrigan', cue: 'unnamed' },
      { kind: 'missed description', text: 'C', expected: 'a senior police source', predicted: null, cue: 'unnamed' },
      { kind: 'spurious quotation', text: 'title', expected: null, predicted: null, nonStatement: 'title' },
      { kind: 'missed quotation', text: 'D', expected: null, predicted: null, cue: 'none' },
    ]);
    expect(calibration).toEqual([
      { confidence: 0.95, right: true },
      { confidence: 0.85, right: true },
      { confidence: 0.72, right: false },
    ]);
  });

  it('buckets confidence, 1.0 in the top bucket', () => {
    const table = calibrationTable(
      [
        { confidence: 1, right: true },
        { confidence: 0.9, right: false },
        { confidence: 0.85, right: true },
        { confidence: 0.3, right: false },
      ],
      [0, 0.8, 0.9, 1],
    );
    expect(table.map((bucket) => [bucket.low, bucket.count, bucket.right])).toEqual([
      [0, 1, 0],
      [0.8, 1, 1],
      [0.9, 2, 1],
    ]);
  });

  it('scores the quotation-mark stage alone: annotated quotations found, and spans the annotation lists', () => {
    const body = 'She called it "a gift". The film "Starfall" opens. "We will," he said. "Stray';
    const finder = scoreFinder(
      [
        {
          slug: 'a',
          body,
          quotations: [
            { text: 'a gift', speaker: null },
            { text: 'We will,', speaker: 'X' },
          ],
          nonStatements: [{ text: 'Starfall', kind: 'title' }],
        },
      ],
      (text) => [
        { start: text.indexOf('a gift'), end: text.indexOf('a gift') + 6 },
        { start: text.indexOf('Starfall'), end: text.indexOf('Starfall') + 8 },
        { start: text.indexOf('opens'), end: text.indexOf('opens') + 5 },
      ],
    );
    expect(finder).toEqual({ quotations: 2, quotationsFound: 1, spans: 3, spansAnnotated: 2 });
  });

  it('fails the corpus targets on an empty part: nothing measured is not a pass', () => {
    expect(meetsCorpusTargets(sumScores([]))).toBe(false);
  });
});

describe('the real-news corpus loader', () => {
  const quotation = {
    text: 'We will not leave,',
    speaker: 'Ana Ferreira',
    role: null,
    country: null,
    organization: null,
    unnamed: null,
    continuation: false,
    cue: 'name-after',
  };
  const annotation = (url: string, overrides: object = {}) => ({
    title: 'T',
    publisher: 'P',
    outletKind: 'wire',
    convention: 'us',
    language: 'en',
    publishedAt: null,
    url,
    quotations: [quotation],
    nonStatements: [],
    ...overrides,
  });
  const body = '"We will not leave," Ana Ferreira said.\n';

  /** A URL that the split rule sends to the given part. */
  function urlIn(split: NewsSplit): string {
    for (let index = 0; ; index++) if (splitOfUrl(`https://example.org/${index}`) === split) return `https://example.org/${index}`;
  }

  /** Loads dev/ of a corpus holding one article, a.json and a.txt. */
  function loadOne(json: object, text = body, split: NewsSplit = 'dev') {
    const root = mkdtempSync(join(tmpdir(), 'newskb-news-'));
    mkdirSync(join(root, split));
    writeFileSync(join(root, split, 'a.json'), JSON.stringify(json));
    writeFileSync(join(root, split, 'a.txt'), text);
    return loadNewsArticles('dev', { root });
  }

  it('loads a valid article', () => {
    const [article] = loadOne(annotation(urlIn('dev')));
    expect(article).toMatchObject({ slug: 'a', split: 'dev', body, quotations: [quotation] });
  });

  it('rejects a text that is not in the body, a misplaced article, a bad cue and a speaker beside an institution', () => {
    expect(() => loadOne(annotation(urlIn('dev'), { quotations: [{ ...quotation, text: 'We will not leave!' }] }))).toThrow(
      /not in the body/,
    );
    expect(() => loadOne(annotation(urlIn('dev'), { nonStatements: [{ text: 'Starfall', kind: 'title' }] }))).toThrow(/not in the body/);
    expect(() => loadOne(annotation(urlIn('test')))).toThrow(/puts it in test/);
    expect(() => loadOne(annotation(urlIn('dev'), { quotations: [{ ...quotation, cue: 'vibes' }] }))).toThrow(/cue/);
    expect(() => loadOne(annotation(urlIn('dev'), { quotations: [{ ...quotation, organization: 'UN' }] }))).toThrow(/speaker must be null/);
    expect(() => loadOne(annotation(urlIn('dev'), { quotations: [{ ...quotation, speakr: 'Ana' }] }))).toThrow(/speakr/);
  });

  it('finds every article of the corpus in the README’s format', () => {
    expect(() => [...loadNewsArticles('dev'), ...loadNewsArticles('test')]).not.toThrow();
  });
});

/**
 * No-regression floor on the real-news corpus: the figures measured when this constant was last
 * set (the quotation-mark stage's recall alone, and the whole extraction's), on the articles then in each part (listed, so that an article added since, scored by
 * npm run eval:extraction, cannot fail this test), rounded down to a multiple of 5 %: the rules
 * are being rewritten under it, and the corpus's annotations corrected. Raise the figures and
 * refresh the lists (all articles of both parts) when extraction improves. These are not the targets: those are
 * npm run eval:extraction's exit code. Set on 2026-12-03 at 08:10 UTC; dev's raised on 2026-12-04
 * (span recall 0.85 -> 0.93, attribution recall 0.8 -> 0.9: measured 94.1 % and 92.6 %).
 */
const CORPUS_FLOOR: Record<
  NewsSplit,
  { articles: string[]; quotationMarksRecall: number; spanRecall: number; attributionPrecision: number; attributionRecall: number }
> = {
  dev: {
    articles: [
      'abc-live-victorian-bushfires-wombat-orphanage',
      'aljazeera-live-russia-ukraine-us-sanctions-putin',
      'ap-ctv-ebola-vaccines-shipped-congo-who',
      'ap-nih-cancels-vaccine-hesitancy-studies',
      'argus-gardai-closing-in-donohoe-murderers',
      'bbc-food-chemicals-may-harm-humans',
      'bbc-live-uk-denies-political-decision-eu-medical-kit',
      'cbc-school-zones-disreputable-websites-bc-rcmp',
      'chinaorg-fukuda-non-nuclear-principles',
      'cnn-live-coronavirus-us-atlanta-mayor',
      'completesports-mourinho-united-tottenham',
      'cp-rcmp-withheld-details-ns-massacre',
      'dw-live-merz-berlin-back-with-voice-in-europe',
      'enniscorthyguardian-tourists-stay-away-easter',
      'expressandstar-officers-assaulted-west-midlands',
      'glasgowtimes-lomond-banks-flamingo-land-rejected',
      'herald-wipeout-threat-gangster-brothers',
      'independent-mark-spencer-little-man-china',
      'independent-savers-ripped-off-fca',
      'irishexaminer-hurlers-final-words-documentary',
      'irishtimes-kenny-adams-bank-debt-letter',
      'jiji-japan-mulling-coal-import-restrictions-russia',
      'jiji-japan-to-decide-extend-virus-emergency',
      'largsnews-dog-creche-community-council',
      'lepolitique-darmanin-terrorist-threat-very-high',
      'mailplus-boris-cummings-revenge-leaks',
      'moneywise-co-op-bank-customers-switch',
      'nation-kilifi-governor-snubs-madaraka-day',
      'nbc-paris-kurdish-center-shooting',
      'nepalnews-liverpool-hillsborough-97th-victim',
      'newrossstandard-fethard-holiday-home-visitors',
      'nhk-remembering-atomic-bomb-victims-nagasaki',
      'nna-hariri-receives-harb-de-freige',
      'pti-hardeep-puri-delhi-non-performing',
      'pti-zero-tolerance-african-envoys-attack',
      'riverdalepress-fake-cop-ring-post-road',
      'rnz-luxon-will-not-step-in-peters-comments',
      'ruptly-seibert-erdogan-macron-comments-unacceptable',
      'sheffieldstar-gleadless-road-armed-police',
      'siasat-pakistan-pmo-denies-dawn-isi-report',
      'sidmouthherald-sidford-business-park-appeal',
      'southernstar-bantry-unofficial-halting-site',
      'standardke-nakuru-governor-mbugua-raila',
      'stv-ali-harbi-ali-whole-life-sentence-amess',
      'tass-zakharova-bbc-moscow-office',
      'thenational-snp-lose-election-without-reform',
      'trend-davutoglu-azerbaijan-priority',
      'turan-hajiyev-answers-russia-armenian-names',
      'turan-hajiyev-patriotic-war-bayramov',
      'uawire-seibert-no-grounds-lifting-russia-sanctions',
      'upi-seoul-north-korea-launch-pad-demolition',
      'whufc-peter-grant-wont-give-up',
      'xinhua-who-specialists-guinea-ebola-flare-up',
      'yonhap-north-korea-briefs-foreign-diplomats',
    ],
    quotationMarksRecall: 0.98,
    spanRecall: 0.97,
    attributionPrecision: 0.96,
    attributionRecall: 0.93,
  },
  test: {
    articles: [
      'ani-haryana-dgp-attacks-on-police-unfortunate',
      'ani-sahney-india-zero-tolerance-terror',
      'bbc-luton-teenager-jailed-court-photo',
      'brecorder-nisar-pervaiz-rashid-dawn-story',
      'citywire-city-financial-administrators-notice',
      'citywire-city-financial-suspends-absolute-equity',
      'ctv-leblanc-tories-theatrics-meddling-report',
      'dailymail-cummings-security-ties-brexit-delay',
      'dailymail-tsb-pester-banks-bad-deal',
      'fox-john-allen-muhammad-six-life-terms',
      'ghanaguardian-oppong-nkrumah-covid-hug-victims',
      'gx94-armed-forces-assist-rcmp-search-bc-suspects',
      'ians-modi-india-wont-tolerate-intolerance',
      'independentie-garda-family-protection-attack',
      'iranpress-eslami-new-nuclear-facility-psychological-operation',
      'irishtimes-neil-best-churchill-cup-hunger',
      'irna-khatibzadeh-us-senators-naive',
      'lbc-croydon-officer-shot-dead-tributes',
      'oxfordmail-castle-mill-boatyard-appeal',
      'reuters-kim-yong-chol-right-person-yonhap',
      'reuters-south-sudan-minister-oil-fields',
      'rte-micheal-martin-got-it-wrong-interview',
      'shropshirestar-telford-baby-kidnap',
      'skynews-wallasey-pub-shooting-family-devastated',
      'southernstar-coachford-publican-avoids-jail',
      'southernstar-west-cork-barryroe-exit',
      'sportsmole-puel-southampton-man-city',
      'standard-cameron-dorries-witch-hunt',
      'thehindu-stalin-bjp-cbi-ed-tamil-nadu',
      'thesun-tesco-chairman-suppliers-prices',
      'todayfm-kenny-brushes-off-prime-time-complaints',
      'voa-north-korea-summons-diplomats-children',
      'wexfordpeople-town-left-poor-state-after-game',
      'wion-zabihullah-mujahid-made-up-figure',
      'xinhua-canadian-expert-china-us-cooperation-crucial',
    ],
    quotationMarksRecall: 0.95,
    spanRecall: 0.95,
    attributionPrecision: 0.9,
    attributionRecall: 0.72,
  },
};

describe('the real-news corpus', () => {
  const extract = (text: string) => extractQuotations(text).map(asPredicted);

  it.each(['dev', 'test'] as const)('%s holds its floor', (split) => {
    const floor = CORPUS_FLOOR[split];
    const articles = loadNewsArticles(split, { only: floor.articles });
    expect(articles.map((article) => article.slug)).toEqual(floor.articles);
    const ratios = ratiosOf(evaluate(articles, extract).total);
    const marks = scoreFinder(articles, findQuoteSpans);
    expect(marks.quotationsFound / marks.quotations).toBeGreaterThanOrEqual(floor.quotationMarksRecall);
    expect(ratios.spanRecall).toBeGreaterThanOrEqual(floor.spanRecall);
    expect(ratios.attributionPrecision).toBeGreaterThanOrEqual(floor.attributionPrecision);
    expect(ratios.attributionRecall).toBeGreaterThanOrEqual(floor.attributionRecall);
  });
});
