import { ArticleAttribution, ATTRIBUTION_THRESHOLD, isTermLike, SAYING_VERBS, SayingVerbIndex, type Attribution } from './attribution';
import type { ExtractedQuotation } from './index';
import type { Person } from './people';
import { findQuoteSpans, type QuoteSpan } from './quotes';
import { isRoleWord } from './roles';
import { isCapitalized, isSentenceEnd, paragraphIndexAt, paragraphsOf, TermTags, wordsIn, type Range, type Word } from './text';

/**
 * Reported speech: what the article says someone said, in its own words, filed as PARAPHRASE
 * statements beside the quotations. Three shapes, read sentence by sentence in the narrative
 * (quotations are opaque: their marks, not their full stops, bound a sentence):
 *
 * - forward: "X said (that) CONTENT", "X told reporters (that) CONTENT", "..., adding that
 *   CONTENT", "X urged Y to CONTENT"; the content runs to the sentence's end or to the next
 *   verb of saying coordinated with this one ("... and said", ", adding");
 * - trailing: "CONTENT, X said (on Friday)." / "CONTENT, said X." / "The talks, he said, had
 *   failed" (the longer side);
 * - "according to X, CONTENT" and "CONTENT, according to X".
 *
 * Who spoke is read by attribution.ts's own subject resolution (names, roles, pronouns,
 * institutions, unnamed sources). A span is filed only when its shape is one of those above and
 * its content reads as a clause; a speaker only from ATTRIBUTION_THRESHOLD up. Everything is a
 * scan over the sentence's words, so the cost is linear in the text's length.
 */

/** Verbs of saying in the present or past that report what someone said without their words. */
const PARTICIPLES = new Set([...SAYING_VERBS].filter((verb) => verb.endsWith('ing')));

/** Verbs of saying after which the one spoken to comes first: "told reporters (that) ...". */
const AUDIENCE_VERBS = new Set([
  'told',
  'tells',
  'telling',
  'informed',
  'assured',
  'reassured',
  'warned',
  'warns',
  'warning',
  'reminded',
  'briefed',
]);

/** Verbs whose content starts with its object: "urged X to ...", "accused X of ...", "asked X to ...". */
const OBJECT_VERBS = new Set(['urged', 'urges', 'urging', 'accused', 'accuses', 'accusing', 'asked', 'asks', 'asking']);

/** Verbs that report a content only with "that": "responded angrily to ..." is no report of what was said. */
const THAT_ONLY = new Set([
  'responded',
  'responds',
  'replied',
  'replies',
  'commented',
  'continued',
  'continues',
  'recalled',
  'recalls',
  'mused',
  'quipped',
  'joked',
  'lamented',
  'countered',
  'shouted',
  'whispered',
  'cried',
  'interjected',
  'retorted',
  'elaborated',
  'answered',
  'exclaimed',
  'posted',
  'texted',
  'emailed',
  'tweeting',
  'testified',
  'described',
  'describes',
  'describing',
  'highlighted',
  'mentioned',
  'mentions',
  'underlined',
  'underscored',
  'reaffirmed',
  'recounted',
  'disclosed',
  'clarified',
  'informed',
]);

/** What the content of an object verb must hold, by the verb's stem. */
const OBJECT_LINKS: Record<string, RegExp> = {
  urg: /^to$/,
  accus: /^of$/,
  ask: /^(?:to|whether|if|why|how|what|when|who|where)$/,
};

/** Verbs whose content may be a to-infinitive or a noun phrase: "pledged to resist ...", "denied ...". */
const PROPOSITION_VERBS = new Set([
  'pledged',
  'pledges',
  'pledging',
  'vowed',
  'vows',
  'vowing',
  'promised',
  'promises',
  'promising',
  'denied',
  'denies',
  'deny',
  'denying',
]);

/** Commitments report what was promised only as "to ..." or "that ...": "promised the PMO that" is no content of its own. */
const PLEDGE_VERBS = new Set(['pledged', 'pledges', 'pledging', 'vowed', 'vows', 'vowing', 'promised', 'promises', 'promising']);

/** Two-word verbs of saying: "called for", "calling on", "pointed to". */
const PHRASAL_VERBS = new Map([
  ['called', ['for', 'on']],
  ['calls', ['for', 'on']],
  ['calling', ['for', 'on']],
  ['call', ['for', 'on']],
  ['pointed', ['to', 'out']],
  ['points', ['to', 'out']],
]);

/** Verbs that never report speech by themselves in the trailing position: ", he described." */
const NOT_TRAILING = new Set([
  'described',
  'describes',
  'describing',
  'accused',
  'accuses',
  'urged',
  'urges',
  'asked',
  'asks',
  'denied',
  'denies',
  'pledged',
  'vowed',
  'promised',
]);

/** Inverted verbs take their subject after them: "..., said X." Never "told": what follows it is the audience. */
const INVERTIBLE = new Set([...SAYING_VERBS].filter((verb) => !verb.endsWith('ing') && !['told', 'tells', 'say'].includes(verb)));

const AUDIENCE_WORDS = new Set([
  'reporters',
  'journalists',
  'the',
  'a',
  'an',
  'media',
  'mps',
  'lawmakers',
  'legislators',
  'parliament',
  'congress',
  'senators',
  'him',
  'her',
  'them',
  'us',
  'me',
  'it',
  'police',
  'officers',
  'investigators',
  'jurors',
  'judges',
  'residents',
  'supporters',
  'delegates',
  'colleagues',
  'staff',
  'employees',
  'members',
  'councillors',
  'the',
  'his',
  'their',
  'its',
  'our',
  'local',
]);

const SUBJECT_PRONOUNS = new Set(['he', 'she', 'they', 'it', 'we', 'i', 'you', 'there', 'this', 'these', 'those']);

/** Words that open a circumstance after the verb: "said on Friday", "said in a statement", "told reporters in Geneva". */
const CIRCUMSTANCE_PREPOSITIONS = new Set([
  'on',
  'in',
  'at',
  'during',
  'via',
  'through',
  'over',
  'from',
  'after',
  'before',
  'earlier',
  'late',
  'early',
  'by',
  'to',
  'outside',
  'inside',
  'when',
]);

const TIME_WORDS = new Set([
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
  'yesterday',
  'today',
  'tonight',
  'earlier',
  'later',
  'recently',
  'previously',
  'also',
  'again',
  'repeatedly',
  'publicly',
  'privately',
  'separately',
  'once',
  'last',
  'this',
  'next',
  'week',
  'month',
  'year',
  'night',
  'morning',
  'afternoon',
  'evening',
  'weekend',
  'now',
  'then',
  'still',
  'further',
  'firmly',
  'flatly',
  'openly',
  'categorically',
  'explicitly',
  'clearly',
  'simply',
  'previously',
  'already',
]);

/** What may follow a trailing attribution: ", the minister said Friday as the agency prepared ...". */
const TRAILING_CONTINUATIONS = new Set([
  'as',
  'while',
  'when',
  'after',
  'before',
  'amid',
  'following',
  'ahead',
  'during',
  'since',
  'despite',
  'in',
  'on',
  'at',
  'to',
  'via',
  'from',
  'through',
]);

/** Words that open a clause inside the sentence: a verb after them has its subject after them. */
const CLAUSE_OPENERS = new Set([
  'which',
  'who',
  'whom',
  'that',
  'where',
  'when',
  'while',
  'whereas',
  'because',
  'although',
  'though',
  'if',
  'whether',
  'since',
  'after',
  'before',
  'until',
  'unless',
]);

