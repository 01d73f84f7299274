import { sql, type SQLWrapper } from 'drizzle-orm';
import { articles, organizations, speakers } from '../schema';
import { rowsOf } from '../src/db';
import { speakersNamed } from '../src/services/entity-matching';
import { slugsTakenQuery } from '../src/services/rows';
import { openTestApp, type TestApp } from './support/harness';

/**
 * The lookups every import and create makes must be able to read an index: a query whose
 * expression drifts from its index's (lower(name) against name, LIKE against a collation-bound
 * index) still answers right, only by reading the whole table, which no functional test notices.
 */
let kb: TestApp;
beforeAll(async () => {
  kb = await openTestApp();
});
afterAll(() => kb.close());

/** The plan Postgres would choose if scanning tables were not an option (the test tables are tiny). */
async function planWithoutTableScans(query: SQLWrapper): Promise<string> {
  return kb.db.transaction(async (tx) => {
    await tx.execute(sql`SET LOCAL enable_seqscan = off`);
    return rowsOf(await tx.execute(sql`EXPLAIN ${query}`))
      .map((row) => String(Object.values(row)[0]))
      .join('\n');
  });
}

describe('the lookups of imports and creates read indexes', () => {
  it('finds speakers by name or alias, ignoring case, through the two lowercase indexes', async () => {
    const plan = await planWithoutTableScans(speakersNamed(kb.db, 'Hossein Amir-Abdollahian'));
    expect(plan).toMatch(/speakers_name_lower_idx/);
    expect(plan).toMatch(/speakers_aliases_lower_idx/);
  });

  it.each([
    ['articles', articles, 'articles_slug_pattern_idx'],
    ['speakers', speakers, 'speakers_slug_pattern_idx'],
    ['organizations', organizations, 'organizations_slug_pattern_idx'],
  ] as const)('checks a new %s slug and its numbered variants through the pattern index', async (_name, table, index) => {
    const plan = await planWithoutTableScans(slugsTakenQuery(kb.db, table, 'iran-press'));
    // The prefix test is an index condition (the collation-bound unique index cannot serve it).
    expect(plan).toContain(index);
  });

  it('keeps no GIN pending list on the search indexes, which every search would read through', async () => {
    const rows = rowsOf(
      await kb.db.execute(
        sql`SELECT relname, reloptions FROM pg_class WHERE relkind = 'i' AND relam = (SELECT oid FROM pg_am WHERE amname = 'gin') ORDER BY relname`,
      ),
    );
    const searchIndexes = rows.filter((row) => /search_vector|names_trgm/.test(String(row.relname)));
    expect(searchIndexes.map((row) => row.relname)).toEqual([
      'articles_search_vector_idx',
      'countries_names_trgm_idx',
      'organizations_names_trgm_idx',
      'speakers_names_trgm_idx',
      'statements_search_vector_idx',
    ]);
    for (const row of searchIndexes) expect(row.reloptions).toEqual(['fastupdate=off']);
  });
});
