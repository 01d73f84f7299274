import nlp from 'compromise';
import { isCapitalized, isPossessive, type TermTags, withoutPossessive } from './text';

/**
 * Stage 5 of attribution: sources that are not a named person. When the subject of a verb of
 * saying is an institution ("the ministry said in a statement", "Gazprom said") the quotation is
 * the institution's, named in the fullest form the article gives it ("the ministry" after "the
 * Ministry of Foreign Affairs"). When it is a person the article does not name ("a police source",
 * "officials", "two people familiar with the talks") it keeps the article's own description.
 */

/**
 * An unnamed source may still say whose it is: "a Police Scotland spokeswoman", "a spokesperson
 * for Merseyside Police" are unnamed people speaking for a named institution.
 */
export type Source = { kind: 'organization'; name: string } | { kind: 'unnamed'; description: string; organization?: string };

/** Nouns for people who are not named: their words go to an unnamed source, and they block pronouns. */
export const HUMAN_NOUNS = new Set([
  'parent',
  'parents',
  'teacher',
  'teachers',
  'grandparent',
  'analyst',
  'analysts',
  'negotiator',
  'negotiators',
  'investor',
  'investors',
  'employee',
  'employees',
  'resident',
  'residents',
  'source',
  'sources',
  'official',
  'officials',
  'tenant',
  'tenants',
  'claimant',
  'claimants',
  'worker',
  'workers',
  'economist',
  'economists',
  'expert',
  'experts',
  'lawyer',
  'lawyers',
  'campaigner',
  'campaigners',
  'customer',
  'customers',
  'shopkeeper',
  'shopkeepers',
  'trader',
  'traders',
  'person',
  'people',
  'man',
  'woman',
  'men',
  'women',
  'others',
  'critics',
  'supporters',
  'fans',
  'someone',
  'observers',
  'diplomats',
  'delegates',
  'witness',
  'witnesses',
  'neighbour',
  'neighbor',
  'member',
  'members',
  'spokesperson',
  'spokesman',
  'spokeswoman',
  'protester',
  'protesters',
  'voter',
  'voters',
  'farmer',
  'farmers',
  'doctor',
  'doctors',
  'nurse',
  'nurses',
  'student',
  'students',
  'activist',
  'activists',
  'executive',
  'executives',
  'insider',
  'insiders',
  'aide',
  'aides',
  'colleague',
  'colleagues',
  'friend',
  'friends',
  'relative',
  'relatives',
  'husband',
  'wife',
  'mother',
  'father',
  'son',
  'daughter',
  'leaders',
  'ministers',
  'staff',
  'players',
  'scientists',
  'researchers',
  'diplomat',
  'prosecutors',
  'investigators',
  'authorities',
  'organisers',
  'organizers',
  'lawmakers',
  'legislators',
  'scholars',
  'sceptics',
  'skeptics',
  'opponents',
  'advocates',
  'parents',
  'teachers',
  'locals',
  'passengers',
  'commuters',
  'shoppers',
  'users',
  'owners',
  'landlords',
  'managers',
  'bosses',
  'unions',
  'rescuers',
  'firefighters',
  'medics',
  'paramedics',
  'soldiers',
  'troops',
  'villagers',
  'survivors',
  'victims',
  'families',
  'mourners',
  'onlookers',
  'bystanders',
  'eyewitnesses',
  'eyewitness',
  'commentators',
  'pundits',
  'strategists',
  'pollsters',
  'insurers',
  'bankers',
  'regulators',
  'spokespeople',
  'representatives',
  'representative',
  'officer',
  'officers',
  'agent',
  'agents',
  'engineer',
  'engineers',
  'participant',
  'participants',
  'attendee',
  'attendees',
  'organiser',
  'organizer',
  'advisers',
  'advisors',
  'adviser',
  'advisor',
  'individual',
  'individuals',
  'figure',
  'figures',
  'informant',
  'whistleblower',
  'citizen',
  'citizens',
  'patient',
  'patients',
  'respondent',
  'respondents',
  'mp',
  'mps',
  'msp',
  'msps',
  'mla',
  'mlas',
  'mep',
  'meps',
  'td',
  'tds',
  'senators',
  'congressmen',
  'councillors',
  'councilors',
  'governors',
  'mayors',
  'envoys',
  'journalists',
  'reporters',
  'correspondents',
  'sources',
  'family',
  'relatives',
  'neighbours',
  'neighbors',
  'fan',
  'player',
  'viewer',
  'viewers',
  'reader',
  'readers',
  'listener',
  'listeners',
  'caller',
  'callers',
  'buyer',
  'buyers',
  'seller',
  'sellers',
  'tourist',
  'tourists',
  'visitor',
  'visitors',
  'girl',
  'girls',
  'boy',
  'boys',
  'teenager',
  'teenagers',
  'child',
  'children',
  'suspect',
  'suspects',
  'complainant',
  'complainants',
  'victim',
  'accused',
  'defendant',
  'defendants',
  'plaintiff',
  'plaintiffs',
  'mourner',
  'survivor',
  'passenger',
  'driver',
  'drivers',
  'pilot',
  'pilots',
  'officer',
  'photographer',
  'photographers',
  'prosecutor',
  'investigator',
  'detective',
  'detectives',
  'insider',
  'pensioner',
  'pensioners',
  'mum',
  'dad',
  'brother',
  'sister',
  'uncle',
  'aunt',
  'grandmother',
  'grandfather',
  'owner',
  'manager',
  'boss',
  'landlord',
  'applicant',
  'applicants',
  'juror',
  'jurors',
]);