/** Words that are a title before a name or a part of it ("Sultan Ali Khawaja", "Raja Pervaiz Ashraf"), just before a name. */
const TITLE_OR_NAME =
  /(?:^|[^\p{L}])(?:Sultan|Malik|Mian|Syed|Sayyid|Sheikh|Shaikh|Raja|Rana|Chaudhry|Chaudhary|Choudhry|Mir|Pir|Khawaja|Khwaja|Nawab|Begum|Sardar|Sahibzada|Makhdoom)\s$/u;

/** Conjunctions that open a subordinate clause inside a content: its verb is not the main clause's. */
const SUBORDINATORS = new Set([
  'as',
  'because',
  'while',
  'whereas',
  'although',
  'though',
  'since',
  'unless',
  'until',
  'after',
  'before',
  'when',
]);

/** Words that open a relative clause: a name after them is not the clause's subject. */
const RELATIVE_OPENERS = new Set(['which', 'who', 'whom', 'whose', 'that']);

/** Prepositions that may follow a name heading a subject: "Dickinson of The Times", "Tedros in a post". */
const NAME_POSTMODIFIERS = new Set(['of', 'at', 'from', 'in', 'on', 'for', 'with', 'via', 'during', 'after', 'before', 'to']);

/** Nouns that call what follows them a claim: "claims that X asked", "reports that X said". */
const REPORT_NOUNS = new Set([
  'claims',
  'claim',
  'reports',
  'report',
  'allegations',
  'allegation',
  'suggestions',
  'rumours',
  'rumors',
  'accusations',
  'accusation',
]);

/** Honorifics and styles before a name: "Mr Johnson", "Cllr Danny Collins", "Sheikh Hasina". */
const HONORIFIC =
  /^(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sir|Dame|Lord|Lady|Sen|Rep|Gov|Gen|Cllr|Clr|Coun|Det|Supt|Insp|Sgt|Cpl|Pte|Lt|Col|Capt|Maj|Cmdr|Adm|Rev|Fr|Hon|Atty|Pres|Sec|Mme|Mlle|Sheikh|Sayyid|Imam|Rabbi|Father|Sister|Brother|King|Queen|Prince|Princess|Pope|Saint|St|Justice|Judge)\.?$/;

export const AMBIGUOUS_FORM = 'ambiguous-form' as const;

/** Connectives that coordinate a second verb of saying with the first: "... and said", "... but added". */
const COORDINATORS = new Set(['and', 'but', 'or']);

