import nlp from 'compromise';
import { isCapitalized, isPossessive, withoutPossessive } from './text';

/**
 * Role phrases ("Iran's Foreign Minister", "the Minister of Foreign Affairs", "Kremlin spokesman")
 * parsed into a title, its owner (a country or an organization) and a canonical key, so that a
 * later "the foreign minister" or "Iran's FM" can be matched to the person introduced with it.
 */

export interface RolePhrase {
  /** The title as written: "Foreign Minister", "Minister of Foreign Affairs", "spokesman". */
  title: string;
  /** Canonical form for matching: "foreign minister", "spokesperson". */
  key: string;
  country: string | null;
  organization: string | null;
  /** A person owning the role ("Mr Pennington" in "Mr Pennington's barrister"): matched, not reported. */
  personOwner: string | null;
  /** "the minister", "Iran's minister" point back to someone; "a minister" introduces someone new. */
  definite: boolean;
}

/** Nouns that name a position someone holds; the last word of a role title. */
export const ROLE_HEADS = new Set([
  'minister',
  'president',
  'vice-president',
  'spokesman',
  'spokeswoman',
  'spokesperson',
  'secretary',
  'secretary-general',
  'ambassador',
  'envoy',
  'director',
  'director-general',
  'chairman',
  'chairwoman',
  'chairperson',
  'chair',
  'governor',
  'mayor',
  'senator',
  'chancellor',
  'premier',
  'commissioner',
  'chief',
  'ceo',
  'head',
  'leader',
  'co-leader',
  'negotiator',
  'adviser',
  'advisor',
  'economist',
  'analyst',
  'professor',
  'lawyer',
  'barrister',
  'attorney',
  'judge',
  'prosecutor',
  'manager',
  'coach',
  'captain',
  'striker',
  'goalkeeper',
  'defender',
  'midfielder',
  'founder',
  'co-founder',
  'executive',
  'officer',
  'diplomat',
  'fm',
  'pm',
  'mp',
  'lawmaker',
  'legislator',
  'councillor',
  'councilor',
  'inspector',
  'editor',
  'correspondent',
  'partner',
  'king',
  'queen',
  'commander',
  'representative',
  'delegate',
  'researcher',
  'scientist',
  'mediator',
  'administrator',
  'treasurer',
  'author',
  'co-author',
  'superintendent',
  'constable',
  'detective',
  'sergeant',
  'lieutenant',
  'colonel',
  'general',
  'admiral',
  'liaison',
  'liason',
  'councilman',
  'councilwoman',
  'congressman',
  'congresswoman',
  'assemblyman',
  'assemblywoman',
  'alderman',
  'sheriff',
  'marshal',
  'commandant',
  'principal',
  'headteacher',
  'dean',
  'rector',
  'provost',
  'vice-chancellor',
  'bishop',
  'archbishop',
  'cardinal',
  'pope',
  'imam',
  'rabbi',
  'pastor',
  'vicar',
  'reverend',
  'boss',
  'owner',
  'organiser',
  'organizer',
  'curator',
  'producer',
  'spokesperson',
  'presenter',
  'anchor',
  'host',
  'reporter',
  'journalist',
  'commentator',
  'pundit',
  'forward',
  'winger',
  'full-back',
  'centre-back',
  'playmaker',
  'batsman',
  'bowler',
  'keeper',
  'skipper',
  'veteran',
  'chairperson',
  'deputy',
  'undersecretary',
  'under-secretary',
  'attaché',
  'consul',
  'emir',
  'prince',
  'princess',
  'sultan',
  'sheikh',
  'monarch',
  'premier',
  'taoiseach',
  'tánaiste',
  'msp',
  'mla',
  'mep',
  'td',
  'senator',
  'governor-general',
  'magistrate',
  'coroner',
  'solicitor',
  'advocate',
  'counsel',
  'justice',
  'physician',
  'surgeon',
  'consultant',
  'nurse',
  'doctor',
  'engineer',
  'architect',
  'planner',
  'officer',
  'inspector',
  'trustee',
  'steward',
  'warden',
  'ranger',
  'pilot',
  'economist',
]);

