import { ArticleAttribution, ATTRIBUTION_THRESHOLD, isTermLike, SayingVerbIndex } from './attribution';
import type { Person } from './people';
import { findQuoteSpans } from './quotes';
import { findReportedSpeech } from './reported-speech';
import { countWords, readableCase, TermTags } from './text';

/**
 * Quotation extraction: pure functions over an article's text, no database. Finds direct
 * quotations by their marks, then who said each one (see attribution.ts for the rules).
 */

export interface ExtractedSpeaker {
  /** Full name as best known in the article, e.g. "Hossein Amir-Abdollahian". */
  name: string;
  /** The title the article introduces the speaker with, e.g. "Foreign Minister". */
  roleTitle: string | null;
  /** The country word of that role phrase as written, e.g. "Iran" from "Iran's Foreign Minister". */
  roleCountry: string | null;
  /** The organization of that role phrase as written, e.g. "Amnesty International". */
  roleOrganization: string | null;
}

export interface ExtractedQuotation {
  /** A quotation between marks, or reported speech in the article's words (reported-speech.ts). */
  kind: 'DIRECT_QUOTE' | 'PARAPHRASE';
  /** Verbatim body.slice(spanStart, spanEnd), without the enclosing quote marks. */
  text: string;
  /** UTF-16 offsets into the body. */
  spanStart: number;
  spanEnd: number;
  /** null when the speaker is not certain enough to name. */
  speaker: ExtractedSpeaker | null;
  /** The verb of saying as written, lower-cased: "said", "told", "according to". */
  verb: string | null;
  /** Attribution confidence, 0..1; speaker is set only from ATTRIBUTION_THRESHOLD up. */
  confidence: number;
  /** Why the speaker is who it is (or is not): "name+verb-before", "pronoun", "role-phrase", "none"... */
  attributionCue: string;
  /**
   * The institution that said it, as the article names it ("the foreign ministry", "Gazprom"),
   * when an organization speaks rather than a person; null otherwise. Set only when speaker is null.
   */
  sourceOrganization: string | null;
  /**
   * The article's own description of an unnamed or collective source ("a senior police source",
   * "two officials familiar with the talks"); null when the source is named or not described.
   */
  sourceDescription: string | null;
}

export { ATTRIBUTION_THRESHOLD };
export { findPeople, findOrganizations } from './people';

function speakerOf(person: Person): ExtractedSpeaker {
  const role = person.roles[0];
  return {
    name: person.name,
    roleTitle: role?.title ?? null,
    roleCountry: role?.country ?? null,
    roleOrganization: role?.organization ?? null,
  };
}

/** A title in quotes: every longer word capitalised ("The Grapes of Wrath"). */
function looksLikeTitle(text: string): boolean {
  const words = text.split(/\s+/);
  const longWords = words.filter((word) => word.replace(/[^\p{L}]/gu, '').length >= 4);
  return words.length <= 8 && longWords.length >= 2 && longWords.every((word) => /^\p{Lu}/u.test(word));
}

/** Every direct quotation in the article, in document order, with its speaker when certain. */
export function extractQuotations(body: string): ExtractedQuotation[] {
  // Names and roles are read from the body with its capitalised leads in title case; the
  // quotations' texts are the body's own.
  const analysed = readableCase(body);
  const tags = new TermTags(analysed);
  // Terms and titles go first, so that a clause can be read across them ("said the company's
  // "partner" model was "..."").
  const verbs = new SayingVerbIndex(analysed);
  const quotes = findQuoteSpans(analysed).filter((quote) => !isTermLike(analysed, quote, tags, verbs));
  const attributions = new ArticleAttribution(analysed, quotes, tags).attributeAll();

  const quotations: ExtractedQuotation[] = [];
  quotes.forEach((quote, index) => {
    const attribution = attributions[index];
    const text = body.slice(quote.start, quote.end);
    // Scare quotes and titles: short or title-cased, and no verb of saying that governs them.
    // A fragment inside the writer's sentence, in lower case, is most often someone's words even
    // with no verb of saying found for it (condemned the protests as "completely unacceptable").
    const fragment = quote.inSentence && quote.opensLowercase && !quote.titleCased;
    // A paragraph of its own ('Balanced view', a crosshead quoting the article's speaker) and
    // words a colon introduces (a sign that reads: 'Local People Only') are someone's words.
    // Kept for that alone, with no verb of saying to tie it to anyone, it is filed with no speaker.
    const shown = quote.standsAlone || quote.afterColon;
    const termLike = !attribution.governed && !fragment && (countWords(text) <= 3 || looksLikeTitle(text));
    if (termLike && !shown) return;
    const certain = !termLike && attribution.person !== null && attribution.confidence >= ATTRIBUTION_THRESHOLD;
    quotations.push({
      kind: 'DIRECT_QUOTE',
      text,
      spanStart: quote.start,
      spanEnd: quote.end,
      speaker: certain ? speakerOf(attribution.person!) : null,
      verb: attribution.verb,
      confidence: attribution.confidence,
      attributionCue: attribution.cue,
      sourceOrganization:
        certain || !attribution.source
          ? null
          : attribution.source.kind === 'organization'
            ? attribution.source.name
            : (attribution.source.organization ?? null),
      sourceDescription: certain || attribution.source?.kind !== 'unnamed' ? null : attribution.source.description,
    });
  });
  return quotations;
}

/** The quotations and the reported speech of an article together, in document order. */
export function extractStatements(body: string): ExtractedQuotation[] {
  const quotations = extractQuotations(body);
  return [...quotations, ...findReportedSpeech(body, quotations)].sort((a, b) => a.spanStart - b.spanStart || a.spanEnd - b.spanEnd);
}
