import nlp from 'compromise';
import { parseRolePhrase, isRoleWord, ROLE_HEADS, type RolePhrase } from './roles';
import { isCapitalized, isPossessive, TermTags, withoutPossessive, wordsIn, type Word } from './text';

/**
 * The people an article names, found with compromise and completed by a few patterns for names
 * compromise does not know ("Kremlin spokesman Arkady Belov"). Each person keeps the fullest form
 * of their name, a presumed gender for pronouns, and the roles the article introduces them with.
 */

export type Gender = 'male' | 'female' | null;

export interface Person {
  name: string;
  tokens: string[];
  gender: Gender;
  /** The gender is only compromise's guess from the first name ("Stephane"), no title or role says it. */
  genderPresumed?: boolean;
  roles: RolePhrase[];
}

/** A name that fits several people ("Haddad" with Samir and Nadia Haddad in the article). */
export const AMBIGUOUS = 'ambiguous' as const;
export type NameLookup = Person | typeof AMBIGUOUS | null;

const HONORIFICS: Record<string, Gender> = {
  mr: 'male',
  mrs: 'female',
  ms: 'female',
  miss: 'female',
  sir: 'male',
  dame: 'female',
  lord: 'male',
  lady: 'female',
  dr: null,
  prof: null,
  sen: null,
  rep: null,
  gov: null,
  gen: null,
  mx: null,
  cllr: null,
  clr: null,
  coun: null,
  det: null,
  supt: null,
  insp: null,
  sgt: null,
  cpl: null,
  pte: null,
  lt: null,
  col: null,
  capt: null,
  maj: null,
  cmdr: null,
  adm: null,
  rev: null,
  fr: null,
  hon: null,
  atty: null,
  pres: null,
  sec: null,
  mme: 'female',
  mlle: 'female',
  messrs: null,
  madam: 'female',
  sheikh: 'male',
  sayyid: 'male',
  // Malaysian, Nigerian and Pakistani titles written before the name.
  datuk: null,
  dato: null,
  "dato'": null,
  datin: 'female',
  seri: null,
  tan: null,
  tun: null,
  alhaji: 'male',
  alhaja: 'female',
  engr: null,
  barrister: null,
  ch: null,
};

const NAME_PARTICLES = new Set([
  'van',
  'von',
  'de',
  'der',
  'den',
  'da',
  'das',
  'dos',
  'di',
  'du',
  'del',
  'della',
  'la',
  'le',
  'al',
  'el',
  'bin',
  'binti',
  'ibn',
  // "Fayyaz ul Hassan Chohan", "Shams ud Din": the Urdu and Arabic linking particle.
  'ul',
  'ud',
  'ur',
  'ter',
  'ten',
  'st',
]);

/** Capitalised words that mark an organization, a place or a title, never a person's name. */
const NOT_NAME_WORDS = new Set([
  'association',
  'ministry',
  'department',
  'agency',
  'council',
  'union',
  'bank',
  'party',
  'office',
  'committee',
  'commission',
  'court',
  'government',
  'embassy',
  'kremlin',
  'university',
  'institute',
  'corporation',
  'corp',
  'inc',
  'ltd',
  'group',
  'company',
  'service',
  'services',
  'police',
  'army',
  'forces',
  'news',
  'press',
  'times',
  'post',
  'daily',
  'gazette',
  'journal',
  'herald',
  'wire',
  'federation',
  'foundation',
  'fund',
  'programme',
  'program',
  'organization',
  'organisation',
  'authority',
  'board',
  'club',
  'united',
  'city',
  'town',
  'rovers',
  'athletic',
  'fc',
  'hall',
  'street',
  'road',
  'square',
  'airport',
  'port',
  'station',
  'school',
  'hospital',
  'centre',
  'center',
  'research',
  'capital',
  'network',
  'parliament',
  'senate',
  'assembly',
  'congress',
  'index',
  'report',
  'summit',
  'conference',
  'charter',
  'nations',
  'republic',
  'kingdom',
  'states',
  'bakery',
  'zeitung',
  'review',
  'ledger',
  'partners',
  'holdings',
  'airlines',
  'lines',
  'house',
  'treasury',
  'greens',
  'labour',
  'democrats',
  'republicans',
  'socialists',
  'conservatives',
  'liberals',
  'democrat',
  'republican',
  'saint',
  'hotel',
  'hôtel',
  'ville',
  'palace',
  'academia',
  'secretariat',
  'terrace',
  // Determiners capitalised at a sentence's start: "Another Lough View Terrace resident said".
  'another',
  'other',
  'every',
  'each',
  'tower',
  'bridge',
  'park',
  'river',
  'lake',
  'mount',
  'museum',
  'cathedral',
  'church',
  'mosque',
  'temple',
  'stadium',
  'arena',
  'matin',
  'sport',
  'europe',
  'european',
  'international',
  'national',
  'global',
  'world',
  'north',
  'south',
  'east',
  'west',
  'the',
  'a',
  'an',
  'in',
  'on',
  'at',
  'but',
  'and',
  'if',
  'when',
  'while',
  'as',
  'after',
  'before',
  'asked',
  'speaking',
  'this',
  'that',
  'it',
  'he',
  'she',
  'they',
  'we',
  'i',
  'you',
  'our',
  'their',
  'his',
  'her',
  'its',
  'some',
  'many',
  'most',
  'others',
  'nobody',
  'everyone',
  'every',
  'according',
  'meanwhile',
  'however',
  'across',
  'back',
  'not',
  'one',
  'related',
  'read',
  'more',
  'translated',
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
  'survey',
  'poll',
  'study',
  'act',
  'bill',
  'law',
  'day',
  'week',
  'cup',
  'league',
  'championship',
  'games',
  'olympics',
  'award',
  'awards',
  'prize',
  'festival',
  'show',
  'series',
  'magazine',
  'channel',
  'radio',
  'tv',
  'television',
  'online',
  'media',
  'insider',
  'telegraph',
  'mail',
  'express',
  'mirror',
  'sun',
  'observer',
  'independent',
  'standard',
  'tribune',
  'chronicle',
  'bulletin',
  'agence',
  'agenzia',
  'presse',
  'stock',
  'exchange',
  'market',
  'markets',
  'airways',
  'motors',
  'energy',
  'oil',
  'gas',
  'power',
  'health',
  'care',
  'trust',
  'council',
  'county',
  'district',
  'province',
  'state',
  'region',
  'island',
  'islands',
  'valley',
  'coast',
  'bay',
  'beach',
  'hills',
  'county',
  'borough',
  'village',
  'centre',
  'avenue',
  'lane',
  'drive',
  'way',
  'place',
  'court',
  'gardens',
  'estate',
  'quarter',
  'district',
  'zone',
  'strip',
  'bank',
  'dollar',
  'euro',
  'pound',
  'yen',
  'yuan',
  'rupee',
  'covid',
  'coronavirus',
  'christmas',
  'easter',
  'ramadan',
  'eid',
  'new',
  'year',
  'years',
  'god',
  'allah',
  'lord',
  'jesus',
  'bible',
  'quran',
  'orphanage',
  'charity',
  'shelter',
  'sanctuary',
  'clinic',
  'library',
  'academy',
  'college',
  'society',
  'alliance',
  'coalition',
  'movement',
  'institution',
  'centre',
  'hospice',
  'prison',
  'farm',
  'reserve',
]);

