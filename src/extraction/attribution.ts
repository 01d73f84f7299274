import {
  aliasKey,
  AMBIGUOUS,
  addRolesAt,
  buildPersonRegistry,
  CAPITALIZED_RUN,
  looksLikeName,
  type Person,
  type PersonRegistry,
} from './people';
import type { QuoteSpan } from './quotes';
import { classifySource, HUMAN_NOUNS, OrganizationIndex, PLURAL_HUMAN_NOUNS, type Source } from './sources';
import { parseRolePhrase, type RolePhrase, roleRefersTo, roleWidens, ROLE_HEADS } from './roles';
import {
  clauseEnd,
  clauseStart,
  countWords,
  isCapitalized,
  isPossessive,
  isSentenceEnd,
  paragraphIndexAt,
  withoutPossessive,
  paragraphsOf,
  type TermTags,
  wordsIn,
  type Range,
  type Word,
} from './text';

/**
 * Who said each quotation, read from the text around it: a verb of saying and its subject, before
 * the quotation ("X said: ...") or after it ("..., X said."), or the attribution of the quotation it
 * continues. A subject is a name, a role the article introduced someone with, or a pronoun with a
 * single plausible antecedent. Anything less certain leaves the quotation unattributed: a wrong
 * speaker does more harm than none.
 */

/**
 * How far, in characters, the attribution of one quotation reads around it: clauses, scopes of
 * pronouns and descriptions. Bounded so that a whole article is read in linear time, even one
 * endless sentence or paragraph.
 */
const WINDOW = 1500;
/** The reach of a clause after a quotation or a verb ("..., said X, the ..."). */
const CLAUSE_REACH = 400;

/** A speaker is given only from this confidence up. */
export const ATTRIBUTION_THRESHOLD = 0.7;

export const SAYING_VERBS = new Set([
  'said',
  'says',
  'say',
  'saying',
  'added',
  'adds',
  'adding',
  'noted',
  'notes',
  'noting',
  'told',
  'tells',
  'telling',
  'wrote',
  'writes',
  'writing',
  'stressed',
  'stresses',
  'stressing',
  'asserted',
  'asserts',
  'explained',
  'explains',
  'explaining',
  'warned',
  'warns',
  'argued',
  'argues',
  'arguing',
  'insisted',
  'insists',
  'insisting',
  'declared',
  'declares',
  'announced',
  'announces',
  'emphasized',
  'emphasizes',
  'emphasised',
  'emphasises',
  'mentioned',
  'mentions',
  'continued',
  'continues',
  'replied',
  'replies',
  'asked',
  'asks',
  'acknowledged',
  'acknowledges',
  'admitted',
  'admits',
  'claimed',
  'commented',
  'complained',
  'conceded',
  'concedes',
  'confirmed',
  'confirms',
  'cautioned',
  'recalled',
  'recalls',
  'remarked',
  'responded',
  'stated',
  'suggested',
  'suggests',
  'urged',
  'urges',
  'observed',
  'quipped',
  'joked',
  'lamented',
  'countered',
  'predicted',
  'vowed',
  'pledged',
  'promised',
  'maintained',
  'reiterated',
  'underlined',
  'underscored',
  'tweeted',
  'testified',
  'shouted',
  'exclaimed',
  'concluded',
  // Live blogs narrate a speech as it goes: "He finishes: ...", "She concludes: ...".
  'concludes',
  'finishes',
  'answered',
  'revealed',
  'reveals',
  'claiming',
  'claims',
  'alleged',
  'alleges',
  'denied',
  'denies',
  'described',
  'describes',
  'describing',
  'reported',
  'reports',
  'informed',
  'highlighted',
  'estimated',
  'accused',
  'announcing',
  'stating',
  'warning',
  'suggesting',
  'asserting',
  'acknowledging',
  'admitting',
  'conceding',
  'confirming',
  'declaring',
  'recalling',
  'remarking',
  'responding',
  'replying',
  'urging',
  'vowing',
  'promising',
  'pledging',
  'predicting',
  'contended',
  'contends',
  'mused',
  'whispered',
  'cried',
  'interjected',
  'retorted',
  'elaborated',
  'clarified',
  'speculated',
  'disclosed',
  'recounted',
  'reaffirmed',
  'assured',
  'reassured',
  'posted',
  'tweeting',
  'texted',
  'emailed',
  // Reporting verbs of ordinary news English that the corpus had not needed yet ("he reasoned",
  // "she reflected"): past and present forms, as for the rest. Not "pleaded" (guilty), "objected"
  // (to questioning) nor "agreed" (to pay): in court and politics copy they are seldom speech;
  // nor present forms that are also plural nouns ("comments", "demands", "reasons").
  'reasoned',
  'boasted',
  'boasts',
  'bragged',
  'reckoned',
  'reckons',
  'reflected',
  'reflects',
  'repeated',
  'reminded',
  'protested',
  'demanded',
  'advised',
  'hinted',
  'proclaimed',
  'opined',
  'volunteered',
  'wondered',
  'ventured',
  'affirmed',
  'affirms',
  'sighed',
  'snapped',
  'fumed',
  'gushed',
  'enthused',
  'grumbled',
  'muttered',
  'murmured',
  'screamed',
  'yelled',
  'summarised',
  'summarized',
  'surmised',
  'theorised',
  'theorized',
  'observes',
  'responds',
]);

/** Verbs that put words in someone's mouth only as their object: X called the plan "...". */
const QUOTING_VERBS = new Set(['called', 'calls', 'calling']);

/** Verbs of saying that may come before their subject: "...," said Smith. */
const INVERTIBLE_VERBS = new Set([...SAYING_VERBS].filter((verb) => !verb.endsWith('ing') && !['told', 'tells', 'say'].includes(verb)));

/** Words opening a chunk that is a circumstance, not the subject: "Speaking to the media, ...". */
const ADVERBIAL_OPENERS = new Set([
  'after',
  'before',
  'during',
  'in',
  'on',
  'at',
  'by',
  'for',
  'from',
  'with',
  'without',
  'within',
  'under',
  'over',
  'through',
  'across',
  'amid',
  'among',
  'despite',
  'following',
  'since',
  'until',
  'asked',
  'speaking',
  'talking',
  'reacting',
  'responding',
  'commenting',
  'addressing',
  'referring',
  'writing',
  'according',
  'earlier',
  'later',
  'meanwhile',
  'however',
  'also',
  'still',
  'separately',
  'today',
  'yesterday',
  'when',
  'as',
  'though',
  'although',
  'if',
  'once',
  'because',
  'unlike',
  'like',
  'back',
  'elsewhere',
  'instead',
  'nonetheless',
  'moreover',
  'indeed',
  'last',
  'next',
  'then',
  'now',
  'to',
  'here',
  'there',
  'outside',
  'inside',
  'asked',
  'pressed',
  'questioned',
  'interviewed',
]);

/** Dropped from the front of a subject: "while the Greens' co-leader, Sam Whitcombe, called". */
const CONJUNCTIONS = new Set(['and', 'but', 'while', 'whereas', 'so', 'yet', 'or', 'then']);

/** An after-quote clause opening with these starts a new clause, not an attribution. */
const CLAUSE_OPENERS = new Set([
  'while',
  'and',
  'but',
  'which',
  'who',
  'as',
  'because',
  'although',
  'though',
  'when',
  'before',
  'after',
  'if',
  'so',
  'where',
  'whereas',
  'since',
  'until',
  'adding',
  'saying',
  'or',
  'then',
]);

/** Words that open a clause inside a sentence: the subject of a verb after them is after them. */
const SUBORDINATORS = new Set([
  'that',
  'because',
  'when',
  'while',
  'although',
  'though',
  'whereas',
  'since',
  'if',
  'after',
  'before',
  'as',
]);

/** A passive verb: what follows is said about the subject, not by it ("was accused of", "has been called"). */
const PASSIVE =
  /\b(?:was|were|is|are|been|being|be|get|gets|got)\s+(?:\p{Ll}+ly\s+)?(?:\p{Ll}+ed|\p{Ll}+en|told|called|branded|dubbed|labelled|labeled|seen|held|found|known|thought)\b/u;

/** Verbs that judge or name in someone's words: condemned the plan as "...", hit out at X for being "...". */
const JUDGING_VERB =
  /^(?:condemn|slamm?|hit|criticis|criticiz|accus|describ|referr?|call|prais|dismiss|denounc|attack|blast|lash|reject|welcom|defend|label|characteri[sz]|talk|spok|speak|promis|pledg|vow|agre|conced|suggest|question|challeng|blam|warn|urg|insist|deni|deny|hail|decr[iy]|derid|mock|ridicul|compar|liken|plead|appeal|demand|express|renew)\p{Ll}*$/u;

const COPULAS = new Set([
  'is',
  'was',
  'were',
  'are',
  'be',
  'been',
  'being',
  'has',
  'have',
  'had',
  'will',
  'would',
  'could',
  'should',
  'may',
  'might',
  'can',
  'must',
]);

/**
 * Offices a news lead introduces someone by before naming them ("a government minister has
 * said"); not "a spokesperson" or "an official", who most often stay unnamed.
 */
const INDEFINITE_LEAD_HEADS = new Set([
  'expert',
  'analyst',
  'professor',
  'economist',
  'scientist',
  'researcher',
  'minister',
  'secretary',
  'legislator',
  'lawmaker',
  'senator',
  'mp',
  'judge',
  'governor',
  'mayor',
  'ambassador',
  'president',
  'premier',
  'chancellor',
  'congressman',
  'congresswoman',
  'councillor',
  'councilor',
  'diplomat',
  'envoy',
]);

const NEGATIONS = new Set(['not', "n't", 'never', 'declined', 'refused', 'without', 'no']);

/** Conjunctions that join two clauses, each with its own subject: "A happened but X said". */
const CLAUSE_COORDINATORS = new Set(['but', 'yet']);

/** Personal pronouns that are a subject on their own. */
const SUBJECT_PRONOUNS = new Set(['he', 'she', 'they']);

const RELATIVE_PRONOUNS = new Set(['who', 'which', 'whose', 'where', 'whom', 'that']);

