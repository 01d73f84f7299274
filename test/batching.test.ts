import { createApp } from '../src/app';
import { insertNewsroom } from './support/fixtures';
import { openTestApp, postGraphQL, type TestApp } from './support/harness';

/**
 * Every nested relation goes through a per-request DataLoader, and nested connections page all
 * their parents in one statement. So the statements a query sends depend on its shape (its
 * depth and fields), never on how many rows it returns. Counted through the database client's
 * query hook, on real data.
 */
let kb: TestApp;
beforeAll(async () => {
  kb = await openTestApp();
  await insertNewsroom(kb.db, { tag: 'batch', articleCount: 40, statementsPerArticle: 6, speakerCount: 12 });
});
afterAll(() => kb.close());

const deepQuery = (articles: number, statements: number) => /* GraphQL */ `{
  articles(first: ${articles}) {
    edges { node {
      title
      statements(first: ${statements}) {
        edges { node {
          text
          speaker { name country { name organizations(first: 5) { totalCount } } }
        } }
      }
    } }
  }
}`;

describe('the number of SQL statements a query sends', () => {
  it("is one per level of the issue's 4-level query, whatever the page sizes", async () => {
    // articles page, statements page (all articles at once), speakers, countries, membership counts.
    const expected = 5;
    for (const [articles, statements] of [
      [1, 1],
      [5, 2],
      [20, 5],
      [40, 6],
    ]) {
      let result: any;
      const sql = await kb.countQueries(async () => {
        result = await kb.data(deepQuery(articles, statements));
      });
      expect(result.articles.edges).toHaveLength(articles);
      expect(sql).toHaveLength(expected);
    }
  });

  it('really returns nested rows for every parent (no batching shortcut drops any)', async () => {
    const result = await kb.data(deepQuery(20, 5));
    const nodes = result.articles.edges.map((e: any) => e.node);
    const fromFixture = nodes.filter((n: any) => n.title.startsWith('batch article'));
    expect(fromFixture.length).toBe(20);
    for (const article of fromFixture) {
      expect(article.statements.edges).toHaveLength(5);
      for (const { node } of article.statements.edges) {
        expect(node.speaker.country.organizations.totalCount).toBeGreaterThanOrEqual(1);
      }
    }
  });

  it('stays flat for the other relations too: mentions, publishers, roles, related articles, members', async () => {
    const query = (n: number) => /* GraphQL */ `{
      speakers(first: ${n}) {
        totalCount
        edges { node {
          roles { title organization { name } }
          articles(first: 3) { totalCount edges { node { publisher { name } relatedArticles(first: 2) { totalCount } } } }
          statements(first: 3) { edges { node { mentions { __typename } article { title } speakerRole { title } } } }
        } }
      }
      organizations(first: ${n}) { edges { node { members(first: 3) { edges { node { name } } } country { name } } } }
    }`;
    const small = await kb.countQueries(() => kb.data(query(2)));
    const large = await kb.countQueries(() => kb.data(query(15)));
    expect(large.length).toBe(small.length);
    // 2 root pages + 1 root count; per speaker level: roles, role orgs, articles page + count,
    // publishers, related page + count, statements page, mentions, articles, roles; members page, countries.
    expect(large.length).toBeLessThanOrEqual(16);
  });

  it("grows with the rows when batching is off (the benchmark's N+1 baseline is real)", async () => {
    const unbatched = createApp({ db: kb.db, loaderOptions: { batch: false } });
    const run = (articles: number, statements: number) => kb.countQueries(() => postGraphQL(unbatched, deepQuery(articles, statements)));
    expect((await run(2, 2)).length).toBeGreaterThan(5);
    expect((await run(10, 3)).length).toBeGreaterThan((await run(2, 2)).length);
  });

  it('does not share loaders between requests: a second request reads again', async () => {
    const once = await kb.countQueries(() => kb.data(deepQuery(3, 2)));
    const twice = await kb.countQueries(async () => {
      await kb.data(deepQuery(3, 2));
      await kb.data(deepQuery(3, 2));
    });
    expect(twice.length).toBe(2 * once.length);
  });
});