/** Negations and modals before a verb: "did not say whether", "declined to comment", "is expected to announce". */
const BLOCKERS = new Set([
  'not',
  "n't",
  'never',
  'to',
  'declined',
  'refused',
  'expected',
  'will',
  'would',
  'could',
  'might',
  'may',
  'should',
  'must',
  'can',
  'cannot',
  'shall',
]);
const DATELINE = /^\p{Lu}[\p{Lu}\p{M} .'-]+(?:,\s+[\p{L}. ]+)?\s+(?:--|—|–|-)\s+/u;

/** Auxiliaries that may stand between a subject and its verb of saying: "a conservation charity has warned". */
const SUBJECT_AUXILIARIES = new Set(['has', 'have', 'had', 'was', 'were', 'is', 'are', 'will', 'would', 'also', 'later']);

const ARTICLES = new Set(['the', 'a', 'an', 'these', 'those', 'this', 'their', 'its', 'our']);
const DETERMINERS = new Set([
  'the',
  'a',
  'an',
  'these',
  'those',
  'his',
  'her',
  'their',
  'its',
  'our',
  'such',
  'any',
  'no',
  'of',
  'new',
  'earlier',
  'similar',
]);
const PASSIVE_AUXILIARIES = new Set(['is', 'was', 'were', 'are', 'be', 'been', 'being']);

interface Sentence extends Range {
  /** Narrative words (outside every quotation), in order. */
  words: Word[];
}

const MAX_SENTENCE_LENGTH = 2_000;

interface Subject {
  text: string;
  start: number;
  /** Read across a clause that may have a subject of its own: the span stands, the speaker is not named. */
  doubtful?: boolean;
}

interface Candidate {
  content: Range;
  verb: Word;
  /** The verb as the annotation writes it: "said", "according to", "called for". */
  verbText: string;
  subject: Subject | null;
  where: 'before' | 'after';
}

/** The stage's view of one article: its sentences, its quotations, and attribution.ts's resolver. */
class ReportedSpeechReader {
  private readonly tags: TermTags;
  private readonly quotes: QuoteSpan[];
  private readonly attribution: ArticleAttribution;

  constructor(private readonly body: string) {
    this.tags = new TermTags(body);
    const verbs = new SayingVerbIndex(body);
    // The quotations extractQuotations reads, so that the people known to attribution are the same.
    this.quotes = findQuoteSpans(body).filter((quote) => !isTermLike(body, quote, this.tags, verbs));
    this.attribution = new ArticleAttribution(body, this.quotes, this.tags);
    this.attribution.attributeAll();
    this.paragraphs = paragraphsOf(body);
    this.strayOpenings = this.findStrayOpenings();
  }

  private readonly paragraphs: Range[];
  /** People whose fullest name the article may write otherwise than the registry holds it. */
  private readonly unsureNames = new Map<Person, boolean>();
  /** Opening marks that open no quotation the finder closed: what follows them in the paragraph may be someone's words. */
  private readonly strayOpenings: number[];

  private findStrayOpenings(): number[] {
    const positions: number[] = [];
    for (const match of this.body.matchAll(/[“«„]|(?<=^|\n)\s*"/g)) {
      const position = match.index! + match[0].length - 1;
      if (!this.quoteAt(position)) positions.push(position);
    }
    return positions;
  }

  /** A verb after a stray opening mark in its paragraph may be inside a quotation left open ("… when he told me that …). */
  private afterStrayOpening(position: number): boolean {
    let low = 0;
    let high = this.strayOpenings.length - 1;
    let last = -1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (this.strayOpenings[middle] < position) {
        last = middle;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    if (last < 0) return false;
    const paragraph = this.paragraphs[paragraphIndexAt(this.paragraphs, position)];
    return paragraph !== undefined && this.strayOpenings[last] >= paragraph.start;
  }

  read(): ExtractedQuotation[] {
    const found: ExtractedQuotation[] = [];
    for (const sentence of this.sentences()) {
      // A "sentence" this long is a list, a table or text without punctuation: no span in it is certain.
      if (sentence.end - sentence.start > MAX_SENTENCE_LENGTH) continue;
      // "While the camp spokesman said …, he insisted …": a pronoun after a speaker nobody could
      // name may be that speaker.
      let unnamedBefore = false;
      const candidates = this.candidatesIn(sentence);
      const read: { candidate: Candidate; statement: ExtractedQuotation }[] = [];
      for (const candidate of candidates) {
        const statement = this.statementOf(candidate, unnamedBefore, this.claimedReport(candidate, sentence), sentence.start);
        if (!statement) continue;
        read.push({ candidate, statement });
        if (!statement.speaker && statement.attributionCue !== 'not-a-person') unnamedBefore = true;
      }
      // "Judd said Anderson … opened fire, the sheriff said.": the outer report wraps the speaker's
      // own inner one; the inner is the report, the outer a second, longer span of it.
      for (const { candidate, statement } of read) {
        const wraps =
          candidate.where === 'after' &&
          read.some(
            (inner) =>
              inner.candidate !== candidate &&
              inner.candidate.where === 'before' &&
              inner.candidate.verb.start > candidate.content.start &&
              inner.candidate.verb.start < candidate.content.end &&
              inner.statement.speaker !== null &&
              inner.statement.speaker.name === statement.speaker?.name,
          );
        if (!wraps) found.push(statement);
      }
    }
    return found;
  }

  private quoteAt(position: number): QuoteSpan | undefined {
    let low = 0;
    let high = this.quotes.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const quote = this.quotes[middle];
      if (position < quote.openStart) high = middle - 1;
      else if (position >= quote.closeEnd) low = middle + 1;
      else return quote;
    }
    return undefined;
  }

  /**
   * Sentences of the narrative: a quotation is skipped whole, and ends the sentence only when its
   * text does ("… it had failed." The minister …). A line break always ends one.
   */
  private sentences(): Sentence[] {
    const sentences: Sentence[] = [];
    const { body } = this;
    let start = 0;
    let quoteIndex = 0;
    const push = (end: number) => {
      const words = wordsIn(body, start, end).filter((word) => !this.quoteAt(word.start));
      if (body.slice(start, end).trim() !== '') sentences.push({ start, end, words });
    };
    for (let index = 0; index < body.length; index++) {
      while (quoteIndex < this.quotes.length && this.quotes[quoteIndex].closeEnd <= index) quoteIndex++;
      const quote = this.quotes[quoteIndex];
      if (quote && quote.openStart === index) {
        index = quote.closeEnd - 1;
        const last = body[quote.end - 1];
        const next = body[quote.closeEnd];
        if (
          (last === '.' || last === '!' || last === '?') &&
          (next === undefined ||
            next === '\n' ||
            (/\s/.test(next) && /^\s+[\p{Lu}"“‘'«]/u.test(body.slice(quote.closeEnd, quote.closeEnd + 3))))
        ) {
          push(quote.closeEnd);
          start = quote.closeEnd;
        }
        continue;
      }
      if (body[index] === '\n' || isSentenceEnd(body, index)) {
        push(index + 1);
        start = index + 1;
      }
    }
    push(body.length);
    return sentences;
  }

  /** Every reported-speech shape found in one sentence, outermost first. */
  private candidatesIn(sentence: Sentence): Candidate[] {
    const candidates: Candidate[] = [];
    const { words } = sentence;
    words.forEach((word, index) => {
      const lower = word.text.toLowerCase();
      if (lower === 'according' && words[index + 1]?.text.toLowerCase() === 'to') {
        const candidate = this.accordingTo(sentence, index);
        if (candidate) candidates.push(candidate);
        return;
      }
      const phrasal = PHRASAL_VERBS.get(word.text);
      const particle = phrasal && words[index + 1] && phrasal.includes(words[index + 1].text) ? words[index + 1] : null;
      if (!SAYING_VERBS.has(word.text) && !particle) return;
      if (this.afterStrayOpening(word.start)) return;
      // "the alleged use", "reported cases", "the claims that": an adjective or a noun reports nothing
      // (", adding that ..." is a participle whatever compromise calls it).
      const participleAfterComma =
        PARTICIPLES.has(word.text) && index > 0 && /,\s*$/.test(this.body.slice(words[index - 1].end, word.start));
      if (!this.tags.has(word.start, 'Verb') && !participleAfterComma) return;
      if (index > 0 && DETERMINERS.has(words[index - 1].text.toLowerCase())) return;
      if (this.blocked(words, index)) return;
      const trailing = particle ? null : this.trailing(sentence, index);
      if (trailing) {
        candidates.push(trailing);
        return;
      }
      const forward = this.forward(sentence, index, particle);
      if (forward) candidates.push(forward);
    });
    return candidates;
  }

  /** "did not say", "declined to comment", "was said to": no report, or nobody reporting it. */
  private blocked(words: Word[], index: number): boolean {
    // Lower-case words only: "in May, Berthier said" has no modal.
    const before = words.slice(Math.max(0, index - 2), index).map((word) => word.text);
    if (before.some((word) => BLOCKERS.has(word) || word.endsWith("n't"))) {
      // "went on to say": the speaker goes on, and says it.
      return !(before.join(' ') === 'on to' && words[index - 3]?.text.toLowerCase() === 'went');
    }
    return before.length > 0 && PASSIVE_AUXILIARIES.has(before[before.length - 1]) && !this.tags.has(words[index].start, 'Gerund');
  }

  /** "According to X, CONTENT." and "CONTENT, according to X." */
  private accordingTo(sentence: Sentence, index: number): Candidate | null {
    const { body } = this;
    const verb = sentence.words[index];
    const sourceStart = sentence.words[index + 1].end;
    const opening =
      body.slice(sentence.start, verb.start).trim() === '' ||
      /^\s*(?:but|and|however|yet)\s*,?\s*$/i.test(body.slice(sentence.start, verb.start));
    if (opening) {
      const comma = this.topLevelComma(sourceStart, sentence.end);
      if (comma < 0) return null;
      const content = this.trimmed({ start: comma + 1, end: sentence.end });
      if (!content || !this.hasFiniteVerb(content.start, content.end)) return null;
      return { content, verb, verbText: 'according to', subject: this.phrase(sourceStart, comma), where: 'before' };
    }
    const before = body.slice(sentence.start, verb.start);
    if (!/,["”’'»]?\s*$/.test(before)) return null;
    const rest = body.slice(sourceStart, sentence.end);
    if (rest.includes(',') && !/^[^,]*,[^,]*[.!?]?["”’']?\s*$/.test(rest)) return null;
    const content = this.trimmed({ start: sentence.start, end: sentence.start + before.replace(/\s*$/, '').replace(/,$/, '').length });
    if (!content || !this.hasFiniteVerb(content.start, content.end)) return null;
    const sourceEnd = this.withoutFinalStop(sourceStart, sentence.end);
    return { content, verb, verbText: 'according to', subject: this.phrase(sourceStart, sourceEnd), where: 'after' };
  }

  /**
   * "CONTENT, X said (on Friday)." / "CONTENT, said X." / "CONTENT, X, the envoy, told reporters."
   * / "The talks, he said, had failed": the verb closes a chunk that holds nothing but its
   * subject, and what follows it is no clause of its own.
   */
  private trailing(sentence: Sentence, index: number): Candidate | null {
    const { body } = this;
    const verb = sentence.words[index];
    if (NOT_TRAILING.has(verb.text) || PARTICIPLES.has(verb.text)) return null;
    const commaBefore = this.lastTopLevelComma(sentence.start, verb.start);
    if (commaBefore < 0) return null;
    const prefix = body.slice(commaBefore + 1, verb.start);
    const after = this.afterVerb(verb.end, sentence.end);
    if (after.clause) return null;

    let subject: { text: string; start: number } | null = null;
    let contentEnd = commaBefore;
    if (prefix.trim() === '') {
      if (INVERTIBLE.has(verb.text)) {
        subject = this.phraseAfterVerb(verb.end, after.end);
      } else {
        // "CONTENT, Dr. Peter Salama, the agency's emergencies chief, told reporters."
        const previousComma = this.lastTopLevelComma(sentence.start, commaBefore);
        if (previousComma < 0) return null;
        const appositive = body.slice(previousComma + 1, commaBefore);
        if (this.hasFiniteVerb(previousComma + 1, commaBefore) || wordsIn(body, previousComma + 1, commaBefore).length > 8) return null;
        const nameComma = this.lastTopLevelComma(sentence.start, previousComma);
        const nameStart = nameComma < 0 ? sentence.start : nameComma + 1;
        if (nameComma < 0 || this.hasFiniteVerb(nameStart, previousComma) || wordsIn(body, nameStart, previousComma).length > 6) {
          subject = this.resolvableSubject(previousComma + 1, verb.start);
          contentEnd = previousComma;
        } else {
          subject = this.resolvableSubject(nameStart, verb.start);
          contentEnd = nameComma;
        }
        if (appositive.trim() === '') return null;
      }
    } else {
      if (wordsIn(body, commaBefore + 1, verb.start).length > 10 || this.hasFiniteVerb(commaBefore + 1, verb.start, false)) return null;
      // "Klopp shocked the players, staff and fans when he announced …": the verb is in a clause of its own.
      if (wordsIn(body, commaBefore + 1, verb.start).some((word) => CLAUSE_OPENERS.has(word.text.toLowerCase()))) return null;
      subject = this.resolvableSubject(commaBefore + 1, verb.start);
    }
    if (!subject) return null;
    // "'The language … It was in briefings provided to the premier,' he said.": a closing mark the
    // quotation finder paired with nothing, and no opening mark in the content: a quotation opened
    // in an earlier sentence ends here, someone's own words, not a report of them.
    if (/^,\s*["”’'»]/.test(body.slice(contentEnd, contentEnd + 4)) && !this.quoteAt(body.indexOf(',', contentEnd) + 1)) {
      const content = body.slice(sentence.start, contentEnd);
      if (!/(?:^|[\s(])["“‘'«]|["“‘«](?=\s)/.test(content)) return null;
    }

    const left = this.trimmed({ start: sentence.start, end: contentEnd });
    // "The talks, he said, had failed": the content goes on after the attribution.
    const restStart = after.end < sentence.end && body[after.end] === ',' ? after.end + 1 : -1;
    let right = restStart >= 0 ? this.trimmed({ start: restStart, end: sentence.end }) : null;
    // "…, says X, a professor …, said it's unfortunate": what follows has a verb of saying of its own.
    if (right && sentence.words.some((word) => word.start >= right!.start && SAYING_VERBS.has(word.text))) right = null;
    // "CONTENT, the prosecutor said Friday, adding that …": the participle is a report of its own, read apart.
    const participleAfter = restStart >= 0 && PARTICIPLES.has(wordsIn(body, restStart, sentence.end)[0]?.text ?? '');
    if (/[\p{L}\p{N}]/u.test(body.slice(after.end, sentence.end)) && !right && !after.trailing && !participleAfter) return null;
    const content = right && (!left || right.end - right.start > left.end - left.start) ? right : left;
    // What is reported is a clause: "In Victoria, Trudeau responded to the letter, defending ..." reports nothing.
    if (!content || !this.hasFiniteVerb(content.start, content.end)) return null;
    return { content, verb, verbText: verb.text, subject, where: 'after' };
  }

  /** "X said (that) CONTENT", "X told reporters CONTENT", ", adding that CONTENT", "X urged Y to CONTENT". */
  private forward(sentence: Sentence, index: number, particle: Word | null): Candidate | null {
    const { body } = this;
    const verb = sentence.words[index];
    const verbEnd = particle ? particle.end : verb.end;
    const verbText = particle ? `${verb.text.toLowerCase()} ${particle.text}` : verb.text;
    let start = verbEnd;
    const following = body.slice(start, sentence.end);
    if (/^\s*[:;,—–-]/.test(following) || /^\s*$/.test(following)) return null;

    // "..., says misinformation expert Heidi Tworek, a professor ...": the verb's subject follows it.
    if (INVERTIBLE.has(verb.text) && /,\s*$/.test(body.slice(sentence.start, verb.start))) {
      const comma = this.topLevelComma(verbEnd, sentence.end);
      const after = {
        text: body.slice(verbEnd, comma < 0 ? sentence.end : comma).trim(),
        start: verbEnd + (body.slice(verbEnd).length - body.slice(verbEnd).trimStart().length),
      };
      if (after.text !== '' && this.attribution['hasName'](after)) return null;
    }
    // "claimed responsibility for the attacks": an act, not a report.
    if (/^\s+(?:responsibility|credit)\b/.test(following)) return null;
    let introduced = false;
    if (!particle && !OBJECT_VERBS.has(verb.text) && !PROPOSITION_VERBS.has(verb.text)) {
      const opened = this.contentStart(start, sentence.end, AUDIENCE_VERBS.has(verb.text));
      if (!opened) return null;
      ({ start, introduced } = opened);
      if (!introduced && THAT_ONLY.has(verb.text)) return null;
    } else if (/^\s+that\s/.test(following)) {
      start += /^\s+that/.exec(following)![0].length;
      introduced = true;
    } else if (PLEDGE_VERBS.has(verb.text) && !/^\s+to\s/.test(following)) {
      return null;
    }
    // "asked X to / whether ...", "urged X to ...", "accused X of ...": otherwise a question about something, not a report.
    const needed = OBJECT_VERBS.has(verb.text) ? OBJECT_LINKS[verb.text.replace(/(?:ed|es|s|ing)$/, '')] : undefined;
    if (needed) {
      const link = wordsIn(body, start, sentence.end)
        .slice(0, 12)
        .find((word) => needed.test(word.text));
      if (!link) return null;
      // "asked Netanyahu during a call if he ...": the question is the content, the one asked is not.
      if (/^(?:whether|if|why|how|what|when|who|where)$/.test(link.text)) start = link.start;
    }
    const end = this.contentEnd(sentence, index + (particle ? 2 : 1), start);
    const content = this.trimmed({ start, end });
    if (!content) return null;
    // "said (on) Friday, adding that …": the participle's report is its own candidate, not this verb's content.
    if (wordsIn(body, verbEnd, content.start + 1).some((word) => PARTICIPLES.has(word.text))) return null;
    // "the minister who called on the chief minister": a visit; "called on X" reports only "to …".
    if (particle?.text === 'on' && !wordsIn(body, content.start, content.end).some((word) => word.text === 'to')) return null;
    // "gushed about Sunday's draw": what the talk was about, not what was said.
    if (!particle && /^about\b/i.test(body.slice(content.start, content.end))) return null;
    if (
      !introduced &&
      !particle &&
      !OBJECT_VERBS.has(verb.text) &&
      !PROPOSITION_VERBS.has(verb.text) &&
      !this.hasFiniteVerb(content.start, this.mainClauseEnd(content))
    )
      return null;
    if (this.wholly(content)) return null;

    const subject = this.subjectOfForward(sentence, index, verb);
    if (!subject) return null;
    return { content, verb, verbText, subject, where: 'before' };
  }

  /**
   * Where the content of "said ..." starts: after "that", after the audience of "told", after a
   * circumstance ("on Friday", "in a statement"); null when that cannot be told.
   */
  private contentStart(from: number, ceiling: number, audience: boolean): { start: number; introduced: boolean } | null {
    const words = wordsIn(this.body, from, ceiling).slice(0, 14);
    if (words.length === 0) return null;
    const that = words.findIndex((word) => word.text === 'that');
    // A "that" within the first words, after nothing but an audience or a circumstance.
    const thatIsSubject =
      that >= 0 &&
      words[that + 1] &&
      (this.tags.has(words[that + 1].start, 'Copula') ||
        this.tags.has(words[that + 1].start, 'Modal') ||
        /^(?:is|was|has|had|would|will)$/.test(words[that + 1].text));
    if (that >= 0 && that <= 10 && !thatIsSubject && !this.quoteBetween(from, words[that].start)) {
      const between = words.slice(0, that);
      if (
        between.every(
          (word) =>
            !this.tags.has(word.start, 'Verb') ||
            (this.tags.has(word.start, 'Gerund') === false && TIME_WORDS.has(word.text.toLowerCase())),
        ) ||
        that === 0
      ) {
        if (!between.some((word) => this.tags.has(word.start, 'Verb') && !TIME_WORDS.has(word.text.toLowerCase())))
          return { start: words[that].end, introduced: true };
      }
    }
    let index = 0;
    if (audience) {
      // "told reporters", "told a meeting of senior officers", "told CNN", "told her".
      const first = words[0].text.toLowerCase();
      if (!AUDIENCE_WORDS.has(first) && !isCapitalized(words[0].text)) return null;
      index = 1;
      while (index < words.length && index < 7) {
        const word = words[index];
        const lower = word.text.toLowerCase();
        if (SUBJECT_PRONOUNS.has(lower) || this.startsClause(word)) break;
        // "told reporters the talks had failed", "told the BBC the plan ...": a determiner after the audience opens the clause.
        if (ARTICLES.has(lower) && !/^(?:of|for|at|to|in|on|from|with)$/i.test(words[index - 1].text)) break;
        if (
          isCapitalized(word.text) &&
          index > 0 &&
          !isCapitalized(words[index - 1].text) &&
          !/^(?:of|the|and|or|for|at)$/i.test(words[index - 1].text)
        )
          break;
        index++;
      }
      if (index >= words.length || index >= 7) return null;
      // "told reporters the talks had failed": a clause follows the audience, not "about ..." or "of ...".
      const opening = words[index];
      const lowerOpening = opening.text.toLowerCase();
      if (!SUBJECT_PRONOUNS.has(lowerOpening) && !DETERMINERS.has(lowerOpening) && !isCapitalized(opening.text) && lowerOpening !== 'that')
        return null;
      if (
        !words
          .slice(index, index + 8)
          .some(
            (word) =>
              this.startsClause(word) ||
              this.tags.has(word.start, 'PastTense') ||
              this.tags.has(word.start, 'Modal') ||
              this.tags.has(word.start, 'Copula'),
          )
      )
        return null;
      if (lowerOpening === 'that') return { start: opening.end, introduced: true };
    }
    index = this.skipCircumstances(words, index);
    if (index >= words.length) return null;
    // "said, on Friday, that ...": the comma-set circumstance was skipped; a comma left means something else.
    return { start: words[index].start, introduced: false };
  }

  private skipCircumstances(words: Word[], index: number): number {
    for (;;) {
      const word = words[index];
      if (!word) return index;
      const lower = word.text.toLowerCase();
      if (TIME_WORDS.has(lower) || (this.tags.has(word.start, 'Date') && !this.tags.has(word.start, 'Noun'))) {
        index++;
        continue;
      }
      if (CIRCUMSTANCE_PREPOSITIONS.has(lower) && words[index + 1]) {
        // "on Friday", "in a statement", "at a news conference", "on social media": up to a "that".
        const that = words.slice(index + 1, index + 9).findIndex((later) => later.text === 'that');
        if (that >= 0) return index + 1 + that + 1;
        const next = words[index + 1].text.toLowerCase();
        if (TIME_WORDS.has(next) || this.tags.has(words[index + 1].start, 'Date')) {
          // "said on Friday the talks ...", but not "declared at Monday's press briefing".
          const after = words[index + 2];
          if (
            after &&
            !isCapitalized(after.text) &&
            !SUBJECT_PRONOUNS.has(after.text.toLowerCase()) &&
            !DETERMINERS.has(after.text.toLowerCase()) &&
            after.text !== 'that' &&
            !TIME_WORDS.has(after.text.toLowerCase())
          ) {
            return Number.MAX_SAFE_INTEGER;
          }
          index += 2;
          continue;
        }
        return Number.MAX_SAFE_INTEGER;
      }
      return index;
    }
  }

  private precededByAuxiliary(words: Word[], index: number): boolean {
    const before = words[index - 1]?.text.toLowerCase();
    return before === 'had' || before === 'has' || before === 'have' || before === 'was' || before === 'were' || before === 'been';
  }

  private startsClause(word: Word): boolean {
    const tags = this.tags.at(word.start);
    return tags.has('Verb') && !tags.has('Gerund') && !tags.has('PastTense');
  }

  /**
   * The content of a forward report ends at the sentence's end, or before a verb of saying that
   * shares this one's subject: "… and said", "…, adding", "…, but added".
   */
  private contentEnd(sentence: Sentence, fromWord: number, start: number): number {
    const { body, words } = { body: this.body, words: sentence.words };
    const colon = this.topLevelMark(start, sentence.end, ':');
    for (let index = fromWord; index < words.length; index++) {
      const word = words[index];
      if (word.start < start) continue;
      if (colon >= 0 && word.start > colon) return colon;
      // "... of being biased and seemingly threatened to cut its funding": the speaker's next act, not the content.
      if (COORDINATORS.has(word.text.toLowerCase()) && index > fromWord + 2) {
        let next = index + 1;
        if (words[next] && /ly$/.test(words[next].text)) next++;
        if (
          words[next] &&
          this.tags.has(words[next].start, 'PastTense') &&
          !this.tags.has(words[next].start, 'Participle') &&
          !this.precededByAuxiliary(words, next)
        )
          return word.start;
      }
      const lower = word.text.toLowerCase();
      const coordinated =
        SAYING_VERBS.has(word.text) || (lower === 'according' && words[index + 1]?.text === 'to') || PHRASAL_VERBS.has(word.text);
      if (!coordinated) continue;
      const previous = words[index - 1];
      const gap = previous ? body.slice(previous.end, word.start) : '';
      if ((PARTICIPLES.has(word.text) || lower === 'according') && /,\s*$/.test(this.body.slice(start, word.start))) {
        const comma = this.lastTopLevelComma(start, word.start);
        if (comma >= 0 && this.body.slice(comma + 1, word.start).trim() === '') return comma;
      }
      if (previous && COORDINATORS.has(previous.text.toLowerCase()) && previous.start >= start) return previous.start;
      if (
        previous &&
        TIME_WORDS.has(previous.text.toLowerCase()) &&
        words[index - 2] &&
        COORDINATORS.has(words[index - 2].text.toLowerCase()) &&
        words[index - 2].start >= start
      )
        return words[index - 2].start;
      // '... and Pakistan," said Hanegbi': an inverted attribution closes the content.
      if (INVERTIBLE.has(word.text) && previous && /,\s*["”’'»]?\s*$/.test(body.slice(Math.max(start, word.start - 4), word.start))) {
        const comma = this.lastTopLevelComma(start, word.start);
        const quote = this.quoteAt(word.start - 2) ?? this.quoteAt(word.start - 3);
        if (quote && quote.closeEnd > start) return quote.closeEnd;
        if (comma >= 0) return comma;
      }
      // "... against Ukraine, Hossein Amir-Abdollahian said": the sentence's own attribution closes the content.
      const comma = this.lastTopLevelComma(start, word.start);
      if (comma >= 0 && wordsIn(body, comma + 1, word.start).length <= 8 && !this.hasFiniteVerb(comma + 1, word.start)) return comma;
    }
    return colon >= 0 ? colon : sentence.end;
  }

  /**
   * What stands after a trailing verb: circumstances only ("on Friday", "told reporters in
   * Geneva", "said Friday as the agency prepared ..."), or a clause of its own (then it is no
   * trailing attribution).
   */
  private afterVerb(from: number, ceiling: number): { clause: boolean; end: number; trailing: boolean } {
    const { body } = this;
    const comma = this.topLevelComma(from, ceiling);
    const end = comma < 0 ? this.withoutFinalStop(from, ceiling) : comma;
    const words = wordsIn(body, from, end);
    if (words.length === 0) return { clause: false, end, trailing: false };
    if (words[0].text === 'that' || body.slice(from, end).includes(':')) return { clause: true, end, trailing: false };
    const continuation = words.findIndex((word) => TRAILING_CONTINUATIONS.has(word.text.toLowerCase()));
    const head = continuation >= 0 ? words.slice(0, continuation) : words;
    if (head.length > 8) return { clause: true, end, trailing: false };
    if (
      head.some(
        (word) => this.tags.has(word.start, 'Verb') && !this.tags.has(word.start, 'Gerund') && !TIME_WORDS.has(word.text.toLowerCase()),
      )
    ) {
      return { clause: true, end, trailing: false };
    }
    if (
      continuation === 0 &&
      !TIME_WORDS.has(words[0].text.toLowerCase()) &&
      !/^(?:in|on|at|to|via|from|through|during)$/i.test(words[0].text)
    ) {
      return { clause: true, end, trailing: false };
    }
    return { clause: false, end, trailing: continuation >= 0 };
  }

  /** The subject of a forward verb: its own clause's, or for a participle the main verb's. */
  private subjectOfForward(sentence: Sentence, index: number, verb: Word): Subject | null {
    const { body } = this;
    if (PARTICIPLES.has(verb.text)) {
      const main = sentence.words.slice(0, index).findLast((word) => this.isSayingVerb(word) && !PARTICIPLES.has(word.text));
      if (!main) return null;
      return this.subjectOfForward(sentence, sentence.words.indexOf(main), main) ?? this.trailingSubjectOf(sentence, main);
    }
    // "She estimated ... and said": a coordinated verb shares the first one's subject.
    let before = index - 1;
    while (before >= 0 && (/ly$/.test(sentence.words[before].text) || TIME_WORDS.has(sentence.words[before].text.toLowerCase()))) before--;
    if (before >= 0 && COORDINATORS.has(sentence.words[before].text.toLowerCase())) {
      const main = sentence.words.slice(0, before).findLast((word) => this.isSayingVerb(word) && !PARTICIPLES.has(word.text));
      // "Berthier opened the line and warned that ...": the clause's own subject, read below.
      if (main) {
        const shared = this.subjectOfForward(sentence, sentence.words.indexOf(main), main) ?? this.trailingSubjectOf(sentence, main);
        // "X said angry locals have approached him and accused him": the verb may coordinate with
        // the reported clause's own verb, whose subject is someone else.
        return shared && this.hasFiniteVerb(main.end, sentence.words[before].start) ? { ...shared, doubtful: true } : shared;
      }
    }
    let lead = this.clauseBefore(sentence.start, verb.start);
    // "Ms Small said neighbours have told her": a nested report's subject comes after the outer verb;
    // "the interview in which the acting prime minister accused": after the clause's opener.
    const earlier = sentence.words
      .slice(0, index)
      .findLast((word) => word.start >= lead && this.isSayingVerb(word) && !PARTICIPLES.has(word.text));
    if (earlier)
      lead = /^\s+that\b/.test(body.slice(earlier.end, earlier.end + 6))
        ? earlier.end + body.slice(earlier.end).indexOf('that') + 4
        : earlier.end;
    const opener = sentence.words.slice(0, index).findLast((word) => word.start >= lead && CLAUSE_OPENERS.has(word.text.toLowerCase()));
    if (opener && sentence.words[index - 1] !== opener && !this.hasFiniteVerb(opener.end, verb.start)) lead = opener.end;
    const subject = this.resolvableSubject(lead, verb.start);
    // "Talking about the campaign that accused ...": the verb is inside a circumstance, with no subject of its own.
    if (subject && (this.tags.has(subject.start, 'Gerund') || this.opensWithParticiple(subject.text))) return null;
    if (subject) return subject;
    // "... which he said had not yet ...": the subject inside a relative clause.
    const relative = /\b(?:which|that|who)\s+(\p{L}+)\s*$/u.exec(body.slice(lead, verb.start));
    if (relative) return { text: relative[1], start: verb.start - relative[0].length + relative[0].indexOf(relative[1]) };
    return null;
  }

  /** The subject of a verb that closed a trailing attribution, for a participle after it. */
  private trailingSubjectOf(sentence: Sentence, verb: Word): { text: string; start: number } | null {
    const candidate = this.trailing(sentence, sentence.words.indexOf(verb));
    return candidate?.subject ?? null;
  }

  /** Where the clause holding a forward verb starts: the sentence, after the last quotation before the verb. */
  private clauseBefore(sentenceStart: number, verbStart: number): number {
    let low = 0;
    let high = this.quotes.length - 1;
    let last = -1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (this.quotes[middle].openStart < verbStart) {
        last = middle;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    // A quotation nested in another one (or the verb inside a quotation's span) is passed over.
    for (let index = last; index >= 0 && index > last - 4; index--) {
      const quote = this.quotes[index];
      if (quote.closeEnd > verbStart) continue;
      return quote.closeEnd > sentenceStart ? quote.closeEnd : sentenceStart;
    }
    return sentenceStart;
  }

  /** attribution.ts's subject of a verb, read from start: null when there is none. */
  private resolvableSubject(start: number, verbStart: number): { text: string; start: number } | null {
    let from = start;
    while (from < verbStart && /[\s,;—–-]/.test(this.body[from])) from++;
    // "Cllr Danny Collins (Ind) said": a bracket after the name closes no clause.
    const bracket = /\s*\([^()]{1,40}\)\s*$/.exec(this.body.slice(from, verbStart));
    const end = bracket ? verbStart - bracket[0].length : verbStart;
    return this.attribution['subjectBefore'](from, end);
  }

  private phraseAfterVerb(start: number, end: number): { text: string; start: number } | null {
    return this.attribution['phraseAfter'](start, end);
  }

  private phrase(start: number, end: number): { text: string; start: number } | null {
    const text = this.body.slice(start, end);
    const trimmed = text.trim();
    if (trimmed === '') return null;
    return { text: trimmed, start: start + text.indexOf(trimmed) };
  }

  /** The content without the spaces, commas and the final full stop around it; null when too short. */
  private trimmed(range: Range): Range | null {
    const { body } = this;
    let { start, end } = range;
    while (start < end && /[\s,;:—–-]/.test(body[start])) start++;
    // A dateline opening the paragraph: "KINSHASA, Congo -- ", "PARIS — ".
    const dateline = DATELINE.exec(body.slice(start, Math.min(end, start + 80)));
    if (dateline) start += dateline[0].length;
    end = this.withoutFinalStop(start, end);
    while (end > start && /[\s,;:—–-]/.test(body[end - 1])) end--;
    if (wordsIn(body, start, end).length < 3) return null;
    return { start, end };
  }

  /** The sentence's end without its full stop; a closing mark after it stays ("would be "inevitable.""), a question mark too. */
  private withoutFinalStop(start: number, end: number): number {
    const { body } = this;
    let last = end;
    while (last > start && /\s/.test(body[last - 1])) last--;
    const quote = this.quoteAt(last - 1);
    if (quote && quote.closeEnd === last) return last;
    if (last > start && (body[last - 1] === '.' || body[last - 1] === '!')) last--;
    return last;
  }

  /** A content that is one quotation from end to end is a direct quotation, not reported speech. */
  private wholly(content: Range): boolean {
    const quote = this.quoteAt(content.start);
    if (!quote) return false;
    if (quote.openStart === content.start && !quote.opensLowercase) return true;
    return quote.closeEnd >= content.end;
  }

  /** A verb of saying used as a verb ("media reports said": "reports" is a noun). */
  private isSayingVerb(word: Word): boolean {
    return SAYING_VERBS.has(word.text) && this.tags.has(word.start, 'Verb');
  }

  /** "Talking about …", "Reacting to …" (but not "Fleming", a name the article knows). */
  private opensWithParticiple(text: string): boolean {
    const first = /^\p{Lu}\p{Ll}+ing\b/u.exec(text)?.[0];
    return first !== undefined && this.attribution.registry.lookup(first) === null;
  }

  /**
   * A name stands for its speaker only when it heads the subject: its last word is the name's
   * ("the Kilifi North MP Gideon Mung'aro"), not a noun after it ("exclusive Moneywise data", "the
   * Trump administration") or a clause around it ("which was written by … Mercedes Ruehl").
   */
  private headedByName(subject: Subject, person: Person): boolean {
    const end = subject.start + subject.text.length;
    const words = wordsIn(this.body, subject.start, end);
    const isName = (word: Word) => {
      const bare = word.text.replace(/['’]s?$/, '').toLowerCase();
      return person.tokens.some((token) => token.toLowerCase() === bare) || this.attribution.registry.lookup(word.text) === person;
    };
    const last = words.findLastIndex(isName);
    if (last < 0) return false;
    if (words.slice(0, last).some((word) => RELATIVE_OPENERS.has(word.text.toLowerCase()))) return false;
    // "Human Rights Watch": a capitalised word joined to the name's first is part of the same name,
    // unless it is a title, a role or an abbreviated one ("President Donald Trump", "Supt. Darren Campbell",
    // "MK Tzachi Hanegbi").
    let first = last;
    while (first > 0 && isName(words[first - 1])) first--;
    const before = words[first - 1];
    // "director of the Academia Sinica Europaea": a person is not "the" anything; an institution is.
    if (before?.text === 'the') return false;
    // "The command in a statement by its spokesperson, Josephine Adeh": the name is the statement's signer, the subject its head.
    if (first > 0 && words.slice(0, first).some((word) => word.text === 'by')) return false;
    if (
      before &&
      isCapitalized(before.text) &&
      /^\s+$/.test(this.body.slice(before.end, words[first].start)) &&
      !isRoleWord(before.text) &&
      !HONORIFIC.test(before.text) &&
      !/^\p{Lu}{2,4}$/u.test(before.text)
    ) {
      return false;
    }
    const next = words[last + 1];
    // "Debenhams, which makes 80% of its profits": "which" speaks of a thing.
    if (/^\s*,\s*which\b/.test(this.body.slice(words[last].end, end + 12))) return false;
    if (!next) return true;
    // "Dickinson of The Times", "Tedros in a Twitter post", "Hanegbi (Likud)": the name still heads it.
    return /[(,]/.test(this.body.slice(words[last].end, next.start)) || NAME_POSTMODIFIERS.has(next.text.toLowerCase());
  }

  /**
   * A speaker the resolver found that a report of speech does not take (a wrong speaker is worse
   * than none):
   * - "they" for one person: news writes it for groups ("Gardaí … they confirmed");
   * - an indefinite subject ("A Foreign Ministry spokeswoman pointed out") is nobody known yet,
   *   whatever role the article gave someone earlier;
   * - a surname the article never gives a first name to, beside a fuller form the registry did not
   *   read ("NICHOLAS SCOTT'S future" … "Mr Scott said", "Mr Justice Sweeney said");
   * - a name after a word that may be a title or a part of the name ("DIG Sultan Ali Khawaja").
   */
  private riskySpeaker(subject: Subject | null, attribution: Attribution): boolean {
    if (!subject || !attribution.person) return false;
    const text = subject.text.trim();
    if (/^they$/i.test(text)) return true;
    // A news lead that names its subject only later ("A government minister has said …") is the lead cue's, and kept.
    if (/^(?:a|an|another|one)\s/i.test(text) && (attribution.cue === 'role-phrase' || attribution.cue === 'description')) return true;
    const person = attribution.person;
    let unsure = this.unsureNames.get(person);
    if (unsure === undefined) {
      // Each reads the whole body: once per person, so the stage stays linear in the text.
      unsure = this.afterTitleOrName(person) || (person.tokens.length === 1 && this.fullerFormUnread(person.tokens[0]));
      this.unsureNames.set(person, unsure);
    }
    return unsure;
  }

  /**
   * "DIG Sultan Ali Khawaja", "Chaudhry Pervaiz Elahi": a word that is a title or a part of the
   * name; the registry took it for a title, the fullest name may hold it.
   */
  private afterTitleOrName(person: Person): boolean {
    const name = person.tokens.join(' ');
    for (let at = this.body.indexOf(name); at >= 0; at = this.body.indexOf(name, at + 1)) {
      if (TITLE_OR_NAME.test(this.body.slice(Math.max(0, at - 12), at))) return true;
    }
    return false;
  }

  /** The surname written after a capitalised word that is no plain honorific: "NICHOLAS SCOTT", "Justice Sweeney". */
  private fullerFormUnread(surname: string): boolean {
    const key = (word: string) => word.replace(/['’]s?$/i, '').toLowerCase();
    const wanted = key(surname);
    for (const match of this.body.matchAll(/(\p{Lu}[\p{L}\p{M}'’.-]*) (?=(\p{Lu}[\p{L}\p{M}'’-]*))/gu)) {
      const [, before, word] = match;
      if (key(word) !== wanted) continue;
      // "NICHOLAS SCOTT'S": a name in capitals, which the registry does not read as one (not "MP SCOTT").
      if (/^\p{Lu}{5,}$/u.test(before) && word === word.toUpperCase()) return true;
      if (/^(?:Justice|Judge|Lord|Lady|Sir|Dame|Baroness|Baron)$/.test(before)) return true;
    }
    return false;
  }

  /**
   * "The command in a statement by its spokesperson, Josephine Adeh, said": the name set off by
   * commas signs a statement the subject before it made; the resolver reads the name alone.
   */
  private signerOfStatement(subject: Subject, sentenceStart: number): boolean {
    const before = this.body.slice(sentenceStart, subject.start);
    if (!/,\s*$/.test(before)) return false;
    // The subject's head opens the sentence ("The command …"), not a clause ("When asked …, who had
    // been reported missing by family, Mr Ryan said") or a source ("According to notes taken by …").
    const head = before.replace(/,\s*$/, '').trimStart();
    return /^(?:the|its|their)\s/i.test(head) && !head.includes(',') && /\bby\b/.test(head);
  }

  private ownedSubject(subject: { text: string } | null): boolean {
    return subject !== null && (OWNED_SUBJECT.test(subject.text) || POSSESSED_SUBJECT.test(subject.text));
  }

  private quoteBetween(start: number, end: number): boolean {
    for (let index = start; index < end; index++) if (this.quoteAt(index)) return true;
    return false;
  }

  /** A verb with a tense ("link" in "tests link the chemicals", not "to harm"); auxiliaries count unless told not to. */
  private hasFiniteVerb(start: number, end: number, auxiliaries = true): boolean {
    const words = wordsIn(this.body, start, end);
    return words.some((word, index) => {
      if (this.quoteAt(word.start)) return false;
      const tags = this.tags.at(word.start);
      if (!auxiliaries && (tags.has('Auxiliary') || SUBJECT_AUXILIARIES.has(word.text.toLowerCase()))) return false;
      if (tags.has('Copula') || tags.has('Modal')) return true;
      if (!tags.has('Verb') || tags.has('Gerund')) return false;
      return !(tags.has('Infinitive') && !tags.has('PresentTense')) && words[index - 1]?.text.toLowerCase() !== 'to';
    });
  }

  /**
   * Where a content's main clause ends: before the first word that opens a subordinate one.
   * "reported revenue below expectations as clients held off" reports an act, not speech: its only
   * verb with a tense is the subordinate clause's.
   */
  private mainClauseEnd(content: Range): number {
    const words = wordsIn(this.body, content.start, content.end);
    const opener = words.find((word, index) => index > 0 && SUBORDINATORS.has(word.text.toLowerCase()) && !this.quoteAt(word.start));
    // "Wanderers “gave ourselves too much to do” as they began …": a quoted fragment holds the main verb.
    if (opener && this.quoteBetween(content.start, opener.start)) return content.end;
    return opener ? opener.start : content.end;
  }

  /** The first comma between start and end outside quotations; -1 when none. */
  private topLevelComma(start: number, end: number): number {
    return this.topLevelMark(start, end, ',');
  }

  private topLevelMark(start: number, end: number, mark: string): number {
    for (let index = start; index < end; index++) {
      const quote = this.quoteAt(index);
      if (quote) {
        index = quote.closeEnd - 1;
        continue;
      }
      if (this.body[index] === mark) return index;
    }
    return -1;
  }

  private lastTopLevelComma(start: number, end: number): number {
    for (let index = end - 1; index >= start; index--) {
      const quote = this.quoteAt(index);
      if (quote) {
        index = quote.openStart;
        continue;
      }
      if (this.body[index] === ',') return index;
    }
    return -1;
  }

  /**
   * A report inside what a noun calls a claim ("claims that X asked ...", "reports that X had
   * said ..."): the article does not say X spoke, only that someone claims it. The speaker is not
   * named.
   */
  private claimedReport(candidate: Candidate, sentence: Sentence): boolean {
    const index = sentence.words.indexOf(candidate.verb);
    const before = sentence.words.slice(Math.max(0, index - 6), index);
    return before.some(
      (word, position) =>
        REPORT_NOUNS.has(word.text.toLowerCase()) && before[position + 1]?.text === 'that' && !this.tags.has(word.start, 'Verb'),
    );
  }

  private statementOf(candidate: Candidate, unnamedBefore: boolean, nested: boolean, sentenceStart: number): ExtractedQuotation | null {
    const { content, verbText, subject, where } = candidate;
    if (this.wholly(content)) return null;
    const attribution: Attribution = this.attribution['fromSubject'](subject, verbText, where, content.end, false);
    const pronounAfterUnnamed = unnamedBefore && attribution.cue.startsWith('pronoun');
    if (subject?.doubtful || pronounAfterUnnamed || (attribution.cue === 'description' && attribution.person)) {
      // A description resolved to the one person the paragraph is about is right for quotations
      // more often than for reported speech, which describes others more freely ("the acting
      // prime minister accused ..." in a paragraph about the prime minister).
      attribution.person = null;
      attribution.source = null;
      attribution.confidence = Math.min(attribution.confidence, 0.5);
    }
    if (this.riskySpeaker(subject, attribution) || (subject && this.signerOfStatement(subject, sentenceStart))) {
      attribution.person = null;
      attribution.source = null;
      attribution.confidence = Math.min(attribution.confidence, 0.5);
    }
    const certain =
      !nested &&
      attribution.person !== null &&
      attribution.confidence >= ATTRIBUTION_THRESHOLD &&
      PERSON_NAME.test(attribution.person.name) &&
      !this.ownedSubject(subject) &&
      !(attribution.cue.startsWith('name') && subject && !this.headedByName(subject, attribution.person));
    const fuller = certain ? fullestForm(attribution.person!, this.attribution.registry.people) : null;
    const named = fuller !== null && fuller !== AMBIGUOUS_FORM;
    return {
      kind: 'PARAPHRASE',
      text: this.body.slice(content.start, content.end),
      spanStart: content.start,
      spanEnd: content.end,
      speaker: named ? speakerOf(fuller) : null,
      verb: verbText.toLowerCase(),
      confidence: attribution.confidence,
      attributionCue: attribution.cue,
      sourceOrganization: named || attribution.source?.kind !== 'organization' ? null : attribution.source.name,
      sourceDescription: named || attribution.source?.kind !== 'unnamed' ? null : attribution.source.description,
    };
  }
}

/**
 * The article's fullest form of a person the registry holds twice: "Felix Chung" when "Felix
 * Chung Kwok-pan" is in the article too. Two longer forms that are not one another's leave it
 * unsure.
 */
export function fullestForm(person: Person, people: readonly Person[]): Person | typeof AMBIGUOUS_FORM {
  const key = (token: string) => token.toLowerCase().replace(/\.$/, '').replace(/’/g, "'");
  const own = person.tokens.map(key);
  const longer = people.filter((other) => {
    if (other === person || other.tokens.length <= own.length) return false;
    const tokens = other.tokens.map(key);
    return own.every((token) => tokens.includes(token));
  });
  if (longer.length === 0) return person;
  const [longest] = [...longer].sort((a, b) => b.tokens.length - a.tokens.length);
  const longestTokens = longest.tokens.map(key);
  return longer.every((other) => other.tokens.map(key).every((token) => longestTokens.includes(token))) ? longest : AMBIGUOUS_FORM;
}

/** A name as people are named: letters, with apostrophes, hyphens, dots and spaces inside ("Lomond Promise'-" is none). */
const PERSON_NAME = /^\p{L}[\p{L}\p{M}'’. -]*[\p{L}\p{M}.]$/u;

/** "A spokesperson for Mr Constance", "a lawyer for Smith", "a friend of Jones": the named one did not say it. */
const OWNED_SUBJECT =
  /\b(?:spokesperson|spokesman|spokeswoman|spokespeople|lawyers?|attorneys?|solicitors?|barristers?|aides?|friends?|relatives?|family|representatives?|advisers?|advisors?|allies|ally|sources?|people|someone|official|officials|office|team|camp|statement)\s+(?:for|of|to|close to|from|with|representing)\s+/i;

/** "President Volodymyr Zelenskyy's spokesman": the owner did not say it. */
const POSSESSED_SUBJECT =
  /\p{Lu}[\p{L}\p{M}-]*['’]s?\s+(?:[\p{Ll}-]+\s+){0,2}(?:spokes(?:person|man|woman|people)|lawyers?|attorneys?|aides?|office|team|camp|allies|ally|adviser|advisor|family|wife|husband|son|daughter|mother|father|brother|sister|friends?|representatives?|statement|government|administration|ministry|spokes)\b/u;

function speakerOf(person: Person): NonNullable<ExtractedQuotation['speaker']> {
  const role = person.roles[0];
  return {
    name: person.name,
    roleTitle: role?.title ?? null,
    roleCountry: role?.country ?? null,
    roleOrganization: role?.organization ?? null,
  };
}

/**
 * Every report of speech in the article, in document order, outside the direct quotations'
 * spans (a quoted fragment inside a reported clause is part of it).
 */
export function findReportedSpeech(body: string, quotations: ExtractedQuotation[]): ExtractedQuotation[] {
  const found = new ReportedSpeechReader(body).read();
  const quoted = quotations.filter((quotation) => quotation.kind === 'DIRECT_QUOTE').sort((a, b) => a.spanStart - b.spanStart);
  // The longest reach of the quotations so far, to tell in one search whether a span lies inside one.
  const reach: number[] = [];
  for (const [index, quotation] of quoted.entries()) reach.push(Math.max(quotation.spanEnd, index > 0 ? reach[index - 1] : 0));
  const insideQuotation = (paraphrase: ExtractedQuotation) => {
    let low = 0;
    let high = quoted.length - 1;
    let last = -1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (quoted[middle].spanStart <= paraphrase.spanStart) {
        last = middle;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    return last >= 0 && reach[last] >= paraphrase.spanEnd;
  };
  const seen = new Set<string>();
  return found
    .filter((paraphrase) => !insideQuotation(paraphrase))
    .filter((paraphrase) => {
      const key = `${paraphrase.spanStart}:${paraphrase.spanEnd}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => a.spanStart - b.spanStart || a.spanEnd - b.spanEnd);
}
