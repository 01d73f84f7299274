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

/**
 * The same scenario asked of PostGraphile v4 (bench/peers/postgraphile): its query in
 * PostGraphile's default naming (allArticles, articleById, fields named after foreign keys such
 * as organizationByPublisherId and statementsByArticleId), variables made from newskb's pool
 * (same index, same rows), and its answer mapped to newskb's shape so the runner can check that
 * both return the same data.
 */
export interface PeerQuery {
  query: string;
  variables(context: PeerSetupContext, pool: Variables[]): Promise<Variables[]>;
  toNewskb(data: any): unknown;
}

export interface PeerSetupContext extends SetupContext {
  /** A GraphQL request to PostGraphile (for its cursors). */
  peer(query: string, variables?: Variables): Promise<{ data?: any; errors?: { message: string }[] }>;
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
  /** PostGraphile's equivalent, or why it has none. */
  peer: PeerQuery | { unsupported: string };
  /**
   * A mixed workload: requests drawn from other scenarios in these proportions (their queries,
   * variables and floor routes); `query` and `variables` are then unused.
   */
  mix?: { scenario: string; weight: number }[];
}

/** The database id in a global ID (the bench's own IDs are `Type:id` in base64url). */
export const localId = (id: unknown) => Number(Buffer.from(String(id), 'base64url').toString('utf8').split(':')[1]);

/** PostGraphile's article order matching newskb's (newest first, undated last, then id). */
const PEER_ARTICLE_ORDER = '[PUBLISHED_AT_DESC, ID_DESC]';

/**
 * PostGraphile's cursors for the same pages as newskb's: page one, then each page's end cursor.
 * newskb's pool holds one entry per page, in page order, so the two line up by index.
 */
async function peerArticlePageCursors(context: PeerSetupContext, pages: number): Promise<(string | null)[]> {
  const cursors: (string | null)[] = [null];
  let after: string | null = null;
  while (cursors.length < pages) {
    const result = await context.peer(
      `query Pages($after: Cursor) { allArticles(first: 20, after: $after, orderBy: ${PEER_ARTICLE_ORDER}) { pageInfo { endCursor hasNextPage } } }`,
      { after },
    );
    if (result.errors?.length) throw new Error(`PostGraphile cursor setup failed: ${result.errors[0].message}`);
    const pageInfo = result.data.allArticles.pageInfo;
    if (!pageInfo.hasNextPage) break;
    after = pageInfo.endCursor;
    cursors.push(after);
  }
  return cursors;
}

const peerPublisher = (publisher: { name: string } | null) => (publisher ? { name: publisher.name } : null);

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