/** Capitalised words that belong to a title rather than naming its owner ("Foreign" in "Foreign Minister"). */
const TITLE_WORDS = new Set([
  'foreign',
  'deputy',
  'vice',
  'prime',
  'finance',
  'interior',
  'defence',
  'defense',
  'health',
  'justice',
  'economy',
  'economic',
  'trade',
  'energy',
  'education',
  'housing',
  'infrastructure',
  'transport',
  'agriculture',
  'labour',
  'labor',
  'environment',
  'culture',
  'home',
  'state',
  'senior',
  'junior',
  'acting',
  'interim',
  'former',
  'regional',
  'national',
  'press',
  'chief',
  'managing',
  'executive',
  'general',
  'assistant',
  'associate',
  'climate',
  'employment',
  'digital',
  'urban',
  'development',
  'public',
  'affairs',
  'secretary',
  'attorney',
  'first',
  'supreme',
  'top',
  'lead',
  'principal',
  'co',
  'joint',
  'permanent',
  'special',
  'parliamentary',
  'opposition',
  'treasury',
  'budget',
  'security',
  'intelligence',
  'military',
  'police',
  'immigration',
  'sports',
  'tourism',
  'industry',
  'science',
  'technology',
  'research',
  'communications',
  'information',
  'water',
  'oil',
  'fisheries',
  'youth',
  'social',
  'welfare',
  'planning',
  'local',
  'cabinet',
  'head',
  'minister',
  'director',
  'president',
  'foreign-affairs',
  'commerce',
  'migration',
  'veterans',
  'women',
  'family',
  'construction',
  'media',
]);

/** Words that end a role phrase when reading leftwards from its head. */
const PHRASE_BREAKS = new Set([
  'and',
  'or',
  'to',
  'of',
  'by',
  'with',
  'for',
  'from',
  'in',
  'on',
  'at',
  'as',
  'that',
  'who',
  'which',
  'said',
  'says',
  'told',
  'than',
  'but',
  'while',
  'after',
  'before',
  'about',
  'regarding',
  'between',
]);

const DEFINITE_DETERMINERS = new Set(['the', 'its', 'their', 'his', 'her', 'our', 'this', 'that']);
const INDEFINITE_DETERMINERS = new Set(['a', 'an', 'one', 'another', 'some', 'any']);
const COUNTRY_ABBREVIATIONS = new Set(['US', 'U.S.', 'USA', 'UK', 'U.K.', 'Britain']);

/**
 * Synonyms that must match: Foreign Minister = Minister of Foreign Affairs = FM. Applied in order
 * to the lower-cased title.
 */
const ROLE_SYNONYMS: [RegExp, string][] = [
  [/\b(?:fm|top diplomat|foreign affairs minister|minister (?:of|for) (?:the )?foreign affairs)\b/, 'foreign minister'],
  [/\b(?:pm|premier)\b/, 'prime minister'],
  [/\bminister (?:of|for) (?:the )?([a-z -]+?)(?: affairs)?$/, '$1 minister'],
  [/\bsecretary (?:of|for) (?:the )?([a-z -]+?)(?: affairs)?$/, '$1 secretary'],
  [/\bspokes(?:man|woman|person)\b/, 'spokesperson'],
  [/\bchair(?:man|woman|person)?\b/, 'chair'],
  [/\b(?:ceo|chief executive officer)\b/, 'chief executive'],
  [/\bdefense\b/, 'defence'],
  [/\badvisor\b/, 'adviser'],
];

export function canonicalRole(title: string): string {
  let key = title.toLowerCase().replace(/\s+/g, ' ').trim();
  for (const [pattern, replacement] of ROLE_SYNONYMS) key = key.replace(pattern, replacement);
  // Any other portfolio goes before its head too, so that the head ends every key:
  // "senator for urban development" is the "urban development senator", and "the senator".
  const portfolio = /^(.*?)([a-z-]+) (?:of|for) (?:the )?([a-z -]+)$/.exec(key);
  if (portfolio && ROLE_HEADS.has(portfolio[2])) key = `${portfolio[1]}${portfolio[3]} ${portfolio[2]}`;
  return key;
}

function isRoleHead(word: string): boolean {
  return ROLE_HEADS.has(withoutPossessive(word).toLowerCase());
}

export function isRoleWord(word: string): boolean {
  const lower = word.replace(/\.$/, '').toLowerCase();
  return ROLE_HEADS.has(lower) || TITLE_WORDS.has(lower);
}

const tagCache = new Map<string, Set<string>>();

/** compromise's tags for a short phrase out of context, remembered: role phrases repeat a few words. */
function tagsOf(text: string): Set<string> {
  let tags = tagCache.get(text);
  if (!tags) {
    const terms = (nlp(text).json({ terms: { tags: true } }) as { terms: { tags: string[] }[] }[]).flatMap((sentence) => sentence.terms);
    tags = new Set(terms.flatMap((term) => term.tags));
    // Bounded, as an importer runs through many articles.
    if (tagCache.size > 10_000) tagCache.clear();
    tagCache.set(text, tags);
  }
  return tags;
}

function isCountry(text: string): boolean {
  if (COUNTRY_ABBREVIATIONS.has(text)) return true;
  const tags = tagsOf(text);
  return tags.has('Country') || tags.has('Demonym');
}

