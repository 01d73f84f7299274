import { parse } from 'graphql';
import { articles } from '../schema';
import { schema } from '../src/graphql/schema';
import { DEFAULT_LIMITS } from '../src/limits';
import { operationCost } from '../src/limits/cost';
import { FIELD_COSTS, SEARCH_COSTS, SEARCH_FILTER_COST } from '../src/limits/cost-rules';
import { SNIPPET_SOURCE_CHARACTERS } from '../src/search';
import { onlyError, openTestApp, type TestApp } from './support/harness';

/**
 * Issue 14, item 8: a phrase search over 1 MB bodies took 5.5 s a request, nearly all of it
 * ts_headline parsing the whole body for its snippet, and twelve anonymous clients doing it
 * slowed every other read to seconds. Snippets now read a bounded prefix of the text, and
 * searching is charged in the cost analysis.
 */
let kb: TestApp;
const PADDING = 'The committee met again on Tuesday and discussed the budget at length. ';
const PHRASE_SENTENCE = 'The minister spoke of drones and sanctions against the regime. ';
/** About 1 MB: the phrase everywhere. */
const DENSE_BODY = (PHRASE_SENTENCE + PADDING).repeat(Math.ceil(1_000_000 / (PHRASE_SENTENCE + PADDING).length));
/** About 1 MB: the phrase only well past the snippet's source. */
const LATE_BODY = PADDING.repeat(Math.ceil((2 * SNIPPET_SOURCE_CHARACTERS) / PADDING.length)) + (PHRASE_SENTENCE + PADDING).repeat(12_000);

beforeAll(async () => {
  kb = await openTestApp();
  await kb.db.insert(articles).values([
    { slug: 'search-bounds-dense', title: 'Committee report one', body: DENSE_BODY },
    { slug: 'search-bounds-late', title: 'Committee report two', body: LATE_BODY },
  ]);
});
afterAll(() => kb.close());

const searchQuery = /* GraphQL */ `
  query ($q: String!) {
    search(query: $q, types: [ARTICLE], first: 5) { edges { snippet node { ... on Article { slug } } } }
  }
`;

describe('snippets of large texts', () => {
  it('makes a snippet from the first SNIPPET_SOURCE_CHARACTERS characters of a 1 MB body', async () => {
    let page: any;
    const sql = await kb.countQueries(async () => {
      page = (await kb.data(searchQuery, { q: '"drones and sanctions"' })).search;
    });
    const snippets = Object.fromEntries(page.edges.map((edge: any) => [edge.node.slug, edge.snippet]));
    expect(Object.keys(snippets).sort()).toEqual(['search-bounds-dense', 'search-bounds-late']);
    expect(snippets['search-bounds-dense']).toMatch(/<mark>drones<\/mark> and <mark>sanctions<\/mark>/);
    // The late body's matches all lie past the prefix: it is found, and its snippet is its opening.
    expect(snippets['search-bounds-late']).not.toContain('<mark>');
    expect(snippets['search-bounds-late']).toMatch(/^The committee met again/);
    const headlines = sql.filter((statement) => statement.includes('ts_headline'));
    expect(headlines).toHaveLength(1);
    expect(headlines[0]).toContain(`left(coalesce(a.body, a.title), ${SNIPPET_SOURCE_CHARACTERS})`);
    expect(headlines[0]).toContain(`left(s.text, ${SNIPPET_SOURCE_CHARACTERS})`);
  });
});

describe('what search costs', () => {
  const cost = (query: string, variables?: Record<string, unknown>) => operationCost(schema, parse(query), undefined, variables);

  it('charges search(query:) its fixed price on top of its answer, and each snippet more', () => {
    const withoutSnippets = cost('{ search(query: "drones", first: 20) { edges { score } } }');
    expect(withoutSnippets).toBe(SEARCH_COSTS['Query.search'] + (2 + (2 + 1)) * 20);
    const withSnippets = cost('{ search(query: "drones", first: 20) { edges { score snippet } } }');
    expect(withSnippets - withoutSnippets).toBe(20 * FIELD_COSTS['SearchEdge.snippet']);
  });

  it('charges a connection filtered by `search`, written or in a variable, and not one without', () => {
    const plain = cost('{ statements(first: 10, filter: { speakerCountry: "Q291bnRyeTox" }) { nodes { id } } }');
    const written = cost('{ statements(first: 10, filter: { search: "drones" }) { nodes { id } } }');
    expect(written - plain).toBe(SEARCH_FILTER_COST);
    const query = 'query($filter: ArticleFilter) { articles(first: 10, filter: $filter) { nodes { id } } }';
    expect(cost(query, { filter: { search: '"drones sanctions"' } }) - cost(query, { filter: {} })).toBe(SEARCH_FILTER_COST);
  });

  it('refuses 30 aliased searches with QUERY_TOO_COSTLY, which ran before', async () => {
    const aliases = Array.from({ length: 30 }, (_, index) => `s${index}: search(query: "drones sanctions", first: 5) { totalCount }`);
    const error = onlyError(await kb.graphql(`{ ${aliases.join(' ')} }`));
    expect(error.extensions).toMatchObject({ code: 'QUERY_TOO_COSTLY', limit: DEFAULT_LIMITS.maxCost });
    expect(error.extensions!.cost).toBeGreaterThan(30 * SEARCH_COSTS['Query.search']);
  });
});