/** Nouns that end the name of an institution or a place ("Dundalk Garda Station"): the words before them are no person's. */
const INSTITUTION_NOUNS = new Set([
  'association',
  'ministry',
  'department',
  'agency',
  'council',
  'union',
  'bank',
  'party',
  'office',
  'committee',
  'commission',
  'court',
  'government',
  'embassy',
  'university',
  'institute',
  'corporation',
  'group',
  'company',
  'service',
  'services',
  'foundation',
  'fund',
  'organization',
  'organisation',
  'authority',
  'board',
  'club',
  'hall',
  'street',
  'road',
  'square',
  'airport',
  'station',
  'school',
  'hospital',
  'centre',
  'center',
  'orphanage',
  'charity',
  'shelter',
  'sanctuary',
  'clinic',
  'library',
  'academy',
  'college',
  'society',
  'hotel',
  'palace',
  'tower',
  'bridge',
  'park',
  'museum',
  'stadium',
  'arena',
  'prison',
  'farm',
  'trust',
  'avenue',
  'lane',
  'secretariat',
  'terrace',
  'crescent',
  'gardens',
  'estate',
  'theatre',
  'theater',
  'church',
  'cathedral',
  'mosque',
  'temple',
  'gallery',
  'institution',
  'hospice',
  'campus',
  'building',
]);

/** Letters after a name that are not part of it: "Helen Marsden KC". */
const POST_NOMINALS = new Set(['kc', 'qc', 'mp', 'mep', 'jr', 'sr', 'ii', 'iii', 'iv', 'phd', 'md', 'obe', 'cbe', 'mbe', 'esq']);

const NON_PERSON_TAGS = ['Place', 'Country', 'City', 'Region', 'Organization', 'Demonym', 'Date', 'Month', 'WeekDay'];

/** Verbs of saying next to which a capitalised sequence is a speaker's name. */
const NAME_ADJACENT_VERBS =
  'said|says|told|added|asked|wrote|noted|stressed|warned|insisted|explained|argued|replied|admitted|confirmed|declared|announced';

const NAME_WORD = String.raw`\p{Lu}[\p{L}\p{M}'’-]+`;
const PARTICLE = String.raw`(?:van|von|de|der|den|da|das|dos|di|du|del|della|la|le|al|el|bin|binti|ibn|ul|ud|ur|ter|ten)`;
const NAME_SEQUENCE = String.raw`(?:${PARTICLE}[ \u00a0]+)?${NAME_WORD}(?:[ \u00a0]+(?:${PARTICLE}[ \u00a0]+)?${NAME_WORD}){1,3}`;

/** Capitalised words in a row, particles included: where a name may be. */
// Within a line: a name never runs over a paragraph break.
export const CAPITALIZED_RUN = new RegExp(
  String.raw`(?:${PARTICLE}[ \u00a0]+)?\p{Lu}[\p{L}\p{M}'’.-]*(?:[ \u00a0]+(?:${PARTICLE}[ \u00a0]+)?\p{Lu}[\p{L}\p{M}'’.-]*)*`,
  'gu',
);