export const PLURAL_HUMAN_NOUNS = new Set(
  [...HUMAN_NOUNS].filter((noun) => noun.endsWith('s') || ['people', 'men', 'women', 'staff', 'police'].includes(noun)),
);

/**
 * Documents that say something for someone the article does not name: "according to the
 * complaint", "one note said", "the report stated". Their words go to an unnamed source.
 */
export const DOCUMENT_NOUNS = new Set([
  'complaint',
  'complaints',
  'filing',
  'filings',
  'indictment',
  'affidavit',
  'lawsuit',
  'suit',
  'petition',
  'note',
  'notes',
  'letter',
  'letters',
  'memo',
  'memos',
  'memorandum',
  'email',
  'emails',
  'report',
  'reports',
  'statement',
  'statements',
  'document',
  'documents',
  'judgment',
  'judgement',
  'ruling',
  'verdict',
  'order',
  'entry',
  'entries',
  'post',
  'posts',
  'tweet',
  'tweets',
  'sign',
  'notice',
  'leaflet',
  'flyer',
  'message',
  'messages',
  'transcript',
  'minutes',
  'dossier',
  'study',
  'survey',
  'article',
  'editorial',
  'charge sheet',
]);

/** Nouns heading the name of an institution: "the ministry", "the Interior Ministry", "the company". */
export const ORGANIZATION_HEADS = new Set([
  'ministry',
  'department',
  'government',
  'company',
  'firm',
  'group',
  'police',
  'court',
  'council',
  'agency',
  'office',
  'embassy',
  'kremlin',
  'commission',
  'committee',
  'authority',
  'army',
  'military',
  'navy',
  'bank',
  'union',
  'party',
  'club',
  'team',
  'board',
  'university',
  'institute',
  'foundation',
  'organisation',
  'organization',
  'association',
  'federation',
  'service',
  'corporation',
  'corp',
  'inc',
  'ltd',
  'plc',
  'llc',
  'airline',
  'airlines',
  'airport',
  'hospital',
  'school',
  'network',
  'newspaper',
  'channel',
  'broadcaster',
  'regulator',
  'watchdog',
  'parliament',
  'senate',
  'cabinet',
  'presidency',
  'administration',
  'pentagon',
  'league',
  'charity',
  'trust',
  'fund',
  'centre',
  'center',
  'forces',
  'force',
  'brigade',
  'coalition',
  'alliance',
  'secretariat',
  'directorate',
  'bureau',
  'prosecution',
  'tribunal',
  'mission',
  'delegation',
  'consulate',
  'municipality',
  'county',
  'state',
  'city',
  'network',
  'station',
  'outlet',
  'magazine',
  'daily',
  'publisher',
  'studio',
  'studios',
  'developer',
  'manufacturer',
  'carrier',
  'operator',
  'retailer',
  'insurer',
  'lender',
  'producer',
  'maker',
  'startup',
  'business',
  'conglomerate',
  'giant',
  'club',
  'side',
  'federation',
  'body',
  'unit',
  'guard',
  'headquarters',
  'command',
  'house',
  'palace',
]);