/** Words trimmed from the end of a subject: "Iran's FM also", "Smith has". */
const SUBJECT_TRAILERS = new Set([
  'also',
  'later',
  'then',
  'again',
  'once',
  'further',
  'has',
  'have',
  'had',
  'will',
  'would',
  'was',
  'is',
  'did',
  'does',
  'can',
  'could',
  'may',
  'might',
  'should',
  'must',
  'too',
  'still',
  'repeatedly',
  'previously',
  'earlier',
  'separately',
  'publicly',
  'privately',
  'herself',
  'himself',
  'themselves',
  'itself',
  'simply',
  'recently',
  'quickly',
  'firmly',
  'flatly',
  'only',
  'even',
  'already',
]);

/** A quotation of three words or fewer after these is a term, label or title: the so-called "...". */
const TERM_MARKERS = new Set([
  'so-called',
  'the',
  'a',
  'an',
  'its',
  'their',
  'his',
  'her',
  'our',
  'my',
  'your',
  'this',
  'that',
  'these',
  'those',
  'called',
  'dubbed',
  'named',
  'nicknamed',
  'titled',
  'entitled',
  'labelled',
  'labeled',
  'branded',
  'as',
  'term',
  'word',
  'words',
  'phrase',
  'slogan',
  'banner',
  'headline',
  'title',
  'motto',
  'hashtag',
  'label',
  'latest',
  'new',
]);

type Unresolved =
  | 'ambiguous-pronoun'
  | 'no-antecedent'
  | 'ambiguous-role'
  | 'unknown-role'
  | 'ambiguous-name'
  | 'unnamed-speaker'
  | 'not-a-person';

type Resolution =
  | { kind: 'person'; person: Person; via: 'name' | 'role' | 'pronoun' | 'pronoun-speaker' | 'description' | 'lead' }
  | { kind: 'unresolved'; reason: Unresolved; human: boolean };

interface Mention {
  position: number;
  /** null: someone the article does not identify, who still competes for a pronoun. */
  person: Person | null;
  /** By name, by a role phrase, or as the subject of a verb of saying. */
  kind: 'name' | 'role' | 'speaker';
  /** An unidentified speaker who is several people. */
  plural?: boolean;
}

interface Phrase {
  text: string;
  start: number;
}

export interface Attribution {
  person: Person | null;
  verb: string | null;
  confidence: number;
  cue: string;
  /** A verb of saying governs the quotation (or it continues one that does). */
  governed: boolean;
  /** Where the attribution's text ends, for the quotation that may continue it. */
  end: number;
  /** Read from the clause before the quotation, whose subject a later verb in the sentence may share. */
  fromClauseBefore: boolean;
  /** An institution or an unnamed source, when the subject is no named person. */
  source: Source | null;
}

const NONE: Omit<Attribution, 'end'> = {
  person: null,
  verb: null,
  confidence: 0,
  cue: 'none',
  governed: false,
  fromClauseBefore: false,
  source: null,
};

export class ArticleAttribution {
  readonly registry: PersonRegistry;
  private readonly paragraphs: Range[];
  private readonly sayingVerbs: Word[];
  private readonly subjectsOfVerbs = new Map<number, Resolution | null>();
  /** Verbs of saying whose unresolved subject is plural ("neighbours have told her"). */
  private readonly pluralSubjects = new Set<number>();
  private organizations: OrganizationIndex | null = null;

  constructor(
    private readonly body: string,
    private readonly quotes: QuoteSpan[],
    readonly tags: TermTags,
  ) {
    this.paragraphs = paragraphsOf(body);
    this.registry = buildPersonRegistry(body, this.tags, (position) => this.inQuotation(position));
    this.sayingVerbs = wordsIn(body, 0, body.length).filter(
      (word) => (SAYING_VERBS.has(word.text) || word.text === 'according') && !this.inQuotation(word.start),
    );
  }