function normalized(token: string): string {
  // O’Grady and O'Grady are one name, whichever apostrophe the article types.
  return token.toLowerCase().replace(/\.$/, '').replace(/’/g, "'");
}

function presumedGender(name: string): Gender {
  const person = (nlp(name).people().json() as { person?: { presumed_gender?: string | null } }[])[0]?.person;
  const gender = person?.presumed_gender;
  return gender === 'male' || gender === 'female' ? gender : null;
}

function genderOfRole(role: RolePhrase): Gender {
  if (/woman\b/.test(role.title.toLowerCase())) return 'female';
  if (/\b(?:spokes|chair|business|congress)man\b/.test(role.title.toLowerCase())) return 'male';
  return null;
}

export class PersonRegistry {
  readonly people: Person[] = [];
  // Indexes by last and by first token (normalized), so that adding and looking up a name costs
  // the people sharing its ends, not everyone in the article.
  private readonly byLast = new Map<string, Person[]>();
  private readonly byFirst = new Map<string, Person[]>();
  private readonly byFamily = new Map<string, Person[]>();
  /** Every alias (normalized, see aliasesOf) of everyone, for scanning text word by word. */
  readonly aliasKeys = new Set<string>();
  /** The longest alias, in tokens. */
  longestAlias = 1;

  /** Adds a person, or completes the one already known by part of this name. */
  add(tokens: string[], gender: Gender): Person {
    const lower = tokens.map(normalized);
    const sameLast = this.byLast.get(lower[lower.length - 1]) ?? [];
    const longer = sameLast.filter((person) => endsWith(person.tokens.map(normalized), lower));
    if (longer.length === 1) return longer[0];
    const shorter = sameLast.filter((person) => endsWith(lower, person.tokens.map(normalized)));
    // "Ana Ferreira" and "Ana Lucia Ferreira": the same first and last names, a middle name in one only.
    if (longer.length === 0 && shorter.length === 0 && lower.length >= 2) {
      const withMiddle = sameLast.filter((person) => {
        const known = person.tokens.map(normalized);
        return (
          known.length !== lower.length &&
          known[0] === lower[0] &&
          (known.length < lower.length ? isSubsequence(known, lower) : isSubsequence(lower, known))
        );
      });
      if (withMiddle.length === 1) {
        const [person] = withMiddle;
        if (person.tokens.length < tokens.length) {
          this.unindex(person);
          person.tokens = tokens;
          person.name = tokens.join(' ');
          this.index(person);
        }
        setGender(person, gender);
        return person;
      }
    }
    // "Felix Chung" and "Felix Chung Kwok-pan": the same person, whichever comes first.
    if (longer.length === 0 && shorter.length === 0 && lower.length >= 2) {
      const sameFirst = (this.byFirst.get(lower[0]) ?? []).filter((person) => {
        const known = person.tokens.map(normalized);
        const [short, long] = known.length <= lower.length ? [known, lower] : [lower, known];
        // "Kwok" and "Kwok-pan": a hyphenated given name cut at its hyphen.
        return short.length >= 2 && short.every((token, index) => sameOrHyphenated(long[index], token));
      });
      if (sameFirst.length === 1) {
        const [person] = sameFirst;
        if (person.tokens.length < tokens.length) {
          this.unindex(person);
          person.tokens = tokens;
          person.name = tokens.join(' ');
          this.index(person);
        }
        setGender(person, gender);
        return person;
      }
    }
    if (longer.length === 0 && shorter.length === 1) {
      // "Biden" first, "Joe Biden" later: one person, now with the full name.
      const [person] = shorter;
      this.unindex(person);
      person.tokens = tokens;
      person.name = tokens.join(' ');
      setGender(person, gender);
      this.index(person);
      return person;
    }
    const presumed = gender ? null : presumedGender(tokens.join(' '));
    const person: Person = { name: tokens.join(' '), tokens, gender: gender ?? presumed, genderPresumed: presumed !== null, roles: [] };
    this.people.push(person);
    this.index(person);
    return person;
  }

  private index(person: Person): void {
    const lower = person.tokens.map(normalized);
    push(this.byLast, lower[lower.length - 1], person);
    if (lower.length > 1) push(this.byFirst, lower[0], person);
    const family = familyNameOf(person);
    if (family) push(this.byFamily, normalized(family), person);
    for (const alias of aliasesOf(person)) {
      this.aliasKeys.add(alias.split(' ').map(normalized).join(' '));
      this.longestAlias = Math.max(this.longestAlias, alias.split(' ').length);
    }
  }

  private unindex(person: Person): void {
    const lower = person.tokens.map(normalized);
    remove(this.byLast, lower[lower.length - 1], person);
    if (lower.length > 1) remove(this.byFirst, lower[0], person);
    const family = familyNameOf(person);
    if (family) remove(this.byFamily, normalized(family), person);
  }