function namesOwner(word: string): boolean {
  if (/^\p{Lu}{2,}$/u.test(word) || COUNTRY_ABBREVIATIONS.has(word)) return true;
  const tags = tagsOf(word);
  return tags.has('Place') || tags.has('Organization') || tags.has('Demonym');
}

function isPerson(text: string): boolean {
  return /^(?:Mr|Mrs|Ms|Dr|Prof)\.?\s/.test(text) || tagsOf(text).has('Person');
}

/** Nouns that make a tail an organization: "president of the local traders' federation". */
const ORGANIZATION_NOUNS = new Set([
  'federation',
  'union',
  'association',
  'council',
  'committee',
  'company',
  'party',
  'group',
  'bank',
  'agency',
  'board',
  'ministry',
  'department',
  'university',
  'institute',
  'court',
  'club',
  'firm',
  'corporation',
  'foundation',
  'commission',
  'authority',
  'office',
  'team',
  'network',
  'organisation',
  'organization',
  'society',
  'chamber',
  'alliance',
  'coalition',
  'fund',
  'trust',
  'school',
  'hospital',
]);

/** "of Foreign Affairs" names a portfolio; "of Amnesty International", "of Ukraine" or "of the union" an owner. */
function isPortfolio(tailWords: string[]): boolean {
  const content = tailWords.filter((word) => !['the', 'of', 'for'].includes(word.toLowerCase()));
  return (
    content.length > 0 &&
    content.length <= 3 &&
    content.every(
      (word) =>
        (TITLE_WORDS.has(word.toLowerCase()) || !isCapitalized(word)) && !isPossessive(word) && !ORGANIZATION_NOUNS.has(word.toLowerCase()),
    )
  );
}

/**
 * Parses a phrase that ends with a role ("Iran's Foreign Minister", "the spokesman",
 * "Minister of Foreign Affairs of Ukraine", "a spokeswoman for the ministry").
 * Returns null when the phrase holds no role noun. Words before the role that cannot belong to it
 * ("Reacting to") are ignored, so a whole clause prefix may be passed.
 */
export function parseRolePhrase(phrase: string): RolePhrase | null {
  const words = phrase
    .replace(/[,;:.]+$/, '')
    .split(/\s+/)
    .filter((word) => word !== '');
  // The head is the last role noun before the first preposition that follows a role noun.
  let headIndex = -1;
  for (let index = 0; index < words.length; index++) {
    const lower = words[index].toLowerCase();
    if (isRoleHead(words[index])) headIndex = index;
    else if (headIndex >= 0 && ['of', 'for', 'at', 'on', 'in', 'with'].includes(lower)) break;
  }
  if (headIndex < 0) return null;

  const titleWords = [words[headIndex]];
  let ownerWords: string[] = [];
  let definite = false;
  let indefinite = false;
  for (let index = headIndex - 1; index >= 0; index--) {
    const word = words[index];
    const lower = word.toLowerCase();
    if (isPossessive(word)) {
      // Capitalised words between a possessive owner and the head belong to the title:
      // "the company's UK managing director".
      titleWords.unshift(...ownerWords);
      ownerWords = [withoutPossessive(word)];
      // The owner may run over several words: "Amnesty International's".
      for (let before = index - 1; before >= 0 && isCapitalized(words[before]) && !isPossessive(words[before]); before--) {
        if (DEFINITE_DETERMINERS.has(words[before].toLowerCase())) break;
        ownerWords = [words[before], ...ownerWords];
      }
      definite = true;
      break;
    }
    if (DEFINITE_DETERMINERS.has(lower)) {
      definite = true;
      break;
    }
    if (INDEFINITE_DETERMINERS.has(lower)) {
      indefinite = true;
      break;
    }
    // "the union housing and urban affairs minister": a coordinated portfolio stays in the title.
    const coordinated =
      (lower === 'and' || lower === '&') &&
      index > 0 &&
      !isCapitalized(words[index - 1]) &&
      !PHRASE_BREAKS.has(words[index - 1].toLowerCase()) &&
      words.slice(Math.max(0, index - 4), index - 1).some((before) => DEFINITE_DETERMINERS.has(before.toLowerCase()));
    if (coordinated) {
      titleWords.unshift(word);
      continue;
    }
    if (PHRASE_BREAKS.has(lower) || /[()\-–—:;"“”«»]$|^[(\-–—"“”«»]/.test(word)) break;
    // Before a capitalised head, a capitalised word that names no place or body is part of the title
    // ("Watch Manager"); before a lower-case head it names the owner ("Kremlin spokesman").
    const titleCased = isCapitalized(words[headIndex]) && ownerWords.length === 0 && !namesOwner(word);
    if (!isCapitalized(word) || TITLE_WORDS.has(lower) || isRoleHead(word) || titleCased) {
      if (ownerWords.length > 0) break;
      titleWords.unshift(word);
    } else {
      ownerWords.unshift(word);
    }
  }

  const tail = words.slice(headIndex + 1);
  let country: string | null = null;
  let organization: string | null = null;
  const owner = ownerWords.join(' ');
  let personOwner: string | null = null;
  if (owner) {
    if (isPerson(owner)) personOwner = owner;
    else if (isCountry(owner)) country = owner;
    else organization = owner;
  }
  if (tail.length > 1 && ['of', 'for'].includes(tail[0].toLowerCase())) {
    // "Minister of Foreign Affairs of Ukraine": the portfolio joins the title, the rest is the owner.
    const secondOf = tail.findIndex((word, index) => index > 0 && word.toLowerCase() === 'of');
    const portfolio = secondOf > 0 ? tail.slice(0, secondOf) : tail;
    if (isPortfolio(portfolio)) {
      titleWords.push(...portfolio);
      const rest = secondOf > 0 ? tail.slice(secondOf + 1).join(' ') : '';
      if (rest) {
        if (isCountry(rest)) country ??= rest;
        else organization ??= rest;
      }
    } else {
      const rest = tail
        .slice(1)
        .join(' ')
        .replace(/^the\s+/i, '');
      if (isCountry(rest)) country ??= rest;
      else organization ??= rest;
    }
  } else if (tail.length > 1 && ['at', 'on', 'with'].includes(tail[0].toLowerCase())) {
    organization ??= tail
      .slice(1)
      .join(' ')
      .replace(/^the\s+/i, '');
  }
  const title = titleWords.join(' ');
  return {
    title,
    key: canonicalRole(title),
    country,
    organization,
    personOwner,
    // An owner points back as an article would: "Kremlin spokesman said", "Iran's FM said".
    definite: !indefinite && (definite || ownerWords.length > 0),
  };
}

