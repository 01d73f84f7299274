/**
 * The benchmark's scenarios: a GraphQL query, the pool of variables requests cycle through (so
 * that not every request asks for the same rows), and the floor's route, which answers the same
 * variables with hand-written SQL (bench/floor.ts).
 */
import type { Sql } from 'postgres';

export type Variables = Record<string, unknown>;

export interface SetupContext {
  /** The bench database, for picking ids. */
  sql: Sql;
  /** A GraphQL request to the shipped server (for cursors). */
  graphql(query: string, variables?: Variables): Promise<{ data?: any; errors?: { message: string }[] }>;
}

export interface Scenario {
  name: string;
  title: string;
  description: string;
  query: string;
  /**
   * SQL statements a shipped request should send, by the depth argument (one per level that
   * reads the database), and why. `exact` false means "at most".
   */
  depthBound: { statements: number; exact: boolean; why: string };
  /** The floor's route: POST /floor/<name> with the variables as its JSON body. */
  floorPath: string;
  variables(context: SetupContext): Promise<Variables[]>;
}

export const globalId = (type: string, id: number) => Buffer.from(`${type}:${id}`).toString('base64url');

/** The first `count` cursors of `articles(first: 20)`, page by page, with null for page one. */
async function articlePageCursors(context: SetupContext, pages: number): Promise<(string | null)[]> {
  const cursors: (string | null)[] = [null];
  let after: string | null = null;
  while (cursors.length < pages) {
    const result = await context.graphql(
      'query Pages($after: String) { articles(first: 20, after: $after) { pageInfo { endCursor hasNextPage } } }',
      { after },
    );
    if (result.errors?.length) throw new Error(`cursor setup failed: ${result.errors[0].message}`);
    const pageInfo = result.data.articles.pageInfo;
    if (!pageInfo.hasNextPage) break;
    after = pageInfo.endCursor;
    cursors.push(after);
  }
  return cursors;
}

const SEARCH_WORDS = ['drones', 'sanctions', 'missiles', 'ceasefire', 'election'];

export const SEARCH_QUERIES = [
  'drones sanctions',
  'drones',
  'sanctions',
  'missiles',
  'ceasefire',
  'election',
  'nuclear program',
  'oil prices',
  'grain exports',
  'humanitarian aid',
  'air defense',
  'peace talks',
  'Russia drones',
  'Germany sanctions',
  'Iran nuclear',
  'Ukraine ceasefire',
  'United Nations',
  'refugees border',
  'tariffs inflation',
  'cyberattacks',
];

export const scenarios: Scenario[] = [
  {
    name: 'lookup',
    title: 'Lookup: one article by global ID',
    description: 'article(id:) with title, publishedAt and publisher { name }; 100 different articles.',
    query: /* GraphQL */ `query Lookup($id: ID!) {
  article(id: $id) { title publishedAt publisher { name } }
}`,
    depthBound: { statements: 2, exact: true, why: 'the article, its publisher' },
    floorPath: '/floor/lookup',
    async variables({ sql }) {
      const rows = await sql<{ id: number }[]>`
        select id from articles where body is not null order by md5(id::text) limit 100`;
      return rows.map((row) => ({ id: globalId('Article', row.id) }));
    },
  },
  {
    name: 'list',
    title: 'List: a page of 20 articles',
    description: 'articles(first: 20, after:) with id, title, publishedAt, publisher { name }; the first 50 pages.',
    query: /* GraphQL */ `query List($after: String) {
  articles(first: 20, after: $after) { edges { node { id title publishedAt publisher { name } } } }
}`,
    depthBound: { statements: 2, exact: true, why: 'the page, the publishers' },
    floorPath: '/floor/list',
    async variables(context) {
      return (await articlePageCursors(context, 50)).map((after) => ({ after }));
    },
  },
  {
    name: 'nested',
    title: 'Nested: the 4-level query',
    description:
      '20 articles, 5 statements each, their speakers, the speakers\' countries and how many organizations each country belongs to; the first 50 pages.',
    query: /* GraphQL */ `query Nested($after: String) {
  articles(first: 20, after: $after) {
    edges { node {
      title
      statements(first: 5) { edges { node {
        text
        speaker { name country { name organizations(first: 5) { totalCount } } }
      } } }
    } }
  }
}`,
    depthBound: {
      statements: 5,
      exact: true,
      why: 'articles page, statements of all 20 articles, speakers, countries, membership counts (as test/batching.test.ts counts)',
    },
    floorPath: '/floor/nested',
    async variables(context) {
      return (await articlePageCursors(context, 50)).map((after) => ({ after }));
    },
  },
  {
    name: 'filter',
    title: 'Filter: statements by speaker nationality and words',
    description:
      'statements(first: 20, filter: { speakerCountry, search }) with totalCount, text, speaker { name }, article { title }; the 10 commonest nationalities x 5 words.',
    query: /* GraphQL */ `query Filter($country: ID!, $search: String!) {
  statements(first: 20, filter: { speakerCountry: $country, search: $search }) {
    totalCount
    edges { node { text speaker { name } article { title } } }
  }
}`,
    depthBound: {
      statements: 5,
      exact: true,
      why: 'the filter\'s country ID checked, the page, the count, speakers, articles',
    },
    floorPath: '/floor/filter',
    async variables({ sql }) {
      const countries = await sql<{ id: number }[]>`
        select country_id as id from speakers where country_id is not null
        group by country_id order by count(*) desc, country_id limit 10`;
      return countries.flatMap((country) =>
        SEARCH_WORDS.map((search) => ({ country: globalId('Country', country.id), search })),
      );
    },
  },
  {
    name: 'search',
    title: 'Search: ranked search across all types',
    description:
      'search(query:, first: 20) with score, snippet and the hit\'s type and id; 20 different queries such as "drones sanctions".',
    query: /* GraphQL */ `query Search($query: String!) {
  search(query: $query, first: 20) {
    edges { score snippet node { __typename ... on Statement { id } ... on Article { id } ... on Speaker { id } } }
  }
}`,
    depthBound: {
      statements: 6,
      exact: false,
      why: 'the ranked page (snippets included), then one batched load per type among the hits (up to 5)',
    },
    floorPath: '/floor/search',
    async variables() {
      return SEARCH_QUERIES.map((query) => ({ query }));
    },
  },
];

export const scenarioNames = scenarios.map((scenario) => scenario.name);