/** Periods for the speaker-by-date scenario: two years, one year, a quarter. */
const SPEAKER_PERIODS: [string, string][] = [
  ['2019-01-01', '2020-12-31'],
  ['2023-01-01', '2023-12-31'],
  ['2017-04-01', '2017-06-30'],
];

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
    peer: {
      query: /* GraphQL */ `query Lookup($id: Int!) {
  articleById(id: $id) { title publishedAt organizationByPublisherId { name } }
}`,
      async variables(_context, pool) {
        return pool.map((variables) => ({ id: localId(variables.id) }));
      },
      toNewskb: (data) => ({
        article: data.articleById && {
          title: data.articleById.title,
          publishedAt: data.articleById.publishedAt,
          publisher: peerPublisher(data.articleById.organizationByPublisherId),
        },
      }),
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
    peer: {
      query: /* GraphQL */ `query List($after: Cursor) {
  allArticles(first: 20, after: $after, orderBy: ${PEER_ARTICLE_ORDER}) { edges { node { id title publishedAt organizationByPublisherId { name } } } }
}`,
      async variables(context, pool) {
        return (await peerArticlePageCursors(context, pool.length)).map((after) => ({ after }));
      },
      toNewskb: (data) => ({
        articles: {
          edges: data.allArticles.edges.map(({ node }: any) => ({
            node: {
              id: globalId('Article', node.id),
              title: node.title,
              publishedAt: node.publishedAt,
              publisher: peerPublisher(node.organizationByPublisherId),
            },
          })),
        },
      }),
    },
  },
  {
    name: 'nested',
    title: 'Nested: the 4-level query',
    description:
      "20 articles, 5 statements each, their speakers, the speakers' countries and how many organizations each country belongs to; the first 50 pages.",
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
    peer: {
      // v4 has no many-to-many fields by default: a country's organizations are counted through
      // its memberships (one row per organization and period).
      query: /* GraphQL */ `query Nested($after: Cursor) {
  allArticles(first: 20, after: $after, orderBy: ${PEER_ARTICLE_ORDER}) {
    edges { node {
      title
      statementsByArticleId(first: 5, orderBy: [POSITION_ASC, ID_ASC]) { edges { node {
        text
        speakerBySpeakerId { name countryByCountryId { name membershipsByCountryId { totalCount } } }
      } } }
    } }
  }
}`,
      async variables(context, pool) {
        return (await peerArticlePageCursors(context, pool.length)).map((after) => ({ after }));
      },
      toNewskb: (data) => ({
        articles: {
          edges: data.allArticles.edges.map(({ node }: any) => ({
            node: {
              title: node.title,
              statements: {
                edges: node.statementsByArticleId.edges.map(({ node: statement }: any) => {
                  const speaker = statement.speakerBySpeakerId;
                  const country = speaker?.countryByCountryId;
                  return {
                    node: {
                      text: statement.text,
                      speaker: speaker && {
                        name: speaker.name,
                        country: country && {
                          name: country.name,
                          organizations: { totalCount: country.membershipsByCountryId.totalCount },
                        },
                      },
                    },
                  };
                }),
              },
            },
          })),
        },
      }),
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
      why: "the filter's country ID checked, the page, the count, speakers, articles",
    },
    floorPath: '/floor/filter',
    async variables({ sql }) {
      const countries = await sql<{ id: number }[]>`
        select country_id as id from speakers where country_id is not null
        group by country_id order by count(*) desc, country_id limit 10`;
      return countries.flatMap((country) => SEARCH_WORDS.map((search) => ({ country: globalId('Country', country.id), search })));
    },
    peer: { unsupported: 'PostGraphile v4 has no full-text filter without a custom SQL function or plugin' },
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
    peer: { unsupported: 'PostGraphile v4 has no ranked search across types without custom SQL functions' },
  },
  {
    name: 'speaker',
    title: "Speaker by date: a speaker's statements in a date range",
    description:
      'statements(first: 20, filter: { speaker, publishedAfter, publishedBefore }) with totalCount, text and article { title publishedAt }; the 20 most quoted speakers x 3 periods.',
    query: /* GraphQL */ `query SpeakerByDate($speaker: ID!, $from: Date!, $to: Date!) {
  statements(first: 20, filter: { speaker: $speaker, publishedAfter: $from, publishedBefore: $to }) {
    totalCount
    edges { node { text article { title publishedAt } } }
  }
}`,
    depthBound: {
      statements: 4,
      exact: false,
      why: "the filter's speaker ID checked, the page, the count, the articles (none for an empty page)",
    },
    floorPath: '/floor/speaker',
    async variables({ sql }) {
      const speakers = await sql<{ id: number }[]>`
        select speaker_id as id from statements where speaker_id is not null
        group by speaker_id order by count(*) desc, speaker_id limit 20`;
      return speakers.flatMap((speaker) => SPEAKER_PERIODS.map(([from, to]) => ({ speaker: globalId('Speaker', speaker.id), from, to })));
    },
    peer: {
      // Filtering by the article's date needs postgraphile-plugin-connection-filter with
      // relation filters (connectionFilterRelations), which the peer server loads.
      query: /* GraphQL */ `query SpeakerByDate($speaker: Int!, $from: Date!, $to: Date!) {
  allStatements(
    first: 20
    orderBy: [ARTICLE_ID_ASC, POSITION_ASC, ID_ASC]
    filter: { speakerId: { equalTo: $speaker }, articleByArticleId: { publishedAt: { greaterThanOrEqualTo: $from, lessThanOrEqualTo: $to } } }
  ) {
    totalCount
    edges { node { text articleByArticleId { title publishedAt } } }
  }
}`,
      async variables(_context, pool) {
        return pool.map((variables) => ({ ...variables, speaker: localId(variables.speaker) }));
      },
      toNewskb: (data) => ({
        statements: {
          totalCount: data.allStatements.totalCount,
          edges: data.allStatements.edges.map(({ node }: any) => ({
            node: { text: node.text, article: { title: node.articleByArticleId.title, publishedAt: node.articleByArticleId.publishedAt } },
          })),
        },
      }),
    },
  },
  {
    name: 'mixed',
    title: 'Mixed workload: lookups, lists, a speaker by date, nested pages',
    description:
      'Requests drawn in turn from the other read scenarios, in the proportions of a reading public: 5 lookups, 2 list pages, 2 speaker-by-date pages and 1 nested page in every 10.',
    query: '# one of the lookup, list, speaker and nested queries above, in turn',
    depthBound: { statements: 2.9, exact: false, why: 'the weighted mean of the bounds: (5×2 + 2×2 + 2×4 + 1×5) / 10' },
    floorPath: '/floor/mixed',
    async variables() {
      return [];
    },
    peer: {
      query: '',
      async variables() {
        return [];
      },
      toNewskb: (data) => data,
    },
    mix: [
      { scenario: 'lookup', weight: 5 },
      { scenario: 'list', weight: 2 },
      { scenario: 'speaker', weight: 2 },
      { scenario: 'nested', weight: 1 },
    ],
  },
];

export const scenarioNames = scenarios.map((scenario) => scenario.name);