/** Words that make a capitalised run an institution's name wherever it stands. */
const ORGANIZATION_NAME_WORDS = new Set([
  'ministry',
  'department',
  'government',
  'company',
  'police',
  'court',
  'council',
  'agency',
  'office',
  'embassy',
  'kremlin',
  'commission',
  'committee',
  'authority',
  'bank',
  'union',
  'party',
  'club',
  'university',
  'institute',
  'foundation',
  'organisation',
  'organization',
  'association',
  'federation',
  'service',
  'corporation',
  'corp',
  'inc',
  'ltd',
  'plc',
  'llc',
  'airlines',
  'group',
  'league',
  'trust',
  'fund',
  'forces',
  'board',
  'bureau',
  'agency',
  'network',
  'news',
  'pentagon',
  'parliament',
  'senate',
  'army',
  'navy',
  'command',
  'secretariat',
  'directorate',
  'tribunal',
  'times',
  'post',
  'guardian',
  'reuters',
  'tass',
  'xinhua',
  'irna',
  'nato',
  'fifa',
  'uefa',
  'opec',
  'unicef',
  'unesco',
  'who',
  'services',
  'nations',
  'institutes',
  'industries',
  'holdings',
  'systems',
  'airways',
  'studios',
  'commissions',
  'councils',
  'ministries',
  'departments',
  'authorities',
  'agencies',
  'watch',
  'international',
]);

/** Organizations the article names, longest first: the fullest form a shorter reference may take. */
export class OrganizationIndex {
  readonly names: string[];

  constructor(body: string, tags: TermTags) {
    const names = new Set<string>();
    for (const span of tags.spansOf(tags.document.organizations())) {
      const name = cleanName(body.slice(span.start, span.end));
      if (name) names.add(name);
    }
    // "the Ministry of Foreign Affairs", "Russia's Interior Ministry": capitalised words joined by of/for/and.
    for (const whole of body.matchAll(ORGANIZATION_RUN))
      for (const run of sentencesOf(whole[0])) {
        const words = run.split(/\s+/);
        if (!words.some((word) => ORGANIZATION_NAME_WORDS.has(withoutPossessive(word).toLowerCase()))) continue;
        const name = cleanName(run);
        if (name) names.add(name);
      }
    this.names = [...names].sort((a, b) => b.length - a.length);
  }

  /**
   * The fullest name in the article that a reference can stand for: every word of "foreign
   * ministry" is in "Russian Foreign Ministry". Several names that are not forms of one another
   * leave the reference as written.
   */
  fullest(reference: string): string | null {
    const wanted = contentWords(reference);
    if (wanted.length === 0) return null;
    const candidates = this.names.filter((name) => {
      const words = contentWords(name);
      return wanted.every((word) => words.includes(word));
    });
    if (candidates.length === 0) return null;
    const [longest] = candidates;
    const longestWords = contentWords(longest);
    if (!candidates.every((name) => contentWords(name).every((word) => longestWords.includes(word)))) return null;
    return longest;
  }

  /** Whether a capitalised phrase is a name the article uses for an institution. */
  knows(name: string): boolean {
    const lower = name.toLowerCase();
    return this.names.some((known) => known.toLowerCase() === lower);
  }
}

const CONNECTOR = String.raw`(?:of|for|on|the|de|du|des|al)`;
const ORGANIZATION_RUN = new RegExp(
  String.raw`\p{Lu}[\p{L}\p{M}\p{N}'’&.-]*(?:\s+(?:${CONNECTOR}\s+)*\p{Lu}[\p{L}\p{M}\p{N}'’&.-]*)*`,
  'gu',
);

/**
 * A capitalised run split where a sentence ends inside it: "the Department of Justice. The Drug
 * Enforcement Taskforce" is two names. A full stop after a word of four letters or more ends a
 * sentence; "U.S." and "Corp." do not.
 */
function sentencesOf(run: string): string[] {
  return run.split(/(?<=[\p{Ll}]{3}\.)\s+/u);
}

const LEADING_NOISE = /^(?:the|a|an|in|on|at|by|from|with|and|but|while|when|as|after|before|said|says|according|to)\s+/i;