  /** The person a full or partial name ("Amir-Abdollahian", "van Dalen", "Mr. Biden") refers to. */
  lookup(name: string): NameLookup {
    const tokens = name
      .split(/\s+/)
      .map((token) => withoutPossessive(token.replace(/[,.;:]+$/, '')))
      .filter((token, index) => token !== '' && !(index === 0 && normalized(token) in HONORIFICS));
    if (tokens.length === 0) return null;
    const lower = tokens.map(normalized);
    const sameLast = this.byLast.get(lower[lower.length - 1]) ?? [];
    const exact = sameLast.filter((person) => sameTokens(person.tokens.map(normalized), lower));
    if (exact.length === 1) return exact[0];
    const bySurname = sameLast.filter((person) => endsWith(person.tokens.map(normalized), lower));
    if (bySurname.length === 1) return bySurname[0];
    if (bySurname.length > 1) return AMBIGUOUS;
    if (tokens.length === 1) {
      const byFirstName = [...new Set([...(this.byFirst.get(lower[0]) ?? []), ...(this.byFamily.get(lower[0]) ?? [])])];
      if (byFirstName.length === 1) return byFirstName[0];
      if (byFirstName.length > 1) return AMBIGUOUS;
    }
    return null;
  }

  /** Every way the article may refer to someone by name, longest first. */
  aliases(): string[] {
    const aliases = new Set<string>();
    for (const person of this.people) for (const alias of aliasesOf(person)) aliases.add(alias);
    return [...aliases].sort((a, b) => b.length - a.length);
  }
}

/** "Leung" in "Priscilla Leung Mei-fun": an English name before a Chinese family and given name. */
function familyNameOf(person: Person): string | null {
  const { tokens } = person;
  return tokens.length === 3 && /\p{L}-\p{Ll}/u.test(tokens[2]) ? tokens[1] : null;
}

/** The full name, the first name (or a family name written first), and every surname suffix. */
function aliasesOf(person: Person): string[] {
  const aliases = [person.name];
  const family = familyNameOf(person);
  if (family) aliases.push(family);
  if (person.tokens.length > 1 && !NAME_PARTICLES.has(normalized(person.tokens[0]))) aliases.push(person.tokens[0]);
  for (let index = 1; index < person.tokens.length; index++) {
    const suffix = person.tokens.slice(index);
    if (!NAME_PARTICLES.has(normalized(suffix[0])) || suffix.length > 1) aliases.push(suffix.join(' '));
  }
  return aliases.filter((alias) => isCapitalized(alias) || alias.includes(' '));
}

/** How an alias is compared: lower case, either apostrophe. */
export function aliasKey(words: string[]): string {
  return words.map(normalized).join(' ');
}

/** A gender a title or a role tells ("Mrs", "spokeswoman") wins over one guessed from the first name. */
function setGender(person: Person, gender: Gender): void {
  if (gender === null || (person.gender !== null && !person.genderPresumed)) return;
  person.gender = gender;
  person.genderPresumed = false;
}

function push(map: Map<string, Person[]>, key: string, person: Person): void {
  const list = map.get(key);
  if (list) list.push(person);
  else map.set(key, [person]);
}

function remove(map: Map<string, Person[]>, key: string, person: Person): void {
  const list = map.get(key);
  if (list) list.splice(list.indexOf(person) >>> 0, list.includes(person) ? 1 : 0);
}

function endsWith(tokens: string[], suffix: string[]): boolean {
  if (suffix.length > tokens.length) return false;
  return suffix.every((token, index) => tokens[tokens.length - suffix.length + index] === token);
}

function sameOrHyphenated(first: string, second: string): boolean {
  return first === second || first.startsWith(`${second}-`) || second.startsWith(`${first}-`);
}

/** Every token of short, in order, among long's. */
function isSubsequence(short: string[], long: string[]): boolean {
  let index = 0;
  for (const token of long) if (index < short.length && short[index] === token) index++;
  return index === short.length;
}

function sameTokens(first: string[], second: string[]): boolean {
  return first.length === second.length && endsWith(first, second);
}

interface NameCandidate {
  tokens: string[];
  start: number;
  end: number;
  gender: Gender;
}

/**
 * Cleans a span compromise (or a pattern) took for a name: leading titles and owners go
 * ("Minister Hossein Amir-Abdollahian", "Iran's"), a surname compromise left out is taken back
 * ("President Joe" + "Biden's"), and a possessive ending is removed.
 */