  inQuotation(position: number): boolean {
    let low = 0;
    let high = this.quotes.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const quote = this.quotes[middle];
      if (position < quote.openStart) high = middle - 1;
      else if (position >= quote.closeEnd) low = middle + 1;
      else return true;
    }
    return false;
  }

  /** Only white space between from and to, read from to backwards: stops at the first word. */
  private blankBefore(from: number, to: number): boolean {
    for (let index = to - 1; index >= from; index--) if (!/\s/.test(this.body[index])) return false;
    return true;
  }

  /** Only white space between from and to, read forwards. */
  private blankAfter(from: number, to: number): boolean {
    for (let index = from; index < to; index++) if (!/\s/.test(this.body[index])) return false;
    return true;
  }

  /** Index of the last quotation closing at or before position, or -1. */
  private lastQuoteClosingBy(position: number): number {
    let low = 0;
    let high = this.quotes.length - 1;
    let found = -1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (this.quotes[middle].closeEnd <= position) {
        found = middle;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    return found;
  }

  private paragraphOf(position: number): Range {
    return this.paragraphs[Math.max(0, paragraphIndexAt(this.paragraphs, position))];
  }

  /** Attributes every quotation, in order; later ones may continue earlier ones. */
  attributeAll(): Attribution[] {
    const attributions: Attribution[] = [];
    this.quotes.forEach((quote, index) => {
      const previous = index > 0 ? { quote: this.quotes[index - 1], attribution: attributions[index - 1] } : null;
      attributions.push(this.attribute(quote, index, previous));
    });
    return attributions;
  }

  private attribute(quote: QuoteSpan, index: number, previous: { quote: QuoteSpan; attribution: Attribution } | null): Attribution {
    const after = this.afterQuotation(quote, index);
    if (after && after.person && quote.inSentence) {
      // "The agency stressed that "...," he said": an institution's words, which the person after
      // the quotation reports (a person before it, "X warned that "...," said Y", is Y's report).
      const before = this.beforeQuotation(quote, previous);
      if (before?.source && !before.person) return { ...before, end: after.end };
    }
    if (after) return after;
    const continued = previous && this.continues(quote, previous.quote, previous.attribution);
    if (continued) return continued;
    const before = this.beforeQuotation(quote, previous);
    if (before && (before.person || before.source || !previous)) return before;
    const sameSentence = previous && this.sameSentence(quote, previous.quote, previous.attribution);
    if (sameSentence) return sameSentence;
    if (before) return before;
    const paragraphContinued = previous && this.continuesParagraph(quote, previous.quote, previous.attribution);
    if (paragraphContinued) return paragraphContinued;
    const trailing = this.sentenceAttributionAfter(quote, index);
    if (trailing) return trailing;
    const label = this.labelBefore(quote, previous);
    if (label) return label;
    const ofSubject = this.fragmentOfSubject(quote, previous);
    if (ofSubject) return ofSubject;
    const narrated = this.continuesNarrative(quote, previous);
    if (narrated) return narrated;
    return { ...NONE, end: quote.closeEnd };
  }

  /**
   * Stage 3, fragments: a lower-case fragment inside a sentence whose subject is a person, named or
   * a pronoun, is that person's words, whatever the verb ("Ann Hale condemned the plan as
   * "reckless"", "He hit out at the board for being "slow""). Not after a passive ("was accused
   * of "lying"": the words are someone else's), nor when the sentence names its subject only by a
   * role or a description.
   */
  private fragmentOfSubject(quote: QuoteSpan, previous: { quote: QuoteSpan; attribution: Attribution } | null): Attribution | null {
    if (!quote.inSentence || !quote.opensLowercase || quote.titleCased) return null;
    const paragraph = this.paragraphOf(quote.openStart);
    const sentenceStart = clauseStart(this.body, quote.openStart, Math.max(paragraph.start, quote.openStart - WINDOW));
    // Another quotation earlier in the sentence has its own attribution, which this one shares or not.
    if (previous && previous.quote.closeEnd > sentenceStart) return null;
    // The innermost reported clause first: in "a spokeswoman pointed out that Heiko Maas had
    // expressed "great understanding"", the words are Maas's, the subject of the clause they end.
    const inner = /^(?:.*\s)?that\s+/su.exec(this.body.slice(sentenceStart, quote.openStart));
    if (inner) {
      const innerStart = sentenceStart + inner[0].length;
      const found = this.fragmentSubjectFrom(innerStart, quote);
      if (found) return found;
    }
    return this.fragmentSubjectFrom(sentenceStart, quote);
  }

  private fragmentSubjectFrom(start: number, quote: QuoteSpan): Attribution | null {
    const text = this.body.slice(start, quote.openStart);
    if (PASSIVE.test(text)) return null;
    const chunks = this.chunks(start, text);
    const subjectIndex = chunks.findIndex((chunk) => !this.isAdverbial(chunk));
    if (subjectIndex < 0) return null;
    const chunk = this.withoutConjunction(chunks[subjectIndex]);
    if (!chunk || RELATIVE_PRONOUNS.has(firstWord(chunk.text).toLowerCase())) return null;
    // The subject is followed by its verb, in its chunk or after a relative clause set off by commas.
    if (!this.hasVerb(chunk) && !chunks.slice(subjectIndex + 1).some((next) => this.hasVerb(next))) return null;
    const subject = this.beforeFirstVerb(chunk);
    if (!subject) return null;
    // A verb of saying or judging governs the fragment, and nothing but a copula or an auxiliary
    // comes after it, unless it is a verb of saying, whose reported clause has verbs of its own
    // ("said that the complaint was "not sincere"", "condemned the protests as "unacceptable"").
    const between = wordsIn(this.body, subject.start + subject.text.length, quote.openStart);
    const anchor = between.findLastIndex((word) => SAYING_VERBS.has(word.text) || JUDGING_VERB.test(word.text));
    if (anchor < 0) return null;
    if (!SAYING_VERBS.has(between[anchor].text)) {
      // A present-tense "verb" is most often a noun compromise misread ("fishing boats").
      const verbAfter = between.slice(anchor + 1).some((word, index, rest) => {
        const tags = this.tags.at(word.start);
        if (!tags.has('Verb') || COPULAS.has(word.text.toLowerCase())) return false;
        return tags.has('PastTense') || tags.has('Infinitive') || (rest[index - 1] ?? between[anchor]).text === 'to';
      });
      if (verbAfter) return null;
    }
    // "declined to characterise how "senior"": no statement.
    if (between.slice(Math.max(0, anchor - 3)).some((word) => NEGATIONS.has(word.text.toLowerCase()))) return null;
    const resolution = this.resolveSubject(subject);
    if (resolution.kind !== 'person' || (resolution.via !== 'name' && resolution.via !== 'pronoun' && resolution.via !== 'role'))
      return null;
    return {
      person: resolution.person,
      verb: null,
      confidence: 0.7,
      cue: 'subject+partial',
      governed: true,
      end: quote.closeEnd,
      fromClauseBefore: false,
      source: null,
    };
  }

  /**
   * Stage 3, labels: "Harb: “...”", "SOT, Steffen Seibert, German government spokesperson (German): “...”".
   * The words before a colon opening the quotation name someone and hold no verb.
   */
  private labelBefore(quote: QuoteSpan, previous: { quote: QuoteSpan; attribution: Attribution } | null): Attribution | null {
    const paragraph = this.paragraphOf(quote.openStart);
    const floor = Math.max(paragraph.start, previous && previous.quote.closeEnd > paragraph.start ? previous.quote.closeEnd : 0);
    const lead = this.body.slice(Math.max(floor, quote.openStart - 200), quote.openStart);
    if (!/:\s*$/.test(lead)) return null;
    const start = clauseStart(this.body, quote.openStart, Math.max(floor, quote.openStart - 200));
    const label = this.body.slice(start, quote.openStart).replace(/:\s*$/, '');
    if (label.trim() === '' || countWords(label) > 14) return null;
    const words = wordsIn(this.body, start, start + label.length);
    if (words.some((word) => !isCapitalized(word.text) && this.tags.at(word.start).has('Verb') && !this.tags.at(word.start).has('Gerund')))
      return null;
    const people = new Set(this.namedPeopleIn(start, start + label.length));
    if (people.size === 0) {
      const newcomer = this.newNameIn({ text: label, start });
      if (newcomer) people.add(this.registry.add(newcomer.tokens, newcomer.gender));
    }
    if (people.size !== 1 || people.has(AMBIGUOUS)) return null;
    const [person] = [...people] as Person[];
    return {
      person,
      verb: null,
      confidence: 0.85,
      cue: 'label',
      governed: true,
      end: quote.closeEnd,
      fromClauseBefore: false,
      source: null,
    };
  }

  /**
   * Stage 4, carry-over from the narrative: a quotation with no attribution of its own, opening a
   * paragraph after one whose last verb of saying has a person for subject ("Luxon said he had no
   * intention of doing so."), or following, in its own paragraph, narrative about one person only.
   */
  private continuesNarrative(quote: QuoteSpan, previous: { quote: QuoteSpan; attribution: Attribution } | null): Attribution | null {
    const paragraphIndex = paragraphIndexAt(this.paragraphs, quote.openStart);
    const paragraph = this.paragraphs[paragraphIndex];
    const previousInParagraph = previous && previous.quote.closeEnd > paragraph.start ? previous : null;
    if (this.blankBefore(paragraph.start, quote.openStart)) {
      if (paragraphIndex === 0) return null;
      const previousParagraph = this.paragraphs[paragraphIndex - 1];
      // The narrative after the previous paragraph's last quotation.
      const from = previous && previous.quote.closeEnd > previousParagraph.start ? previous.quote.closeEnd : previousParagraph.start;
      let verbIndex = this.firstVerbFrom(previousParagraph.end) - 1;
      while (verbIndex >= 0 && this.sayingVerbs[verbIndex].start >= previousParagraph.end) verbIndex--;
      if (verbIndex < 0 || this.sayingVerbs[verbIndex].start < from) return null;
      const resolution = this.subjectOfVerb(this.sayingVerbs[verbIndex]);
      if (resolution?.kind !== 'person') return null;
      return {
        person: resolution.person,
        verb: null,
        confidence: 0.75,
        cue: 'carry-over',
        governed: true,
        end: quote.closeEnd,
        fromClauseBefore: false,
        source: null,
      };
    }
    if (previousInParagraph && previousInParagraph.attribution.cue !== 'none') return null;
    // Only a sentence of someone's reads as said by the person narrated: not a fragment or a term.
    const quoted = this.body.slice(quote.start, quote.end);
    if (!/^[^\p{L}]*\p{Lu}|^\d/u.test(quoted) || countWords(quoted) < 4) return null;
    const mentions = this.mentionsIn(Math.max(paragraph.start, quote.openStart - WINDOW), quote.openStart).filter(
      (mention) => mention.kind !== 'role',
    );
    const people = new Set(mentions.map((mention) => mention.person));
    if (people.size !== 1 || people.has(null)) return null;
    const [person] = [...people] as Person[];
    return {
      person,
      verb: null,
      confidence: 0.7,
      cue: 'narrative',
      governed: false,
      end: quote.closeEnd,
      fromClauseBefore: false,
      source: null,
    };
  }

  /** "..., X said." / "..., said X." / "..., according to X." */
  private afterQuotation(quote: QuoteSpan, index: number): Attribution | null {
    const next = this.quotes[index + 1];
    const paragraph = this.paragraphOf(quote.closeEnd - 1);
    const ceiling = Math.min(next ? next.openStart : Infinity, paragraph.end, quote.closeEnd + CLAUSE_REACH);
    const quoted = this.body.slice(Math.max(quote.start, quote.end - 8), quote.end).replace(/[’'”"»«]+$/, '');
    const rest = this.body.slice(quote.closeEnd, Math.min(ceiling, quote.closeEnd + 8));
    const attached = /[,!?…—–-]$/.test(quoted) || /^\s*[,—–]/.test(rest) || (quoted.endsWith('.') && /^\s+[a-z]/.test(rest));
    if (!attached) return null;
    const end = clauseEnd(this.body, quote.closeEnd, ceiling);
    let start = quote.closeEnd;
    while (start < end && /[\s,;—–-]/.test(this.body[start])) start++;
    const words = wordsIn(this.body, start, end);
    if (words.length === 0) return null;

    const first = words[0].text;
    if (first === 'according' && words[1]?.text === 'to') {
      return this.fromSubject(this.phraseAfter(words[1].end, end), 'according to', 'after', end, false);
    }
    if (INVERTIBLE_VERBS.has(first)) {
      const subject = this.phraseAfter(words[0].end, end);
      // "..., said she had waited": the verb's subject came before the quotation, which was its object's part.
      if (subject && this.hasVerb(subject)) return null;
      return this.fromSubject(subject, first, 'after', end, false);
    }
    if (CLAUSE_OPENERS.has(first.toLowerCase())) return null;
    const verbIndex = words.findIndex((word, position) => position > 0 && position <= 20 && SAYING_VERBS.has(word.text));
    if (verbIndex < 0) return null;
    const verb = words[verbIndex];
    return this.fromSubject(this.subjectBefore(start, verb.start), verb.text, 'after', end, false);
  }

  /**
   * Stage 3, the sentence's own attribution at its end: a fragment inside a sentence of reported
   * content that closes with ", the Environment Secretary said today." (or ", said X", ", according
   * to X") is that speaker's, as a whole quotation before the same clause would be.
   */
  private sentenceAttributionAfter(quote: QuoteSpan, index: number): Attribution | null {
    if (!quote.inSentence) return null;
    const paragraph = this.paragraphOf(quote.closeEnd - 1);
    const sentenceEnd = clauseEnd(this.body, quote.closeEnd, Math.min(paragraph.end, quote.closeEnd + CLAUSE_REACH));
    // Quotations later in the sentence are read past; the attribution is the sentence's last clause.
    let comma = -1;
    for (let position = sentenceEnd - 1; position >= quote.closeEnd; position--) {
      if (this.body[position] === ',' && !this.inQuotation(position)) {
        comma = position;
        break;
      }
    }
    if (comma < 0) return null;
    const next = this.quotes[index + 1];
    if (next && next.openStart < sentenceEnd && next.closeEnd > comma) return null;
    let start = comma + 1;
    while (start < sentenceEnd && /\s/.test(this.body[start])) start++;
    const words = wordsIn(this.body, start, sentenceEnd);
    if (words.length === 0 || words.length > 16) return null;
    if (words[0].text === 'according' && words[1]?.text === 'to') {
      return this.fromSubject(this.phraseAfter(words[1].end, sentenceEnd), 'according to', 'partial', quote.closeEnd, false);
    }
    if (INVERTIBLE_VERBS.has(words[0].text)) {
      const subject = this.phraseAfter(words[0].end, sentenceEnd);
      if (!subject || this.hasVerb(subject)) return null;
      return this.fromSubject(subject, words[0].text, 'partial', quote.closeEnd, false);
    }
    const verbIndex = words.findIndex((word, position) => position > 0 && position <= 8 && SAYING_VERBS.has(word.text));
    if (verbIndex < 0) return null;
    // Only adverbials may follow the verb ("today", "on Monday", "in a statement"): a clause of its
    // own ("said that ...", "told reporters the plan ...") makes the verb govern that instead.
    const rest = words.slice(verbIndex + 1);
    if (rest.length > 6 || rest.some((word) => word.text === 'that' || SAYING_VERBS.has(word.text))) return null;
    const verb = words[verbIndex];
    if (this.isPassive(verb)) return null;
    const subject = this.subjectBefore(start, verb.start);
    if (!subject) return null;
    return this.fromSubject(subject, verb.text, 'partial', quote.closeEnd, false);
  }

  /** "X said: ...", "X told reporters that ...", "X said the plan was ..." */
  private beforeQuotation(quote: QuoteSpan, previous: { quote: QuoteSpan; attribution: Attribution } | null): Attribution | null {
    const paragraph = this.paragraphOf(quote.openStart);
    const previousInParagraph = previous && previous.quote.closeEnd > paragraph.start ? previous : null;
    const floor = Math.max(paragraph.start, previousInParagraph?.quote.closeEnd ?? 0, quote.openStart - WINDOW);
    const start = clauseStart(this.body, quote.openStart, floor);
    const clause = this.body.slice(start, quote.openStart);

    // "According to X, ..." opening the sentence governs what it says, up to the quotation, unless
    // another verb of saying takes over in between.
    const accordingTo = /\baccording to\s+([^,]+?),\s*$/i.exec(clause) ?? /^\s*according to\s+([^,]{1,80}?),/i.exec(clause);
    const takenOver =
      accordingTo &&
      wordsIn(this.body, start + accordingTo.index + accordingTo[0].length, quote.openStart).some((word) => SAYING_VERBS.has(word.text));
    if (accordingTo && !takenOver) {
      const subjectStart = start + accordingTo.index + accordingTo[0].indexOf(accordingTo[1]);
      return this.fromSubject({ text: accordingTo[1], start: subjectStart }, 'according to', 'before', quote.closeEnd, false);
    }

    const words = wordsIn(this.body, start, quote.openStart);
    const verbIndex = words.findLastIndex((word) => SAYING_VERBS.has(word.text) || QUOTING_VERBS.has(word.text));
    if (verbIndex < 0) return null;
    const verb = words[verbIndex];
    const bridge = this.body.slice(verb.end, quote.openStart).trim();
    const bridgeWords = countWords(bridge);
    const quoted = this.body.slice(quote.start, quote.end);
    const quotingVerb = QUOTING_VERBS.has(verb.text);
    // The verb introduces the whole quotation: nothing between them, or a short bridge ending in a
    // colon, a comma or "that" ("told reporters:", "said on Monday,", "told the plenary that").
    const introduces =
      !quotingVerb &&
      (bridge === '' ||
        (bridge.endsWith(':') && bridgeWords <= 30) ||
        (bridge.endsWith(',') && bridgeWords <= 12) ||
        (/\bthat$/.test(bridge) && bridgeWords <= 30));
    // Or the quotation is a fragment finishing the reported sentence: said the delays would "cost lives".
    // A reported clause opened by "that" may run on over commas before its fragment ("told the
    // meeting that at one house, there was "a get-together"").
    const reportedClause = /^(?:[^\s,;:]+\s+){0,12}?that\b/u.test(bridge) && !/[;:]/.test(bridge) && bridgeWords <= 30;
    const fragment =
      /^[^\p{L}]*\p{Ll}/u.test(quoted) &&
      ((!/[,;:]/.test(bridge) && bridgeWords <= 15) || reportedClause) &&
      (!quotingVerb || countWords(quoted) >= 4);
    if (!introduces && !fragment) return null;

    // "Lucki said she had promised ..., adding that it would be "..."": a participle's subject is
    // its main verb's.
    const mainVerb = verb.text.endsWith('ing')
      ? words.slice(0, verbIndex).findLast((word) => SAYING_VERBS.has(word.text) && !word.text.endsWith('ing'))
      : undefined;
    // "X was accused of being "...", "X has been told "..."": the subject hears the words, it does not say them.
    if (this.isPassive(mainVerb ?? verb)) return { ...NONE, verb: verb.text, cue: 'passive', governed: true, end: quote.closeEnd };
    const subject = this.subjectBefore(start, (mainVerb ?? verb).start);
    if (!subject && previousInParagraph?.attribution.fromClauseBefore && previousInParagraph.quote.closeEnd === floor) {
      // "X said ... "A" and warned that "B"": the second verb shares the first one's subject.
      const inherited = previousInParagraph.attribution;
      return { ...inherited, verb: verb.text, cue: 'coordinated', confidence: Math.min(inherited.confidence, 0.75), end: quote.closeEnd };
    }
    return this.fromSubject(subject, verb.text, introduces ? 'before' : 'partial', quote.closeEnd, true);
  }

  /**
   * A quotation split around its attribution ("A," he said, "B.") or following it in the same
   * paragraph ("A," said X. "B.") has the same speaker.
   */
  private continues(quote: QuoteSpan, previousQuote: QuoteSpan, previous: Attribution): Attribution | null {
    if (previous.cue === 'none' || previousQuote.closeEnd <= this.paragraphOf(quote.openStart).start) return null;
    const between = this.body.slice(previous.end, quote.openStart);
    if (!/^[\s,.;:—–-]*$/.test(between)) return null;
    let sentenceEnds = false;
    for (let index = previousQuote.closeEnd; index < quote.openStart && !sentenceEnds; index++)
      sentenceEnds = isSentenceEnd(this.body, index);
    const cue = sentenceEnds ? 'continuation' : 'split';
    return { ...previous, cue, confidence: sentenceEnds ? Math.min(previous.confidence, 0.85) : previous.confidence, end: quote.closeEnd };
  }

  /**
   * A later quotation in the sentence of an attributed one, with no verb of saying of its own between
   * them: Cho also said it is "unfortunate" that the aid has been "delayed".
   */
  private sameSentence(quote: QuoteSpan, previousQuote: QuoteSpan, previous: Attribution): Attribution | null {
    if (!previous.governed || (!previous.person && !previous.source)) return null;
    if (previousQuote.closeEnd <= this.paragraphOf(quote.openStart).start || quote.openStart - previousQuote.closeEnd > 300) return null;
    for (let index = previousQuote.closeEnd - 1; index < quote.openStart; index++) {
      if (this.body[index] === '\n' || isSentenceEnd(this.body, index)) return null;
    }
    const quoted = this.body.slice(previousQuote.start, previousQuote.end);
    if (/[.!?]$/.test(quoted)) return null;
    const between = wordsIn(this.body, previousQuote.closeEnd, quote.openStart);
    // "asked whether it would be "A" to say the report "B"": an infinitive has no subject of its own.
    if (between.some((word, index) => SAYING_VERBS.has(word.text) && between[index - 1]?.text !== 'to')) return null;
    return { ...previous, cue: 'same-sentence', confidence: Math.min(previous.confidence, 0.8), end: quote.closeEnd };
  }

  /** A paragraph that is only a quotation continues the attributed quotation ending the paragraph before. */
  private continuesParagraph(quote: QuoteSpan, previousQuote: QuoteSpan, previous: Attribution): Attribution | null {
    const paragraphIndex = paragraphIndexAt(this.paragraphs, quote.openStart);
    const paragraph = this.paragraphs[paragraphIndex];
    if (!this.blankBefore(paragraph.start, quote.openStart) || paragraphIndex === 0) return null;
    const previousParagraph = this.paragraphs[paragraphIndex - 1];
    if (previousQuote.openStart < previousParagraph.start || previousQuote.closeEnd > previousParagraph.end) return null;
    if (!(previous.person || previous.source) || !this.blankAfter(previous.end, previousParagraph.end)) return null;
    return { ...previous, cue: 'paragraph-continuation', confidence: Math.min(previous.confidence, 0.75), end: quote.closeEnd };
  }

  private fromSubject(
    subject: Phrase | null,
    verb: string,
    where: 'before' | 'after' | 'partial',
    end: number,
    fromClauseBefore: boolean,
  ): Attribution {
    const resolution = subject ? this.resolveSubject(subject) : null;
    if (!resolution) return { ...NONE, verb, cue: 'not-a-person', governed: true, end, fromClauseBefore };
    if (resolution.kind === 'unresolved') {
      const confidence = resolution.reason.startsWith('ambiguous') ? 0.3 : 0.2;
      const source = resolution.reason.startsWith('ambiguous') || !subject ? null : this.sourceOf(subject);
      return { person: null, verb, confidence, cue: resolution.reason, governed: true, end, fromClauseBefore, source };
    }
    const base = { name: 0.95, role: 0.85, pronoun: 0.8, 'pronoun-speaker': 0.75, description: 0.75, lead: 0.75 }[resolution.via];
    const confidence = where === 'partial' ? base - 0.05 : base;
    const cue =
      resolution.via === 'name'
        ? `name+verb-${where === 'partial' ? 'before' : where}`
        : resolution.via === 'role'
          ? 'role-phrase'
          : resolution.via;
    return {
      person: resolution.person,
      verb,
      confidence,
      cue: where === 'partial' ? `${cue}+partial` : cue,
      governed: true,
      end,
      fromClauseBefore,
      source: null,
    };
  }

  /** Stage 5: the institution or unnamed source a subject that is no named person stands for. */
  private sourceOf(subject: Phrase): Source | null {
    this.organizations ??= new OrganizationIndex(this.body, this.tags);
    return classifySource(subject.text, this.organizations, { isOrganization: this.tags.has(subject.start, 'Organization') });
  }

  /** The noun phrase after an inverted verb: "said Marloes Kuipers, the association's director". */
  private phraseAfter(start: number, end: number): Phrase | null {
    const text = this.body.slice(start, end);
    const chunks = this.chunks(start, text);
    if (chunks.length === 0) return null;
    const [first, second] = chunks;
    // "said the study's lead author, Ingrid Halvorsen": the name set off after a description is the speaker.
    if (second && !this.hasName(first) && this.hasName(second) && !this.hasVerb(second)) return second;
    return this.beforeCircumstance(first);
  }

  /**
   * "said Comey during questioning from Sen. James Risch", "said Klopp after the match": the
   * speaker ends where a phrase of time or circumstance begins, whoever it names.
   */
  private beforeCircumstance(phrase: Phrase): Phrase {
    const cut = /\s+(?:during|after|before|while|when|at|on|in|as|in an?|to|from|following|ahead of)\s+(?=\S)/u.exec(phrase.text);
    if (!cut || cut.index === 0) return phrase;
    const head = { text: phrase.text.slice(0, cut.index), start: phrase.start };
    // Only when what stays is a name: "the head of the union" keeps its "of".
    return this.hasName(head) ? head : phrase;
  }

  /**
   * The subject of a verb of saying, from the clause before it. A clause ending in a comma right
   * before the verb holds an appositive or a relative clause, so the subject is its first chunk
   * ("Smith, the interior minister, said"); otherwise the subject is the last chunk, cut at its first
   * verb ("Reacting to ..., Amir-Abdollahian said"; "Iran's FM also mentioned ... and said").
   */
  private subjectBefore(regionStart: number, verbStart: number): Phrase | null {
    let start = regionStart;
    // "Sen. Tom Cotton (R-Ark.) asked", "Cllr Ann Hale (Ind) said": a short bracket after a word
    // qualifies it and stands inside the subject; other brackets break it.
    const region = this.body
      .slice(start, verbStart)
      .replace(/(?<=[\p{L}.])\s*\([^()\n]{1,30}\)/gu, (bracket) => ' '.repeat(bracket.length));
    // A dateline or lead-in closed by a colon, dash or bracket is not part of the subject.
    const hardBreaks = [':', ';', '—', '–', ' - ', '(', ')']
      .map((mark) => ({ at: region.lastIndexOf(mark), length: mark.length }))
      .filter((found) => found.at >= 0)
      .map((found) => found.at + found.length);
    if (hardBreaks.length > 0) start += Math.max(...hardBreaks);
    const text = region.slice(start - regionStart);
    // "... the Minister of Telecommunications Boutros Harb who said": the relative pronoun's antecedent.
    const relative = /,?\s*\bwho(?:\s+(?:also|then|later|had|has|was|is|\p{Ll}+ly))?\s*$/u.exec(text);
    if (relative) {
      const antecedentEnd = start + relative.index;
      const antecedent = this.lastNameEndingAt(Math.max(start, antecedentEnd - 80), antecedentEnd);
      if (antecedent) return antecedent;
    }
    const chunks = this.chunks(start, text);
    if (chunks.length === 0) return null;

    const lastChunk = chunks[chunks.length - 1];
    // "King, whose holiday falls on Monday, famously said": an adverb alone after the commas.
    const adverbsOnly =
      chunks.length > 1 &&
      wordsIn(this.body, lastChunk.start, lastChunk.start + lastChunk.text.length).every(
        (word) => SUBJECT_TRAILERS.has(word.text.toLowerCase()) || (/ly$/.test(word.text) && this.tags.has(word.start, 'Adverb')),
      );
    // "Ann Hale issued a warning on Monday, and added": a second predicate shares the clause's subject.
    const coordinated = chunks.length > 1 && this.withoutConjunction(lastChunk) === null;
    if (text.trimEnd().endsWith(',') || adverbsOnly || coordinated) {
      const subjectIndex = chunks.findIndex((chunk) => !this.isAdverbial(chunk));
      if (subjectIndex < 0 || (subjectIndex === chunks.length - 1 && (adverbsOnly || coordinated))) return null;
      const chunk = this.withoutConjunction(chunks[subjectIndex]);
      if (!chunk || RELATIVE_PRONOUNS.has(firstWord(chunk.text).toLowerCase())) return null;
      const next = chunks[subjectIndex + 1];
      // "The mayor of Lyon, Camille Berthier, said": the role is set off before the name.
      if (next && !this.hasName(chunk) && this.hasName(next) && !this.hasVerb(next)) return next;
      // "Ann Hale dismissed the calls, telling reporters": the subject of the clause, before its verb.
      return this.beforeFirstVerb(chunk);
    }
    const last = this.withoutConjunction(lastChunk);
    if (!last) return null;
    // "Max George, Jay McGuiness and Nathan Sykes said": a list of people is all of them, none alone.
    const beforeLast = chunks[chunks.length - 2];
    if (
      beforeLast &&
      /^(?:and|or)\s/.test(lastChunk.text) &&
      this.hasName(last) &&
      this.hasName(beforeLast) &&
      !this.hasVerb(beforeLast) &&
      !this.hasVerb(last)
    ) {
      return { text: this.body.slice(beforeLast.start, last.start + last.text.length), start: beforeLast.start };
    }
    // "Ann Hale, leader of the Green Party says" (a headline): the name before a bare role.
    const previous = chunks[chunks.length - 2];
    const bareRole =
      previous &&
      /^\p{Ll}/u.test(last.text) &&
      wordsIn(this.body, last.start, last.start + last.text.length).some((word) => ROLE_HEADS.has(word.text.toLowerCase()));
    if (
      bareRole &&
      !this.hasVerb(last) &&
      !this.hasName(last) &&
      this.hasName(previous) &&
      !this.hasVerb(previous) &&
      parseRolePhrase(last.text)
    ) {
      return previous;
    }
    let words = wordsIn(this.body, last.start, last.start + last.text.length);
    // "O'Sullivan reveals that O'Grady said": the verb's subject is in the clause it heads.
    // "Fire spread but Ms Small said": a coordinated clause has its own subject, too.
    const subordinator = words.findLastIndex(
      (word, index) => index > 0 && index < words.length - 1 && (SUBORDINATORS.has(word.text) || CLAUSE_COORDINATORS.has(word.text)),
    );
    if (subordinator > 0) words = words.slice(subordinator + 1);
    const trimmed = [...words];
    while (trimmed.length > 0 && SUBJECT_TRAILERS.has(trimmed[trimmed.length - 1].text.toLowerCase())) trimmed.pop();
    // "In the end he conceded", "When we spoke to her today she said": a personal pronoun right
    // before the verb is the whole subject; what comes before it is a circumstance.
    const lastWord = trimmed[trimmed.length - 1];
    if (lastWord && trimmed.length > 1 && SUBJECT_PRONOUNS.has(lastWord.text)) return { text: lastWord.text, start: lastWord.start };
    const firstVerb = words.findIndex(
      (word) => !isCapitalized(word.text) && this.tags.at(word.start).has('Verb') && !this.tags.at(word.start).has('Gerund'),
    );
    const kept = firstVerb >= 0 ? words.slice(0, firstVerb) : words;
    while (kept.length > 0 && SUBJECT_TRAILERS.has(kept[kept.length - 1].text.toLowerCase())) kept.pop();
    if (kept.length === 0) return null;
    return { text: this.body.slice(kept[0].start, kept[kept.length - 1].end), start: kept[0].start };
  }

  /** "was accused", "has been told", "were widely described": a verb of saying in the passive. */
  private isPassive(verb: Word): boolean {
    return /\b(?:was|were|is|are|been|being|be|get|gets|got)\s+(?:\p{Ll}+ly\s+)?$/u.test(
      this.body.slice(Math.max(0, verb.start - 30), verb.start),
    );
  }

  /** A clause's subject: its words before its first verb ("Ann Hale" in "Ann Hale has called for ..."). */
  private beforeFirstVerb(chunk: Phrase): Phrase | null {
    const words = wordsIn(this.body, chunk.start, chunk.start + chunk.text.length);
    const firstVerb = words.findIndex(
      (word) => !isCapitalized(word.text) && this.tags.at(word.start).has('Verb') && !this.tags.at(word.start).has('Gerund'),
    );
    if (firstVerb < 0) return chunk;
    const kept = words.slice(0, firstVerb);
    while (kept.length > 0 && SUBJECT_TRAILERS.has(kept[kept.length - 1].text.toLowerCase())) kept.pop();
    if (kept.length === 0) return null;
    return { text: this.body.slice(kept[0].start, kept[kept.length - 1].end), start: kept[0].start };
  }

  /** The name (known, or new) that ends right at end, read from start: "… Boutros Harb". */
  private lastNameEndingAt(start: number, end: number): Phrase | null {
    const known = this.namesIn(start, end).filter((name) => name.end === end);
    if (known.length > 0) {
      const position = known[known.length - 1].position;
      return { text: this.body.slice(position, end), start: position };
    }
    const runs = [...this.body.slice(start, end).matchAll(CAPITALIZED_RUN)];
    const last = runs[runs.length - 1];
    if (!last || start + last.index! + last[0].length !== end) return null;
    const name = looksLikeName(this.body, this.tags, start + last.index!, end);
    return name ? { text: this.body.slice(name.start, name.end), start: name.start } : null;
  }

  private hasVerb(phrase: Phrase): boolean {
    return wordsIn(this.body, phrase.start, phrase.start + phrase.text.length).some(
      (word) => !isCapitalized(word.text) && this.tags.at(word.start).has('Verb') && !this.tags.at(word.start).has('Gerund'),
    );
  }

  private chunks(start: number, text: string): Phrase[] {
    const chunks: Phrase[] = [];
    let offset = 0;
    for (const part of text.split(',')) {
      const leading = part.length - part.trimStart().length;
      const trimmed = part.trim();
      if (trimmed !== '') chunks.push({ text: trimmed, start: start + offset + leading });
      offset += part.length + 1;
    }
    return chunks;
  }

  private withoutConjunction(chunk: Phrase): Phrase | null {
    let { text, start } = chunk;
    for (let word = firstWord(text); CONJUNCTIONS.has(word.toLowerCase()); word = firstWord(text)) {
      const rest = text.slice(word.length).trimStart();
      start += text.length - rest.length;
      text = rest;
    }
    return text ? { text, start } : null;
  }

  private isAdverbial(chunk: Phrase): boolean {
    const word = firstWord(chunk.text);
    if (ADVERBIAL_OPENERS.has(word.toLowerCase())) return true;
    const tags = this.tags.at(chunk.start);
    return tags.has('Gerund') || tags.has('Preposition') || tags.has('Date') || (tags.has('PastTense') && !this.hasName(chunk));
  }

  private hasName(phrase: Phrase): boolean {
    return this.namedPeopleIn(phrase.start, phrase.start + phrase.text.length).length > 0 || this.newNameIn(phrase) !== null;
  }

  private resolveSubject(subject: Phrase): Resolution {
    const text = subject.text.trim();
    const lower = text.toLowerCase();
    if (lower === 'he' || lower === 'she' || lower === 'they') return this.resolvePronoun(lower, subject.start);
    // "according to him", "told her": the object forms point back the same way.
    const objectPronoun = ({ him: 'he', her: 'she', them: 'they' } as Record<string, string>)[lower];
    if (objectPronoun) return this.resolvePronoun(objectPronoun, subject.start);

    // "The family of Sir David Amess", "a lawyer for Smith": the name owns the subject, it is not it.
    const owned =
      /^(?:the|a|an|one|two|three|several)?\s*(?:[\p{Ll}-]+\s+){0,3}?([\p{Ll}-]+)\s+(?:of|for|at|from|representing|close to)\s+/u.exec(
        text.replace(/^(?:The|A|An|One|Two|Three|Several)\b/, (word) => word.toLowerCase()),
      );
    if (owned && !ROLE_HEADS.has(owned[1]) && !/^(?:the|a|an)$/.test(owned[1])) {
      return { kind: 'unresolved', reason: 'unnamed-speaker', human: HUMAN_NOUNS.has(owned[1]) || owned[1] === 'family' };
    }
    const named = this.namedPeopleIn(subject.start, subject.start + subject.text.length);
    if (named.length === 0) {
      const newcomer = this.newNameIn(subject);
      if (newcomer) {
        const person = this.registry.add(newcomer.tokens, newcomer.gender);
        addRolesAt(this.body, person, newcomer.start, newcomer.end);
        named.push(person);
      }
    }
    const distinct = new Set(named);
    if (distinct.size === 1 && !distinct.has(AMBIGUOUS)) return { kind: 'person', person: named[0] as Person, via: 'name' };
    const described = distinct.size > 1 ? this.nameAfterDescriptor(subject) : null;
    if (described) return { kind: 'person', person: described, via: 'name' };
    if (distinct.size > 0) return { kind: 'unresolved', reason: 'ambiguous-name', human: true };

    const role = parseRolePhrase(text);
    if (role && countWords(text) <= 12) {
      if (!role.definite) {
        // "A government minister has said ...": a news lead that names its subject only after.
        const named = INDEFINITE_LEAD_HEADS.has(role.key.split(' ').pop()!)
          ? this.leadSpeaker(subject.start, genderOfDescription(text), role)
          : null;
        return named ? { kind: 'person', person: named, via: 'lead' } : { kind: 'unresolved', reason: 'unnamed-speaker', human: true };
      }
      const holders = this.registry.people.filter((person) => person.roles.some((held) => roleRefersTo(role, held)));
      if (holders.length === 1) return { kind: 'person', person: holders[0], via: 'role' };
      if (holders.length > 1) return { kind: 'unresolved', reason: 'ambiguous-role', human: true };
      // A fuller title than the one the person was introduced with: "Union minister Hardeep Singh
      // Puri" ... "the union housing and urban affairs minister".
      const widened = this.registry.people.filter((person) => person.roles.some((held) => roleWidens(role, held)));
      if (widened.length === 1) return { kind: 'person', person: widened[0], via: 'role' };
      if (widened.length > 1) return { kind: 'unresolved', reason: 'ambiguous-role', human: true };
      const described =
        role.personOwner || role.organization || role.key === 'spokesperson'
          ? null
          : this.describedSpeaker(subject.start, genderOfDescription(text));
      if (described) return { kind: 'person', person: described, via: 'description' };
      const introducedLater = this.leadSpeaker(subject.start, genderOfDescription(text), role);
      if (introducedLater) return { kind: 'person', person: introducedLater, via: 'lead' };
      return { kind: 'unresolved', reason: 'unknown-role', human: true };
    }
    // "said the expert", "the Sinologist added": one person described by what they are, like a
    // role with no holder. Not "the source", who is anonymous by design.
    const describedHead = /^the\s+(?:[\p{L}-]+\s+){0,3}?([\p{Ll}-]+)[.,;:]?$/u.exec(text)?.[1];
    if (describedHead && HUMAN_NOUNS.has(describedHead) && !PLURAL_HUMAN_NOUNS.has(describedHead) && describedHead !== 'source') {
      const described = this.describedSpeaker(subject.start, genderOfDescription(text));
      if (described) return { kind: 'person', person: described, via: 'description' };
    }
    if (/^the\s+(?:\S+\s+){0,3}?\d+-year-old\b/i.test(text) && countWords(text) <= 6) {
      const described = this.describedSpeaker(subject.start, genderOfDescription(text));
      if (described) return { kind: 'person', person: described, via: 'description' };
      return { kind: 'unresolved', reason: 'unknown-role', human: true };
    }
    const words = wordsIn(this.body, subject.start, subject.start + subject.text.length);
    const human = words.some((word) => {
      const tags = this.tags.at(word.start);
      return (
        HUMAN_NOUNS.has(word.text.toLowerCase()) ||
        tags.has('Person') ||
        tags.has('Demonym') ||
        (tags.has('Actor') && !isCapitalized(word.text))
      );
    });
    return { kind: 'unresolved', reason: human ? 'unnamed-speaker' : 'not-a-person', human };
  }

  /**
   * "Georgina parent Robin Legualt", "Warriors coach Andrew Webster": a name before a role or human
   * noun, then the name the subject ends on, is what that person is (a place's, a team's), not a
   * second speaker. The subject is the last name.
   */
  private nameAfterDescriptor(subject: Phrase): Person | null {
    const end = subject.start + subject.text.trimEnd().length;
    const names = this.namesIn(subject.start, end);
    const last = names.at(-1);
    if (!last || last.person === AMBIGUOUS || !/^[\s.,;:]*$/.test(this.body.slice(last.end, end))) return null;
    const modifiers = names.slice(0, -1).every((name) => {
      const next = /^\s+([\p{Ll}-]+)\b/u.exec(this.body.slice(name.end, name.end + 30))?.[1];
      return next !== undefined && (ROLE_HEADS.has(next) || HUMAN_NOUNS.has(next)) && name.person !== last.person;
    });
    return modifiers ? last.person : null;
  }

  /** People the article already knows, named (not as owners: "Biden's remarks") between start and end. */
  private namedPeopleIn(start: number, end: number): (Person | typeof AMBIGUOUS)[] {
    return this.namesIn(start, end).map((name) => name.person);
  }

  /**
   * Names of people the registry knows between start and end, read word by word against its
   * aliases (longest first): linear in the range, whatever the number of people.
   */
  private namesIn(start: number, end: number): { position: number; person: Person | typeof AMBIGUOUS; end: number }[] {
    const names: { position: number; person: Person | typeof AMBIGUOUS; end: number }[] = [];
    const keys = this.registry.aliasKeys;
    if (keys.size === 0) return names;
    const words = wordsIn(this.body, start, end);
    for (let index = 0; index < words.length; index++) {
      if (this.inQuotation(words[index].start)) continue;
      for (let length = Math.min(this.registry.longestAlias, words.length - index); length >= 1; length--) {
        const run = words.slice(index, index + length);
        // Words of a name stand one space apart, on one line.
        if (run.some((word, position) => position > 0 && !/^[ \u00a0]+$/.test(this.body.slice(run[position - 1].end, word.start))))
          continue;
        const last = run[run.length - 1];
        // Not as owners: "Biden's remarks" (nor "Joe" alone in "Joe Biden's").
        if (
          (isPossessive(last.text) || /^['’]s\b/.test(this.body.slice(last.end, last.end + 3))) &&
          keys.has(aliasKey(run.map((word) => withoutPossessive(word.text))))
        ) {
          index += length - 1;
          break;
        }
        if (isPossessive(last.text)) continue;
        if (/^[\p{L}\p{M}-]/u.test(this.body.slice(last.end, last.end + 1))) continue;
        if (!keys.has(aliasKey(run.map((word) => word.text)))) continue;
        if (
          !run.every(
            (word, position) =>
              isCapitalized(word.text) ||
              (position > 0 && /^(?:van|von|de|der|den|da|das|dos|di|du|del|della|la|le|al|el|bin|ibn|ter|ten)$/.test(word.text)),
          )
        )
          continue;
        const person = this.registry.lookup(run.map((word) => word.text).join(' '));
        if (!person) continue;
        // A first name right before another capitalised word is some other name's ("Garda" in
        // "Garda Commissioner ...", "Joe" in "Joe Bloggs" when the article knows a Joe Smith).
        if (
          person !== AMBIGUOUS &&
          length === 1 &&
          person.tokens.length > 1 &&
          aliasKey([person.tokens[person.tokens.length - 1]]) !== aliasKey([last.text]) &&
          /^[ \u00a0]+\p{Lu}/u.test(this.body.slice(last.end, last.end + 3))
        )
          continue;
        names.push({ position: run[0].start, person, end: last.end });
        index += length - 1;
        break;
      }
    }
    return names;
  }

  /** A name the registry does not know yet, such as a speaker introduced in the attribution itself. */
  private newNameIn(phrase: Phrase) {
    for (const run of phrase.text.matchAll(CAPITALIZED_RUN)) {
      if (isPossessive(run[0])) continue;
      const start = phrase.start + run.index!;
      const name = looksLikeName(this.body, this.tags, start, start + run[0].length);
      if (name) return name;
    }
    return null;
  }

  /**
   * "he", "she", "they": the person of plausible gender mentioned in the narrative closest before —
   * in the paragraph so far, or else in the nearest of the three paragraphs before that mentions
   * anyone. Of several people there, the one who speaks (the subject of a verb of saying) is the
   * one the paragraph is about; a bystander named alongside does not compete. Two speakers, or a
   * speaker the article does not identify, leave it unresolved.
   */
  private resolvePronoun(pronoun: string, position: number): Resolution {
    const paragraphIndex = paragraphIndexAt(this.paragraphs, this.quoteOpeningBefore(position));
    // Not the pronoun's own sentence when it closes it: "Aggravating features included ... the
    // fact Sir David was attacked, he said" names what he spoke about, not who he is. ("Scott's
    // future was in doubt after he admitted" keeps its antecedent.)
    const closesSentence = /[,"”’']\s*$/.test(this.body.slice(Math.max(0, position - 3), position));
    const scopeEnd = closesSentence ? this.sentenceStartBefore(position, this.paragraphs[paragraphIndex].start) : position;
    const scopes = this.scopesBefore(scopeEnd, paragraphIndex, 3);
    for (const scope of scopes) {
      // A description nobody was introduced with ("the Russian diplomat") is most often someone
      // named already: it neither counts nor blocks.
      const mentions = this.mentionsIn(scope.start, scope.end).filter((mention) => mention.person !== null || mention.kind !== 'role');
      if (mentions.length === 0) continue;
      // "he" and "she" cannot be "neighbours" or "officials".
      const unnamedSpeakers = mentions.filter((mention) => mention.person === null && (pronoun === 'they' || !mention.plural));
      const people = [...new Set(mentions.filter((mention) => mention.person !== null).map((mention) => mention.person as Person))];
      if (pronoun === 'they') {
        const single =
          people.length === 1 && unnamedSpeakers.length === 0 && people[0].gender === null && !this.mentionsPluralPeople(scope);
        return single
          ? { kind: 'person', person: people[0], via: 'pronoun' }
          : { kind: 'unresolved', reason: 'ambiguous-pronoun', human: true };
      }
      const excluded = pronoun === 'he' ? 'female' : 'male';
      const plausible = people.filter((person) => person.gender !== excluded);
      if (unnamedSpeakers.length > 0) return { kind: 'unresolved', reason: 'ambiguous-pronoun', human: true };
      if (plausible.length === 1) {
        // "Max Hill QC, Director of Public Prosecutions, told the PA ... as Mair. / He said: ...":
        // when someone the article does not resolve speaks there, the one name that does not
        // speak is a bystander, not the pronoun's antecedent.
        const speaks = mentions.some((mention) => mention.kind === 'speaker' && mention.person === plausible[0]);
        if (!speaks && this.hasUnresolvedSpeaker(scope)) return { kind: 'unresolved', reason: 'ambiguous-pronoun', human: true };
        return { kind: 'person', person: plausible[0], via: 'pronoun' };
      }
      if (plausible.length > 1) {
        const speakers = [
          ...new Set(
            mentions
              .filter((mention) => mention.kind === 'speaker' && plausible.includes(mention.person as Person))
              .map((mention) => mention.person),
          ),
        ];
        if (speakers.length === 1) return { kind: 'person', person: speakers[0] as Person, via: 'pronoun-speaker' };
        return { kind: 'unresolved', reason: 'ambiguous-pronoun', human: true };
      }
      return { kind: 'unresolved', reason: 'no-antecedent', human: true };
    }
    // "A government minister has been criticised after he suggested ...": the lead names him later.
    const introducedLater = pronoun === 'they' ? null : this.leadSpeaker(position, pronoun === 'he' ? 'male' : 'female', null);
    if (introducedLater) return { kind: 'person', person: introducedLater, via: 'lead' };
    return { kind: 'unresolved', reason: 'no-antecedent', human: true };
  }

  /**
   * Stage 2, descriptions: "the Russian diplomat", "the 29-year-old" with no one introduced so is
   * the person the nearest paragraph that mentions anyone is about: the one person named or
   * speaking there (of a compatible gender), else nobody.
   */
  private describedSpeaker(position: number, gender: 'male' | 'female' | null): Person | null {
    const paragraphIndex = paragraphIndexAt(this.paragraphs, this.quoteOpeningBefore(position));
    // Not the description's own sentence: who it names there is what the speaker spoke about
    // ("Extinction Rebellion 'undermine their cause', the Environment Secretary said").
    const sentenceStart = this.sentenceStartBefore(position, this.paragraphs[paragraphIndex].start);
    const scopes = this.scopesBefore(sentenceStart, paragraphIndex, 2);
    for (const scope of scopes) {
      const mentions = this.mentionsIn(scope.start, scope.end).filter((mention) => mention.kind !== 'role');
      if (mentions.length === 0) continue;
      if (mentions.some((mention) => mention.person === null)) return null;
      const people = [...new Set(mentions.map((mention) => mention.person as Person))].filter(
        (person) => gender === null || person.gender === null || person.gender === gender,
      );
      if (people.length === 1) return people[0];
      const speakers = [
        ...new Set(
          mentions
            .filter((mention) => mention.kind === 'speaker' && people.includes(mention.person as Person))
            .map((mention) => mention.person),
        ),
      ];
      return speakers.length === 1 ? (speakers[0] as Person) : null;
    }
    return null;
  }

  /**
   * Stage 2b, the delayed-identification lead: "Extinction Rebellion 'undermine their cause', the
   * Environment Secretary said today." opens the article and the next paragraph names him
   * ("George Eustice said ..."). A description (or a pronoun) in the first two paragraphs, with
   * nobody named before it, is the one person the next paragraph that mentions anyone names, or
   * the one speaker among several there; a person introduced there with another role is not it.
   */
  private leadSpeaker(position: number, gender: 'male' | 'female' | null, role: RolePhrase | null): Person | null {
    const paragraphIndex = paragraphIndexAt(this.paragraphs, position);
    if (paragraphIndex > 1) return null;
    const sentenceStart = this.sentenceStartBefore(position, this.paragraphs[paragraphIndex].start);
    // A lead is the top of the article: bounded, so that a long first paragraph stays linear.
    if (sentenceStart > 2 * WINDOW || this.mentionsIn(0, sentenceStart).some((mention) => mention.kind !== 'role')) return null;
    for (let index = paragraphIndex + 1; index <= Math.min(this.paragraphs.length - 1, paragraphIndex + 2); index++) {
      const paragraph = this.paragraphs[index];
      const mentions = this.mentionsIn(paragraph.start, Math.min(paragraph.end, paragraph.start + WINDOW)).filter(
        (mention) => mention.kind !== 'role',
      );
      if (mentions.length === 0) continue;
      // Named there: a pronoun's antecedent may be this very description, read the other way round.
      const people = [
        ...new Set(
          mentions.filter((mention) => mention.kind === 'name' && mention.person !== null).map((mention) => mention.person as Person),
        ),
      ];
      const speakers = [
        ...new Set(mentions.filter((mention) => mention.kind === 'speaker' && mention.person !== null).map((mention) => mention.person)),
      ].filter((person) => people.includes(person as Person)) as Person[];
      const candidates = (people.length === 1 ? people : speakers).filter(
        (person) => gender === null || person.gender === null || person.gender === gender,
      );
      if (candidates.length !== 1 || mentions.some((mention) => mention.kind === 'speaker' && mention.person === null)) return null;
      const [person] = candidates;
      const fits = !role || person.roles.length === 0 || person.roles.some((held) => roleRefersTo(role, held) || roleWidens(role, held));
      return fits ? person : null;
    }
    return null;
  }

  /**
   * A verb of saying in the scope whose subject is someone the article does not resolve: a human
   * description, or a capitalised name the registry missed ("Max Hill QC, Director of ...").
   */
  private hasUnresolvedSpeaker(scope: Range): boolean {
    for (
      let index = this.firstVerbFrom(scope.start);
      index < this.sayingVerbs.length && this.sayingVerbs[index].start < scope.end;
      index++
    ) {
      const verb = this.sayingVerbs[index];
      const resolution = this.subjectOfVerb(verb);
      if (resolution?.kind !== 'unresolved' || resolution.reason.startsWith('ambiguous')) continue;
      if (resolution.human) return true;
      const subject = verb.text === 'according' ? null : this.subjectInClause(verb);
      if (subject && /^\p{Lu}\p{Ll}+\s+\p{Lu}\p{Ll}+/u.test(subject.text) && !/^(?:The|A|An|This|That|These|Those)\s/.test(subject.text))
        return true;
    }
    return false;
  }

  /**
   * Where the sentence holding position starts, a quotation's closing mark after a full stop
   * counting as the end of the sentence before ("... completely black." He said ...).
   */
  private sentenceStartBefore(position: number, floor: number): number {
    for (let index = position - 1; index >= Math.max(floor, position - WINDOW); index--) {
      const character = this.body[index];
      if (character === '\n') return index + 1;
      if (isSentenceEnd(this.body, index)) return index + 1;
      if (/[.!?]/.test(character) && /^["”’']\s/.test(this.body.slice(index + 1, index + 3))) return index + 2;
    }
    return Math.max(floor, position - WINDOW);
  }

  /** The paragraph so far, then up to `count` paragraphs before it, each read at most WINDOW back. */
  private scopesBefore(position: number, paragraphIndex: number, count: number): Range[] {
    const scopes: Range[] = [{ start: Math.max(this.paragraphs[paragraphIndex].start, position - WINDOW), end: position }];
    for (let index = paragraphIndex - 1; index >= Math.max(0, paragraphIndex - count); index--) {
      const paragraph = this.paragraphs[index];
      scopes.push({ start: Math.max(paragraph.start, paragraph.end - WINDOW), end: paragraph.end });
    }
    return scopes;
  }

  /** A pronoun after a quotation is read from where the quotation opened: its paragraphs are not narrative. */
  private quoteOpeningBefore(position: number): number {
    const paragraph = this.paragraphOf(position);
    // The one quotation that can open before the paragraph and close in it is the first closing in it.
    const quote = this.quotes[this.lastQuoteClosingBy(paragraph.start - 1) + 1];
    return quote && quote.closeEnd <= position && quote.openStart < paragraph.start ? quote.openStart : position;
  }

  private mentionsPluralPeople(scope: Range): boolean {
    return wordsIn(this.body, scope.start, scope.end).some(
      (word) => !this.inQuotation(word.start) && PLURAL_HUMAN_NOUNS.has(word.text.toLowerCase()),
    );
  }

  /** Everyone the narrative refers to between start and end: by name, by role, or as a speaker. */
  private mentionsIn(start: number, end: number): Mention[] {
    const mentions: Mention[] = this.namesIn(start, end).map(({ position, person }) => ({
      position,
      person: person === AMBIGUOUS ? null : person,
      kind: 'name' as const,
    }));
    for (const mention of this.roleMentionsIn(start, end)) mentions.push(mention);
    for (let index = this.firstVerbFrom(start); index < this.sayingVerbs.length && this.sayingVerbs[index].start < end; index++) {
      const verb = this.sayingVerbs[index];
      const resolution = this.subjectOfVerb(verb);
      if (resolution?.kind === 'person') mentions.push({ position: verb.start, person: resolution.person, kind: 'speaker' });
      else if (resolution?.human)
        mentions.push({ position: verb.start, person: null, kind: 'speaker', plural: this.pluralSubjects.has(verb.start) });
    }
    return mentions;
  }

  /** Index of the first verb of saying at or after position. */
  private firstVerbFrom(position: number): number {
    let low = 0;
    let high = this.sayingVerbs.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.sayingVerbs[middle].start < position) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** "the foreign minister", "Iran's FM": definite role phrases that are not a name's introduction. */
  private roleMentionsIn(start: number, end: number): Mention[] {
    const mentions: Mention[] = [];
    for (const word of wordsIn(this.body, start, end)) {
      if (!ROLE_HEADS.has(word.text.toLowerCase()) || this.inQuotation(word.start)) continue;
      // "chief" in "chief executive" modifies the head that follows.
      if (ROLE_HEADS.has(/^\s+([\p{L}-]+)/u.exec(this.body.slice(word.end, word.end + 30))?.[1].toLowerCase() ?? '')) continue;
      // The role runs on over its portfolio or owner: "the Minister of Foreign Affairs", "the head of the union".
      const tail = /^\s+(?:of|for|at)\s+[^,.;:()"“”«»\n]{1,60}?(?=\s+(?:said|says|told|added|noted|wrote|asked)\b|[,.;:()"“”«»\n]|$)/u.exec(
        this.body.slice(word.end, word.end + 80),
      );
      const phraseEnd = word.end + (tail ? tail[0].length : 0);
      const following = this.body.slice(phraseEnd, phraseEnd + 60);
      if (/^['’]s\b/.test(following)) continue;
      const nameAfter = /^,?\s+/.exec(following);
      if (
        nameAfter &&
        this.hasName({ text: following.slice(nameAfter[0].length).split(/[,.;:]/)[0], start: phraseEnd + nameAfter[0].length })
      )
        continue;
      const lead = this.body.slice(Math.max(start, word.start - 60), word.start);
      const phraseStart = word.start - (/[^,.;:()"“”«»\n]*$/.exec(lead)?.[0].length ?? 0);
      // "Marloes Kuipers, the association's director": an appositive, not a second person.
      if (/\p{Lu}[\p{L}'’-]+,\s*$/u.test(this.body.slice(Math.max(0, phraseStart - 40), phraseStart))) continue;
      const role = parseRolePhrase(this.body.slice(phraseStart, phraseEnd));
      if (!role || !role.definite) continue;
      const holders = this.registry.people.filter((person) => person.roles.some((held) => roleRefersTo(role, held)));
      mentions.push({ position: word.start, person: holders.length === 1 ? holders[0] : null, kind: 'role' });
    }
    return mentions;
  }

  /** Who a verb of saying in the narrative has as its subject; remembered, as pronouns ask again. */
  private subjectOfVerb(verb: Word): Resolution | null {
    if (this.subjectsOfVerbs.has(verb.start)) return this.subjectsOfVerbs.get(verb.start)!;
    // Guards against a pronoun whose scope reaches back to this very verb.
    this.subjectsOfVerbs.set(verb.start, null);
    let subject: Phrase | null;
    if (verb.text === 'according') {
      const accordingTo = /^according to\s+/.exec(this.body.slice(verb.start, verb.start + 20));
      const phraseStart = verb.start + (accordingTo?.[0].length ?? 0);
      subject = accordingTo
        ? this.phraseAfter(
            phraseStart,
            clauseEnd(this.body, phraseStart, Math.min(this.paragraphOf(verb.start).end, phraseStart + CLAUSE_REACH)),
          )
        : null;
    } else {
      subject = null;
      if (INVERTIBLE_VERBS.has(verb.text) && this.inQuotation(this.lastNonSpaceBefore(verb.start))) {
        const after = this.phraseAfter(
          verb.end,
          clauseEnd(this.body, verb.end, Math.min(this.paragraphOf(verb.start).end, verb.end + CLAUSE_REACH)),
        );
        if (after && !this.hasVerb(after)) subject = after;
      }
      subject ??= this.isPassive(verb) ? null : this.subjectInClause(verb);
    }
    const resolution = subject ? this.resolveSubject(subject) : null;
    this.subjectsOfVerbs.set(verb.start, resolution);
    if (subject && resolution?.kind === 'unresolved' && this.isPlural(subject)) this.pluralSubjects.add(verb.start);
    return resolution;
  }

  /** "neighbours", "two officials": a subject that "he" or "she" cannot stand for. */
  private isPlural(subject: Phrase): boolean {
    const words = wordsIn(this.body, subject.start, subject.start + subject.text.length);
    const cut = words.findIndex((word, index) => index > 0 && /^(?:of|for|at|from|in|with|familiar|close|who)$/.test(word.text));
    const head = words[(cut > 0 ? cut : words.length) - 1];
    if (!head) return false;
    return (
      PLURAL_HUMAN_NOUNS.has(head.text.toLowerCase()) ||
      (this.tags.has(head.start, 'Plural') && !isCapitalized(head.text)) ||
      /^(?:they|we)$/i.test(head.text)
    );
  }

  /**
   * The subject before a verb, read back to the clause start. A quotation just before the verb
   * ends the clause when it has its own sentence ("A," Smith said); when nothing stands between
   * it and the verb it was embedded ("a sign that read "...", said"), so the clause goes on before it.
   */
  private subjectInClause(verb: Word): Phrase | null {
    const paragraph = this.paragraphOf(verb.start);
    let searchFrom = verb.start;
    for (;;) {
      const candidate = this.quotes[this.lastQuoteClosingBy(searchFrom)];
      const previousQuote = candidate && candidate.closeEnd > paragraph.start ? candidate : undefined;
      let start = clauseStart(this.body, searchFrom, Math.max(paragraph.start, previousQuote?.closeEnd ?? 0, searchFrom - CLAUSE_REACH));
      while (start < verb.start && /[\s,;—–-]/.test(this.body[start])) start++;
      const subject = this.subjectBefore(start, verb.start);
      if (subject || !previousQuote) return subject;
      if (this.body.slice(previousQuote.closeEnd, verb.start).replace(/[\s,]/g, '') !== '') return null;
      searchFrom = previousQuote.openStart;
    }
  }

  private lastNonSpaceBefore(position: number): number {
    let index = position - 1;
    while (index > 0 && /[\s,]/.test(this.body[index])) index--;
    return index;
  }
}

/** The gender a description tells: "the spokeswoman", "the Frenchman". */
function genderOfDescription(text: string): 'male' | 'female' | null {
  const lower = text.toLowerCase();
  if (/(?:woman|women|actress|mother|daughter|sister|wife|queen|princess|girl|lady|mrs|ms)\b/.test(lower)) return 'female';
  if (/(?:\bman|\bmen|spokesman|chairman|father|son|brother|husband|king|prince|boy|mr)\b/.test(lower)) return 'male';
  return null;
}

function firstWord(text: string): string {
  return /^[^\s,]+/.exec(text)?.[0] ?? '';
}

/** Words before a quotation that make it a name or a label even in a sentence with a verb of saying. */
const NAMING_MARKERS = new Set([
  'so-called',
  'dubbed',
  'named',
  'nicknamed',
  'titled',
  'entitled',
  'labelled',
  'labeled',
  'branded',
  'term',
  'word',
  'words',
  'phrase',
  'slogan',
  'banner',
  'headline',
  'title',
  'motto',
  'hashtag',
  'label',
  'film',
  'book',
  'song',
  'album',
  'show',
  'series',
  'novel',
  'play',
  'game',
  'operation',
  'campaign',
  'hit',
]);

/**
 * The verbs of saying in the narrative, by position: a short quotation after one of them in the
 * same sentence is someone's words (said there is a "good chance"), not a term.
 */
export class SayingVerbIndex {
  private readonly positions: number[];

  constructor(private readonly body: string) {
    this.positions = wordsIn(body, 0, body.length)
      .filter((word) => SAYING_VERBS.has(word.text) || QUOTING_VERBS.has(word.text))
      .map((word) => word.start);
  }

  /** A verb of saying earlier in the quotation's sentence, at most `reach` characters before it. */
  governs(quote: QuoteSpan, reach = 300): boolean {
    let low = 0;
    let high = this.positions.length - 1;
    let found = -1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (this.positions[middle] < quote.openStart) {
        found = middle;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    if (found < 0 || quote.openStart - this.positions[found] > reach) return false;
    for (let index = this.positions[found]; index < quote.openStart; index++) {
      if (this.body[index] === '\n' || isSentenceEnd(this.body, index)) return false;
    }
    return true;
  }
}

/** Quotations of three words or fewer used as a term or title: the so-called "maximum pressure" campaign. */
export function isTermLike(body: string, quote: QuoteSpan, tags: TermTags, verbs?: SayingVerbIndex): boolean {
  // "on CNN's "Erin Burnett OutFront"", "the band's "Greatest Hits"": a title owned by its maker or channel.
  if (quote.titleCased && /\p{L}['’]s\s*$/u.test(body.slice(Math.max(0, quote.openStart - 30), quote.openStart))) return true;
  if (countWords(body.slice(quote.start, quote.end)) > 3) return false;
  const wordBefore = /([\p{L}-]+)\s*$/u.exec(body.slice(Math.max(0, quote.openStart - 30), quote.openStart))?.[1]?.toLowerCase();
  if (wordBefore && NAMING_MARKERS.has(wordBefore)) return true;
  const wordAfter = /^ ([\p{L}-]+)/u.exec(body.slice(quote.closeEnd, quote.closeEnd + 30));
  if (wordAfter) {
    const afterTags = tags.at(quote.closeEnd + 1);
    // A quotation qualifying the noun after it: the "loss and damage" fund.
    // Not one adjective that a verb of saying governs: told Sky News concern was now a "mainstream" issue.
    const spokenWord = quote.words === 1 && quote.opensLowercase && tags.at(quote.start).has('Adjective') && verbs?.governs(quote);
    // Nor a lower-case fragment of the writer's sentence after no article: results were "very
    // encouraging" ... , a few dozen people who are « supremacists and accelerationists » ...
    const writersFragment = quote.inSentence && quote.opensLowercase && !quote.titleCased && !(wordBefore && TERM_MARKERS.has(wordBefore));
    if (afterTags.has('Noun') && !afterTags.has('Pronoun') && !isCapitalized(wordAfter[1]) && !spokenWord && !writersFragment) return true;
  }
  // After "a", "the", "as": a term, unless a verb of saying governs it or it is a lower-case
  // fragment of two words or more in the writer's sentence (condemned it as "completely unacceptable").
  const fragment = quote.inSentence && quote.opensLowercase && !quote.titleCased && quote.words >= 2;
  if (wordBefore && TERM_MARKERS.has(wordBefore)) return !verbs?.governs(quote) && !fragment;
  return false;
}