function normalizedOwner(owner: string): string {
  return withoutPossessive(
    owner
      .toLowerCase()
      .replace(/^the\s+/, '')
      .trim(),
  );
}

/** "Iran" and "Iranian", "Rovers" and "Harwick Rovers" name the same owner; a missing owner fits any. */
export function ownersCompatible(first: string | null, second: string | null): boolean {
  if (!first || !second) return true;
  const a = normalizedOwner(first);
  const b = normalizedOwner(second);
  if (a.includes(b) || b.includes(a)) return true;
  let shared = 0;
  while (shared < a.length && a[shared] === b[shared]) shared++;
  return shared >= 4;
}

/** Words that make a different post of the same title: a deputy foreign minister is not the foreign minister. */
const RANK_WORDS = new Set([
  'deputy',
  'vice',
  'former',
  'assistant',
  'acting',
  'junior',
  'under',
  'associate',
  'interim',
  'shadow',
  'co',
  'state',
]);

/**
 * "the cabinet secretary" names the "agriculture cabinet secretary": a reference may leave out
 * words narrowing the title, never words changing the rank.
 */
function sameRole(referenceKey: string, roleKey: string): boolean {
  const reference = referenceKey.split(' ');
  const role = roleKey.split(' ');
  if (reference.length > role.length || !reference.every((word, index) => role[role.length - reference.length + index] === word))
    return false;
  return role.slice(0, role.length - reference.length).every((word) => !RANK_WORDS.has(word));
}

/**
 * Whether a role phrase used as a subject ("the foreign minister", "the Rovers manager") can refer
 * to someone introduced with role. A bare head ("the minister") fits any title with that head.
 */
export function roleRefersTo(reference: RolePhrase, role: RolePhrase): boolean {
  if (!sameRole(reference.key, role.key)) return false;
  return (
    ownersCompatible(reference.country, role.country) &&
    ownersCompatible(reference.organization, role.organization) &&
    ownersCompatible(reference.personOwner, role.personOwner) &&
    // "Iran's FM" against a role written with an organization but no country, and vice versa.
    ownersCompatible(reference.country ?? reference.organization, role.country ?? role.organization)
  );
}

/**
 * A reference that gives a fuller title than the one someone was introduced with, same head and
 * every word of the introduction in it: "the union housing and urban affairs minister" for
 * "Union minister". Rank words may not be added: "the deputy minister" is someone else.
 */
export function roleWidens(reference: RolePhrase, role: RolePhrase): boolean {
  const referenceWords = reference.key.split(' ');
  const roleWords = role.key.split(' ');
  if (referenceWords[referenceWords.length - 1] !== roleWords[roleWords.length - 1]) return false;
  if (!roleWords.every((word) => referenceWords.includes(word))) return false;
  if (referenceWords.some((word) => RANK_WORDS.has(word) && !roleWords.includes(word))) return false;
  return ownersCompatible(reference.country ?? reference.organization, role.country ?? role.organization);
}