function cleanName(text: string): string | null {
  let name = text
    .replace(/\s+/g, ' ')
    .replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}.)]+$/gu, '')
    .trim();
  for (let before = ''; before !== name; ) {
    before = name;
    name = name.replace(LEADING_NOISE, '');
  }
  // "Russia's Interior Ministry" is named "Interior Ministry" by its owner; keep both words.
  name = withoutPossessive(name.replace(/\.$/, ''));
  if (name === '' || !isCapitalized(name)) return null;
  return name;
}

const FUNCTION_WORDS = new Set(['the', 'a', 'an', 'of', 'for', 'and', 'on', 'its', 'their', 'de', 'du', 'des', 'al']);

function contentWords(text: string): string[] {
  return text
    .toLowerCase()
    .split(/\s+/)
    .map((word) => withoutPossessive(word.replace(/[^\p{L}\p{N}'’-]/gu, '')))
    .filter((word) => word !== '' && !FUNCTION_WORDS.has(word));
}

/** Words after a source's head that still describe it: "two people familiar with the talks". */
const DESCRIPTION_TAILS =
  /^(?:familiar|close|with|who|from|of|for|at|in|on|inside|within|involved|briefed|speaking|knowledgeable|aware|linked|near|based|working|representing)$/i;

/** The head noun of a subject phrase: the last word before its first post-modifier. */
function headOf(words: string[]): { head: string; index: number } | null {
  let end = words.length;
  for (let index = 1; index < words.length; index++) {
    if (DESCRIPTION_TAILS.test(words[index])) {
      end = index;
      break;
    }
  }
  if (end === 0) return null;
  const head = words[end - 1];
  return { head: withoutPossessive(head.replace(/[^\p{L}\p{N}'’-]/gu, '')).toLowerCase(), index: end - 1 };
}

/**
 * What a subject that is no named person stands for: an institution, an unnamed person or group,
 * or nothing we can describe (a pronoun, a place, an unknown surname).
 */
export function classifySource(subject: string, organizations: OrganizationIndex, tags?: { isOrganization: boolean }): Source | null {
  const text = subject.trim().replace(/[,;:.!?]+$/, '');
  if (text === '') return null;
  const words = text.split(/\s+/);
  if (words.length > 14) return null;
  const lower = text.toLowerCase();
  if (/^(?:he|she|they|it|we|i|you|who|which|that|this|there)$/.test(lower)) return null;
  const found = headOf(words);
  if (!found) return null;
  const { head, index } = found;
  // "the ministry's spokesperson", "a police source", "officials", "two people familiar with the talks"
  const quantified =
    /^(?:a|an|one|another|two|three|four|five|six|seven|eight|nine|ten|several|some|many|most|few|other|both|all|dozens|hundreds)\s/i.test(
      lower,
    );
  // "the complaint", "one note", "an internal report from the department": a document speaks.
  if (DOCUMENT_NOUNS.has(head) && !isCapitalized(words[index]) && index <= 4) {
    // "A Financial Times article", "the ministry's statement": the owner speaks, when it is an
    // institution; an owner that is neither ("the paper's match report") leaves it unsaid.
    const owner = words.slice(0, index).findLastIndex((word) => isPossessive(word) || isCapitalized(word));
    if (owner < 0 || /^(?:a|an|the|one|another)$/i.test(words[owner])) return { kind: 'unnamed', description: text };
    const ownerText = words
      .slice(0, owner + 1)
      .join(' ')
      .replace(/\s*\([^)]*\)$/, '');
    const source = classifySource(withoutPossessive(ownerText), organizations);
    return source?.kind === 'organization' ? source : source ? { kind: 'unnamed', description: text } : null;
  }
  // "one survey respondent", "a senior police source": someone the article counts but does not name.
  if (HUMAN_NOUNS.has(head) || (quantified && !isCapitalized(words[index]) && !ORGANIZATION_HEADS.has(head))) {
    const organization = SPOKESPERSON_NOUNS.has(head) ? spokenFor(words, index, organizations) : null;
    return organization ? { kind: 'unnamed', description: text, organization } : { kind: 'unnamed', description: text };
  }
  const first = words[0].toLowerCase();
  const determined = ['the', 'its', 'their', 'his', 'her', 'our'].includes(first) || isPossessive(words[0]);
  if (ORGANIZATION_HEADS.has(head) && (determined || isCapitalized(words[index]) || words.length === 1)) {
    const reference = words.slice(0, index + 1).join(' ');
    const name = organizations.fullest(reference) ?? bareName(reference);
    return { kind: 'organization', name };
  }
  // "Gazprom said", "NATO said": a capitalised name the article uses for an institution.
  if (words.every((word) => isCapitalized(word) || FUNCTION_WORDS.has(word.toLowerCase()))) {
    const name = cleanName(text);
    // A country or a city is not an institution ("UK denies ..."): the corpus gives it no source.
    if (name && isPlace(name)) return null;
    if (name && (tags?.isOrganization || organizations.knows(name) || /^\p{Lu}{2,}$/u.test(name))) {
      return { kind: 'organization', name: organizations.fullest(name) ?? name };
    }
    // "the Telegraph said" after "The Daily Telegraph": a shorter form of a name the article uses for an institution.
    const fuller = name ? organizations.fullest(name) : null;
    if (fuller) return { kind: 'organization', name: fuller };
    // "Health and Human Services says", "Human Rights Watch said": a name ending in an institution's word.
    const last = withoutPossessive(words[words.length - 1]).toLowerCase();
    if (name && ORGANIZATION_NAME_WORDS.has(last) && words.length > 1) return { kind: 'organization', name };
  }
  return null;
}

const SPOKESPERSON_NOUNS = new Set(['spokesperson', 'spokesman', 'spokeswoman', 'spokespeople', 'spokesmen', 'spokeswomen']);

const DETERMINER = /^(?:a|an|the|one|another)$/i;

/**
 * The institution a spokesperson speaks for, when the subject names it: capitalised words before
 * the noun ("A Home Office spokesperson") or after "for", "of" or "at" ("a spokesman for the
 * Ministry of Defence"). A country or a city is not one ("a French spokesman").
 */
function spokenFor(words: string[], headIndex: number, organizations: OrganizationIndex): string | null {
  const before = words.slice(0, headIndex);
  let start = before.length;
  while (
    start > 0 &&
    !DETERMINER.test(before[start - 1]) &&
    (isCapitalized(before[start - 1]) || FUNCTION_WORDS.has(before[start - 1].toLowerCase()))
  )
    start--;
  while (start < before.length && !isCapitalized(before[start])) start++;
  let named = before.slice(start);
  if (named.length === 0 && /^(?:for|of|at)$/i.test(words[headIndex + 1] ?? '')) {
    const after = words.slice(headIndex + 2);
    const from = DETERMINER.test(after[0] ?? '') ? 1 : 0;
    let end = from;
    while (end < after.length && (isCapitalized(after[end]) || (end > from && FUNCTION_WORDS.has(after[end].toLowerCase())))) end++;
    named = after.slice(from, end);
  }
  while (named.length > 0 && FUNCTION_WORDS.has(named[named.length - 1].toLowerCase())) named.pop();
  const name = named.length > 0 ? cleanName(named.join(' ').replace(/[,;:.]+$/, '')) : null;
  if (!name || isPlace(name) || isDemonym(name)) return null;
  return organizations.fullest(name) ?? name;
}

const demonymCache = new Map<string, boolean>();

/** "a French spokesman": a nationality, not an institution. */
function isDemonym(name: string): boolean {
  let demonym = demonymCache.get(name);
  if (demonym === undefined) {
    demonym = !name.includes(' ') && nlp(name).has('#Demonym');
    demonymCache.set(name, demonym);
  }
  return demonym;
}

const placeCache = new Map<string, boolean>();

/** A name compromise reads as a place only: "UK", "Ukraine", "Paris" (not "Paris City Council"). */
function isPlace(name: string): boolean {
  let place = placeCache.get(name);
  if (place === undefined) {
    const document = nlp(name);
    place = document.places().text() === document.text() && document.organizations().found === false;
    placeCache.set(name, place);
  }
  return place;
}

/** "The Foreign Ministry" is named "Foreign Ministry"; "the ministry" stays as written. */
function bareName(reference: string): string {
  const withoutArticle = reference.replace(/^the\s+/i, '');
  return isCapitalized(withoutArticle) ? withoutArticle : reference;
}