export function nameAt(body: string, tags: TermTags, start: number, end: number): NameCandidate | null {
  // A span that stops inside a hyphenated word ("Kwok" of "Kwok-pan") takes the whole word.
  const rest = /^-[\p{L}\p{M}]+(?:-[\p{L}\p{M}]+)*/u.exec(body.slice(end, end + 30));
  if (rest && /[\p{L}\p{M}]$/u.test(body.slice(Math.max(0, end - 1), end))) end += rest[0].length;
  // compromise starts "Fayyaz ul Hassan Chohan" at "Hassan": a linking particle takes in the word before it.
  const linked = /(\p{Lu}[\p{L}\p{M}'’-]+)[ \u00a0](?:ul|ud|ur|bin|binti|ibn)[ \u00a0]$/u.exec(body.slice(Math.max(0, start - 40), start));
  if (linked) start -= linked[0].length;
  const words = wordsIn(body, start, end);
  // A name's words stand a space apart: "Danny Collins (Ind)" ends at the bracket.
  const apart = words.findIndex((word, index) => index > 0 && !/^[ \u00a0]+$/.test(body.slice(words[index - 1].end, word.start)));
  if (apart > 0) words.length = apart;
  let gender: Gender = null;
  while (words.length > 0) {
    const first = normalized(words[0].text);
    if (first in HONORIFICS) {
      gender = HONORIFICS[first];
      words.shift();
    } else if (isRoleWord(words[0].text) || isPossessive(words[0].text)) {
      words.shift();
    } else if (words.length > 2 && (normalized(words[1].text) in HONORIFICS || isRoleWord(words[1].text))) {
      // "Democratic Sen. Chuck Schumer", "Labour MP Jess Phillips": what qualifies the title.
      words.shift();
    } else if (
      words.length > 2 &&
      (!isNameWord(words[0], tags, body) || looksLikeCommonNoun(words[0], tags)) &&
      !NAME_PARTICLES.has(words[0].text)
    ) {
      // A pattern's capitalised run may start on the words before a name: "North MP Gideon Mung’aro".
      words.shift();
    } else {
      break;
    }
  }
  while (words.length > 0 && POST_NOMINALS.has(normalized(words[words.length - 1].text))) words.pop();
  if (words.length === 0) return null;
  // compromise stops before a possessive surname it does not know: take up to two more words.
  let last = words[words.length - 1];
  while (words.length < 4 && !isPossessive(last.text)) {
    const following = /^ (\p{Lu}[\p{L}\p{M}'’-]*)/u.exec(body.slice(last.end, last.end + 40));
    if (!following) break;
    const word: Word = { text: following[1], start: last.end + 1, end: last.end + 1 + following[1].length };
    if (!(isNameWord(word, tags, body) || isSurnameAfterFirstName(word, last, tags)) || POST_NOMINALS.has(normalized(word.text))) break;
    words.push(word);
    last = word;
  }
  if (startsWithPlaceOfTitle(body, tags, words)) words.shift();
  // "Goongerah Wombat Orphanage", "Dundalk Garda Station": words before the noun of an institution
  // or a place name it, not a person.
  const institution = isPossessive(last.text) ? null : /^ (\p{Lu}[\p{L}\p{M}'’-]*)/u.exec(body.slice(last.end, last.end + 40));
  if (institution && INSTITUTION_NOUNS.has(withoutPossessive(institution[1]).toLowerCase())) return null;
  const tokens = words.map((word, index) => (index === words.length - 1 ? withoutPossessive(word.text) : word.text));
  if (
    !tokens.every((token, index) => (index > 0 && index < tokens.length - 1 && NAME_PARTICLES.has(token) ? true : isCapitalized(token)))
  ) {
    return null;
  }
  // "the New Zealand Warriors": a name does not start inside a place's name.
  const previous = wordBefore(body, words[0].start);
  if (previous && lexiconPlace(`${previous} ${words[0].text}`)) return null;
  // "the Victor Memorial": after "the", compromise's guess that a word names a place stands.
  const followsThe = afterThe(body, words[0].start);
  if (
    !words.every(
      (word, index) =>
        isNameWord(word, tags, body, followsThe) ||
        (index === 0 && !followsThe && words.length > 1 && isPlaceAsFirstName(word, words[1], tags)) ||
        NAME_PARTICLES.has(word.text) ||
        (index > 0 && index === words.length - 1 && isSurnameAfterFirstName(word, words[index - 1], tags)),
    )
  )
    return null;
  return { tokens, start: words[0].start, end: words[words.length - 1].end, gender };
}

/** "Recorder of Middlesbrough Peter Fox", "MP for Wigan Lisa Nandy": the place of a title, then a first name. */
function startsWithPlaceOfTitle(body: string, tags: TermTags, words: Word[]): boolean {
  return (
    words.length > 2 &&
    tags.has(words[1].start, 'FirstName') &&
    !tags.has(words[0].start, 'FirstName') &&
    /\b(?:of|for|in|from)\s+$/.test(body.slice(Math.max(0, words[0].start - 6), words[0].start))
  );
}

/** "Telecommunications" in "Minister of Telecommunications Boutros Harb": a common noun capitalised. */
function looksLikeCommonNoun(word: Word, tags: TermTags): boolean {
  const wordTags = tags.at(word.start);
  if (wordTags.has('Person') || wordTags.has('FirstName')) return false;
  return wordTags.has('Plural') || /(?:tions?|ments?|isms?|ities|ity|ies|ences?|ances?|ships?|ture)$/.test(word.text);
}

/** "Paul King", "Anna Bishop": a role noun after a first name is a surname, not a title. */
function isSurnameAfterFirstName(word: Word, previous: Word, tags: TermTags): boolean {
  const bare = withoutPossessive(word.text);
  if (!isCapitalized(bare) || !ROLE_HEADS.has(bare.toLowerCase())) return false;
  if (isRoleWord(previous.text) || previous.text.toLowerCase() in HONORIFICS) return false;
  return tags.has(previous.start, 'FirstName');
}

/** "Bari Weiss", "Chelsea Clinton": a city's name is a first name before a word compromise knows for a surname. */
function isPlaceAsFirstName(word: Word, next: Word, tags: TermTags): boolean {
  if (!tags.has(next.start, 'LastName') || !isCapitalized(word.text) || NOT_NAME_WORDS.has(word.text.toLowerCase())) return false;
  const wordTags = tags.at(word.start);
  return [...PLACE_TAGS].some((tag) => wordTags.has(tag)) && !wordTags.has('Organization') && !wordTags.has('Country');
}

function isNameWord(word: Word, tags: TermTags, body: string, trustGuessedPlaces = false): boolean {
  const bare = withoutPossessive(word.text);
  if (!isCapitalized(bare) || NOT_NAME_WORDS.has(bare.toLowerCase()) || isRoleWord(bare)) return false;
  // "RCMP", "NHS": an acronym names a body, not a person; "MPs", "CEOs": nor does its plural.
  if (/^\p{Lu}{2,}s?$/u.test(bare)) return false;
  const wordTags = tags.at(word.start);
  if (wordTags.has('Person')) return true;
  return (
    !NON_PERSON_TAGS.some((tag) => wordTags.has(tag) && (tag !== 'Place' || trustGuessedPlaces || knownPlace(body, word))) &&
    !wordTags.has('Verb')
  );
}

const PLACE_TAGS = new Set(['Place', 'Country', 'City', 'Region']);

/** "the" just before position: what follows names a place, a body or a thing, not a person. */
function afterThe(body: string, position: number): boolean {
  return /\bthe\s+$/i.test(body.slice(Math.max(0, position - 5), position));
}

/** The word just before position, across spaces only. */
function wordBefore(body: string, position: number): string | undefined {
  return /(\p{L}+)[ \u00a0]+$/u.exec(body.slice(Math.max(0, position - 30), position))?.[1];
}

/**
 * compromise guesses "Place" for an unknown capitalised word beside another place-like one
 * ("Secretary of State Heiko Maas", "Max Hill QC"); only a word its lexicon lists as a place, on
 * its own or with the word before or after it ("New Zealand"), keeps that tag against a name.
 */
function knownPlace(body: string, word: Word): boolean {
  const before = wordBefore(body, word.start);
  const after = /^[ \u00a0]+(\p{L}+)/u.exec(body.slice(word.end, word.end + 30))?.[1];
  const bare = withoutPossessive(word.text);
  return [bare, before && `${before} ${bare}`, after && `${bare} ${after}`].some((key) => key && lexiconPlace(key));
}

function lexiconPlace(key: string): boolean {
  const entry = LEXICON[key.toLowerCase()];
  if (entry === undefined) return false;
  return (Array.isArray(entry) ? entry : [entry]).some((tag) => PLACE_TAGS.has(tag));
}

const LEXICON = (nlp.model() as { one: { lexicon: Record<string, string | string[]> } }).one.lexicon;

/** A capitalised sequence that names someone, checked word by word; for subjects of saying verbs. */
export function looksLikeName(body: string, tags: TermTags, start: number, end: number): NameCandidate | null {
  const candidate = nameAt(body, tags, start, end);
  if (!candidate || candidate.tokens.length < 2) return null;
  return candidate;
}

// Case-insensitive on the first letter only: the names after it must stay capitalised, and the
// \p{Lu} of a name would match any letter under a case-insensitive flag.
// Short heads are also written in capitals: "MP", "CEO".
const ROLE_HEAD_PATTERN = [...ROLE_HEADS]
  .flatMap((head) => [`[${head[0].toUpperCase()}${head[0]}]${head.slice(1)}`, ...(head.length <= 4 ? [head.toUpperCase()] : [])])
  .join('|');

/** Institutions' words that are also common surnames (Jerry Hall, Charlotte Church, Grace Park). */
const SURNAME_LIKE_INSTITUTION_WORDS = new Set([
  'herald',
  'hall',
  'church',
  'park',
  'lane',
  'post',
  'court',
  'house',
  'bridge',
  'tower',
  'street',
]);

const FIRST_NAME_AND_INSTITUTION_WORD = new RegExp(
  String.raw`(?<![\p{L}\p{M}'’-])(\p{Lu}\p{Ll}+)[ \u00a0]+(\p{Lu}\p{Ll}+)[ \u00a0]+(?:${NAME_ADJACENT_VERBS})\b`,
  'gu',
);

/** A title written as one ("Governor", "Judge", "Cllr") and a single name word, not a longer name. */
const TITLE_AND_SURNAME = new RegExp(
  String.raw`\b(?:${[...ROLE_HEADS].map((head) => `${head[0].toUpperCase()}${head.slice(1)}`).join('|')})[ \u00a0]+(${NAME_WORD})(?![ \u00a0]*\p{Lu})`,
  'gu',
);

/**
 * Every person named in the narrative (inQuotation marks text to leave out: people named inside
 * someone's quotation are not the article's speakers), with the roles the article introduces.
 */
export function buildPersonRegistry(body: string, tags: TermTags, inQuotation: (position: number) => boolean): PersonRegistry {
  const candidates: NameCandidate[] = [];
  const consider = (start: number, end: number, minimumTokens = 1) => {
    if (inQuotation(start)) return;
    const candidate = nameAt(body, tags, start, end);
    if (candidate && candidate.tokens.length >= minimumTokens) candidates.push(candidate);
  };

  for (const span of tags.spansOf(tags.document.people())) consider(span.start, span.end);
  const fallbacks = [
    // "Kremlin spokesman Arkady Belov"
    new RegExp(String.raw`\b(?:${ROLE_HEAD_PATTERN})\s+(${NAME_SEQUENCE})`, 'gu'),
    // "the Kremlin spokesman, Arkady Belov," and "Berlin's senator for urban development, Katrin Albers,"
    new RegExp(
      String.raw`\b(?:${ROLE_HEAD_PATTERN})\b(?:\s+(?:of|for|at|on)\s+[^,.;:"“”«»()\n]{1,60})?,\s+(${NAME_SEQUENCE})(?=\s*[,.])`,
      'gu',
    ),
    // "Losa Fakaua said", "said Losa Fakaua"
    new RegExp(String.raw`(${NAME_SEQUENCE})\s+(?:${NAME_ADJACENT_VERBS})\b`, 'gu'),
    // Not "told": what follows it is the audience ("told Rhône Matin").
    new RegExp(String.raw`\b(?:said|says|added|asked|wrote)\s+(${NAME_SEQUENCE})`, 'gu'),
    // "Priya Raghunathan, says" and "Marloes Kuipers, the association's director"
    new RegExp(
      String.raw`(${NAME_SEQUENCE}),\s+(?:(?:the|a|an|[\p{Lu}][\p{L}]+['’]s)\s+)?(?:[\p{L}-]+\s+){0,3}(?:${ROLE_HEAD_PATTERN})\b`,
      'gu',
    ),
  ];
  for (const pattern of fallbacks) {
    for (const match of body.matchAll(pattern)) {
      const start = match.index! + match[0].indexOf(match[1]);
      consider(start, start + match[1].length, 2);
    }
  }

  // "Rick Herald said", "Tony Hall told": a name word and, as surname, a word that is most often an
  // institution's ("herald", "hall"), right before a verb of saying and not after "the", name a person.
  for (const match of body.matchAll(FIRST_NAME_AND_INSTITUTION_WORD)) {
    const first: Word = { text: match[1], start: match.index!, end: match.index! + match[1].length };
    const surname = match[2];
    // compromise knows "Rick" for a first name, not "Gabby", and reads "Gabby Herald" as a paper:
    // a first word its lexicon does not know as anything else will do.
    const firstName = tags.has(first.start, 'FirstName') || (LEXICON[first.text.toLowerCase()] === undefined && !knownPlace(body, first));
    if (inQuotation(first.start) || !firstName || !SURNAME_LIKE_INSTITUTION_WORDS.has(surname.toLowerCase())) continue;
    if (afterThe(body, first.start)) continue;
    const surnameStart = match.index! + match[0].indexOf(surname, match[1].length);
    candidates.push({ tokens: [first.text, surname], start: first.start, end: surnameStart + surname.length, gender: null });
  }

  // Names compromise does not know ("Hikmet Hajiyev", "Fukahori Shigemi"): a run of capitalised
  // name-like words one of whose ends the article uses again on its own ("Hajiyev said").
  const capitalizedCounts = new Map<string, number>();
  for (const word of wordsIn(body, 0, body.length)) {
    if (isCapitalized(word.text)) {
      const key = normalized(withoutPossessive(word.text));
      capitalizedCounts.set(key, (capitalizedCounts.get(key) ?? 0) + 1);
    }
  }
  // "Governor Lenku", "Judge Fox": a capitalised title before one name word the article uses again
  // on its own ("Lenku claimed") introduces that person by title and surname alone.
  for (const match of body.matchAll(TITLE_AND_SURNAME)) {
    const start = match.index! + match[0].length - match[1].length;
    const surname = normalized(withoutPossessive(match[1]));
    if ((capitalizedCounts.get(surname) ?? 0) >= 2) consider(start, start + match[1].length);
  }
  for (const run of body.matchAll(CAPITALIZED_RUN)) {
    const words = wordsIn(body, run.index!, run.index! + run[0].length);
    if (words.length < 2) continue;
    const reused = (word: Word) => (capitalizedCounts.get(normalized(withoutPossessive(word.text))) ?? 0) >= 2;
    // The two or three words ending on a reused one ("Former New York Times Opinion Editor Bari
    // Weiss"), or the two starting on it (a family name written first: "Fukahori Shigemi").
    for (let index = 0; index < words.length; index++) {
      if (!reused(words[index])) continue;
      if (index > 0) {
        let first = Math.max(0, index - 2);
        // "Fayyaz ul Hassan Chohan": a particle inside the name does not count as one of its words.
        if (first > 0 && NAME_PARTICLES.has(words[first].text)) first--;
        // "in the Dáil Enda Kenny said": a word after "the" names a place or a body, not the person.
        if (first === 0 && index - first === 2 && afterThe(body, words[0].start)) first = 1;
        consider(words[first].start, words[index].end, 2);
      }
      if (index + 1 < words.length) consider(words[index].start, words[index + 1].end, 2);
    }
  }

  // A surname compromise found alone ("Mr Sethi") is completed from where the article wrote the
  // whole name ("its owner, Vikram Sethi,"), even when compromise did not take that for a name.
  let fuller: Map<string, NameCandidate> | undefined;
  for (const candidate of candidates.filter((found) => found.tokens.length === 1)) {
    fuller ??= fullerNames(body, tags, inQuotation);
    const fullerName = fuller.get(normalized(candidate.tokens[0]));
    if (fullerName) candidates.push(fullerName);
  }
  candidates.sort((a, b) => b.tokens.length - a.tokens.length || a.start - b.start);
  const registry = new PersonRegistry();
  const firstSeen = new Map<Person, number>();
  for (const candidate of candidates) {
    // A lone surname joins the full name it ends; one that fits two people joins neither.
    const found = candidate.tokens.length === 1 ? registry.lookup(candidate.tokens[0]) : null;
    if (found === AMBIGUOUS) continue;
    const person = found ?? registry.add(candidate.tokens, candidate.gender);
    firstSeen.set(person, Math.min(firstSeen.get(person) ?? Infinity, candidate.start));
    addRolesAt(body, person, candidate.start, candidate.end);
  }
  // Document order: the first person named comes first.
  registry.people.sort((a, b) => (firstSeen.get(a) ?? 0) - (firstSeen.get(b) ?? 0));
  for (const person of registry.people) {
    for (const role of person.roles) setGender(person, genderOfRole(role));
  }
  return registry;
}

/**
 * For each word, the first run of two or three capitalised words ending with it that is a name
 * ("Vikram Sethi" for "Sethi"), read in one pass over the article.
 */
function fullerNames(body: string, tags: TermTags, inQuotation: (position: number) => boolean): Map<string, NameCandidate> {
  const fuller = new Map<string, NameCandidate>();
  for (const run of body.matchAll(CAPITALIZED_RUN)) {
    if (inQuotation(run.index!)) continue;
    const words = wordsIn(body, run.index!, run.index! + run[0].length);
    for (let last = 1; last < words.length; last++) {
      const key = normalized(withoutPossessive(words[last].text));
      if (fuller.has(key)) continue;
      for (let first = Math.max(0, last - 2); first < last; first++) {
        const candidate = nameAt(body, tags, words[first].start, words[last].end);
        if (candidate && candidate.tokens.length > 1 && normalized(candidate.tokens[candidate.tokens.length - 1]) === key) {
          fuller.set(key, candidate);
          break;
        }
      }
    }
  }
  return fuller;
}

const CLAUSE_BREAK = /[.;:!?()"“”«»\n]/;

/**
 * Roles introduced around a name: before it ("Iran's Foreign Minister Hossein Amir-Abdollahian"),
 * as an appositive before it ("The mayor of Lyon, Camille Berthier") or after it ("Marloes Kuipers,
 * the association's director").
 */
export function addRolesAt(body: string, person: Person, start: number, end: number): void {
  const found: RolePhrase[] = [];
  let clauseStart = start;
  while (clauseStart > 0 && !CLAUSE_BREAK.test(body[clauseStart - 1])) clauseStart--;
  const before = body.slice(clauseStart, start);

  const directlyBefore = before.slice(before.lastIndexOf(',') + 1);
  const lastWord = /(\S+)\s+$/.exec(directlyBefore)?.[1];
  if (lastWord && ROLE_HEADS.has(lastWord.toLowerCase())) {
    const role = parseRolePhrase(directlyBefore);
    if (role) found.push(role);
  }
  const appositiveBefore = /(?:^|,)([^,]+),\s*$/.exec(before)?.[1];
  if (appositiveBefore) {
    const role = appositiveRole(appositiveBefore);
    if (role) found.push(role);
  }
  const appositiveAfter = /^,\s+([^,.;:()"“”«»\n]+?)\s*(?=[,.;:)]|$)/m.exec(body.slice(end, end + 120))?.[1];
  if (appositiveAfter) {
    const role = appositiveRole(appositiveAfter);
    if (role) found.push(role);
  }
  for (const role of found) {
    if (
      !person.roles.some((known) => known.key === role.key && known.organization === role.organization && known.country === role.country)
    ) {
      person.roles.push(role);
    }
  }
}

/** A role set off by commas must be the whole phrase: "the association's director", not a clause. */
function appositiveRole(phrase: string): RolePhrase | null {
  const words = phrase.trim().split(/\s+/);
  const headIndex = words.findIndex((word) => ROLE_HEADS.has(withoutPossessive(word).toLowerCase()));
  if (headIndex < 0 || headIndex > 5) return null;
  if (/^(?:who|which|whose|where|speaking|asked|according)$/i.test(words[0])) return null;
  const afterHead = words.slice(headIndex + 1);
  // Further role nouns may follow ("chief economist"); then only a prepositional tail.
  let next = 0;
  while (next < afterHead.length && ROLE_HEADS.has(afterHead[next].toLowerCase())) next++;
  const tail = afterHead.slice(next);
  if (tail.length > 0 && (!['of', 'for', 'at', 'on', 'with', 'in'].includes(tail[0].toLowerCase()) || tail.length > 9)) return null;
  return parseRolePhrase(phrase);
}

/** Full person names compromise finds in the article, in order of first appearance. */
export function findPeople(body: string): string[] {
  const registry = buildPersonRegistry(body, new TermTags(body), () => false);
  return registry.people.filter((person) => person.tokens.length > 1).map((person) => person.name);
}

/** Organization names compromise finds in the article, each once. */
export function findOrganizations(body: string): string[] {
  const names = (new TermTags(body).document.organizations().out('array') as string[]).map((name) =>
    withoutPossessive(name.replace(/\s+/g, ' ').replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}.)]+$/gu, '')).trim(),
  );
  return [...new Set(names.filter((name) => name !== ''))];
}
