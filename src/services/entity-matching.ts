import { sql } from 'drizzle-orm';
import { countries, organizations, speakers, type CountryRow, type OrganizationRow } from '../../schema';
import type { Executor } from './write';

/**
 * Finding what the knowledge base already holds in a text: countries by name, alias or demonym
 * ("the US", "American officials"), organizations by name, acronym or alias. A match must stand
 * as whole words; aliases that are short upper-case codes ("US", "UN") must match in that case,
 * so that the pronoun "us" never names the United States.
 */
export interface NamedEntity<Row> {
  row: Row;
  names: string[];
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** "US" and "UN" are codes, matched only in capitals; longer names match in any case. */
const isCode = (name: string) => name.length <= 4 && name === name.toUpperCase();

interface Name<Row> {
  row: Row;
  name: string;
  /** Codes match as written, other names in lower case. */
  caseSensitive: boolean;
  needle: string;
  /** Compiled the first time the needle is in a text: most names never are. */
  pattern?: RegExp;
}

export class EntityMatcher<Row extends { id: number }> {
  private readonly names: Name<Row>[];

  constructor(entities: NamedEntity<Row>[]) {
    this.names = entities.flatMap(({ row, names }) =>
      names
        .map((name) => name.trim())
        .filter((name) => name.length >= 2)
        .map((name) => ({ row, name, caseSensitive: isCode(name), needle: isCode(name) ? name : name.toLowerCase() })),
    );
  }

  /**
   * Every entity named in `text`, once each. A plain substring test comes first and the
   * whole-word regular expression only where it passes: testing the thousand-odd country names
   * and demonyms as regular expressions took 50 ms of CPU per imported article.
   */
  find(text: string): Row[] {
    const lowerText = text.toLowerCase();
    const found = new Map<number, Row>();
    for (const entry of this.names) {
      if (found.has(entry.row.id) || !(entry.caseSensitive ? text : lowerText).includes(entry.needle)) continue;
      entry.pattern ??= new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(entry.name)}(?![\\p{L}\\p{N}])`, entry.caseSensitive ? 'u' : 'iu');
      if (entry.pattern.test(text)) found.set(entry.row.id, entry.row);
    }
    return [...found.values()];
  }

  /** The one entity `name` is a name of ("the US" included), or null when none or several are. */
  resolve(name: string): Row | null {
    const wanted = name.trim().replace(/^the\s+/i, '');
    const matches = new Map<number, Row>();
    for (const entry of this.names) {
      const same = isCode(entry.name) ? entry.name === wanted : entry.name.toLowerCase() === wanted.toLowerCase();
      if (same) matches.set(entry.row.id, entry.row);
    }
    return matches.size === 1 ? [...matches.values()][0] : null;
  }
}

const countryMatchers = new WeakMap<object, { version: string; matcher: EntityMatcher<CountryRow> }>();

/**
 * Every country as a matcher, kept between imports: reading the ~250 countries with their
 * aliases and demonyms and indexing their names cost 4.4 ms of CPU per imported article. The
 * countries are read again when their version changed: the row count and the sum of the rows'
 * xmin, which every insert, update and delete moves (a timestamp would miss an update that
 * started before the last one but committed after it). The version is read through `tx`, so an
 * import sees the countries its own transaction sees. `cacheOwner` is the database the cache
 * belongs to (a transaction lives too briefly to own one).
 */
export async function countryMatcher(tx: Executor, cacheOwner: object): Promise<EntityMatcher<CountryRow>> {
  const [{ version }] = await tx
    .select({ version: sql<string>`count(*) || ':' || coalesce(sum(${countries}.xmin::text::bigint), 0)` })
    .from(countries);
  const cached = countryMatchers.get(cacheOwner);
  if (cached?.version === version) return cached.matcher;
  const rows = await tx.select().from(countries);
  const matcher = new EntityMatcher(
    rows.map((row) => ({ row, names: [row.name, ...(row.officialName ? [row.officialName] : []), ...row.aliases, ...row.demonyms] })),
  );
  countryMatchers.set(cacheOwner, { version, matcher });
  return matcher;
}

/**
 * Organizations whose name, acronym or alias appears in the text. The database narrows the
 * candidates with a case-insensitive substring test, so a large table is not all read.
 */
export async function organizationMatcher(tx: Executor, text: string): Promise<EntityMatcher<OrganizationRow>> {
  const rows = await tx
    .select()
    .from(organizations)
    .where(
      sql`strpos(lower(${text}), lower(${organizations.name})) > 0
        OR (${organizations.acronym} IS NOT NULL AND strpos(${text}, ${organizations.acronym}) > 0)
        OR EXISTS (SELECT 1 FROM unnest(${organizations.aliases}) AS alias WHERE strpos(lower(${text}), lower(alias)) > 0)`,
    );
  return new EntityMatcher(rows.map((row) => ({ row, names: [row.name, ...(row.acronym ? [row.acronym] : []), ...row.aliases] })));
}

/**
 * Speakers whose name or an alias is exactly `name`, ignoring case: a query to await (or, in the
 * tests, to EXPLAIN). Both tests are the indexed expressions of migration 0009, so the lookup
 * reads the index, not every speaker.
 */
export const speakersNamed = (tx: Executor, name: string) =>
  tx
    .select()
    .from(speakers)
    .where(sql`lower(${speakers.name}) = lower(${name}) OR lowercase_names(${speakers.aliases}) @> ARRAY[lower(${name})]`);
