import { eq } from 'drizzle-orm';
import { articles, statements } from '../schema';
import { onlyError, openTestApp, type TestApp } from './support/harness';

let kb: TestApp;
beforeAll(async () => {
  kb = await openTestApp();
});
afterAll(() => kb.close());

const searchQuery = /* GraphQL */ `
  query ($q: String!, $types: [SearchType!], $first: Int, $after: String, $last: Int, $before: String) {
    search(query: $q, types: $types, first: $first, after: $after, last: $last, before: $before) {
      totalCount
      edges {
        cursor score snippet
        node {
          __typename
          ... on Statement { id position text }
          ... on Article { id title }
          ... on Speaker { id name }
          ... on Organization { id name }
          ... on Country { id name }
        }
      }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
  }
`;

const search = async (variables: Record<string, unknown>) => (await kb.data(searchQuery, variables)).search;
const names = (page: any) => page.edges.map((e: any) => e.node.name ?? e.node.title ?? `#${e.node.position}`);

describe('search', () => {
  it('forgives a misspelt name: "Amir Abdolahian" finds Amir-Abdollahian first', async () => {
    const page = await search({ q: 'Amir Abdolahian' });
    expect(page.edges[0].node).toMatchObject({ __typename: 'Speaker', name: 'Hossein Amir-Abdollahian' });
    expect(page.edges[0].score).toBeGreaterThan(0.6);
  });

  it('finds the Group of Friends by part of its name, and countries by demonym', async () => {
    expect((await search({ q: 'Group of Friends', types: ['ORGANIZATION'] })).edges[0].node.name).toBe(
      'Group of Friends in Defense of the Charter of the United Nations',
    );
    expect(names(await search({ q: 'Ukrainian', types: ['COUNTRY'] }))).toContain('Ukraine');
  });

  it('finds statements and articles by their words, stemmed, ranked, with highlighted snippets', async () => {
    const page = await search({ q: 'drone', types: ['STATEMENT', 'ARTICLE'], first: 20 });
    expect(page.totalCount).toBe(8);
    const kinds = page.edges.map((e: any) => e.node.__typename);
    // Three of the minister's statements and the claim in a related article's headline.
    expect(kinds.filter((k: string) => k === 'Statement')).toHaveLength(4);
    const scores = page.edges.map((e: any) => e.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    for (const edge of page.edges) expect(edge.snippet).toMatch(/<mark>drones?<\/mark>/i);
    // The title weighs more than the body: the headline about drones outranks a body mention.
    expect(page.edges[0].node.__typename).toBe('Article');
  });

  it('understands web-search syntax: phrases and exclusions', async () => {
    const phrase = await search({ q: '"hidden goals"', types: ['STATEMENT'] });
    expect(phrase.edges.map((e: any) => e.node.position)).toEqual([5]);
    const texts = (page: any) => page.edges.map((e: any) => e.node.text);
    const drones = texts(await search({ q: 'drones', types: ['STATEMENT'] }));
    expect(drones).toHaveLength(4);
    expect(drones.filter((text: string) => text.includes('Ukraine'))).toHaveLength(3);
    const excluded = await search({ q: 'drones -Ukraine', types: ['STATEMENT'] });
    expect(texts(excluded)).toEqual(['Iran will not give Russia drones']);
  });

  it('escapes HTML in snippets, so a client can render them as they are', async () => {
    const body = 'He said: "Drones <script>alert(1)</script> & missiles."';
    const text = 'Drones <script>alert(1)</script> & missiles.';
    const [article] = await kb.db.insert(articles).values({ slug: 'html-test', title: 'HTML test', body }).returning();
    await kb.db.insert(statements).values({
      articleId: article.id,
      position: 1,
      kind: 'DIRECT_QUOTE',
      text,
      spanStart: body.indexOf(text),
      spanEnd: body.indexOf(text) + text.length,
    });
    try {
      const page = await search({ q: 'missiles', types: ['STATEMENT'] });
      const snippets = page.edges.map((e: any) => e.snippet);
      expect(snippets).toContain('Drones &lt;script&gt;alert(1)&lt;/script&gt; &amp; <mark>missiles</mark>');
      for (const snippet of snippets) expect(snippet.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/);
    } finally {
      await kb.db.delete(articles).where(eq(articles.id, article.id));
    }
  });

  it('walks every hit exactly once, forwards and backwards', async () => {
    const forward: string[] = [];
    let after: string | null = null;
    let total = 0;
    for (;;) {
      const page: any = await search({ q: 'Iran', first: 3, after });
      total = page.totalCount;
      forward.push(...page.edges.map((e: any) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(total).toBeGreaterThan(6);
    expect(forward).toHaveLength(total);
    expect(new Set(forward).size).toBe(total);

    const backward: string[] = [];
    let before: string | null = null;
    for (;;) {
      const page: any = await search({ q: 'Iran', last: 4, before });
      backward.unshift(...page.edges.map((e: any) => e.node.id));
      if (!page.pageInfo.hasPreviousPage) break;
      before = page.pageInfo.startCursor;
    }
    expect(backward).toEqual(forward);
  });

  it('refuses a cursor from another search', async () => {
    const page = await search({ q: 'Iran', first: 1 });
    const result = await kb.graphql(searchQuery, { q: 'Russia', first: 1, after: page.pageInfo.endCursor });
    expect(onlyError(result).extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'cursor' });
  });

  it.each([
    ['an empty query', { q: '  ' }, 'query'],
    ['a query over 200 characters', { q: 'x'.repeat(201) }, 'query'],
    ['an empty list of types', { q: 'Iran', types: [] }, 'types'],
    ['a page size of 0', { q: 'Iran', first: 0 }, 'first'],
  ])('refuses %s with BAD_USER_INPUT', async (_, variables, argument) => {
    const result = await kb.graphql(searchQuery, variables);
    expect(onlyError(result).extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
  });

  it('takes any text as words, never as SQL or query syntax', async () => {
    const attempts = ["'; DROP TABLE statements; --", "Iran' OR 1=1 --", 'drones & | ! ( :* <->', '\\', '%_%', '"', 'ÿx'];
    for (const q of attempts) {
      const result = await kb.graphql(searchQuery, { q });
      expect(result.errors).toBeUndefined();
    }
    expect((await kb.data(`{ statements { totalCount } }`)).statements.totalCount).toBe(8);
  });

  it('ranks the 1,000 newest matches of a text type, says so in totalCount, and the filter still finds all', async () => {
    const quotes = Array.from({ length: 1005 }, (_, i) => `Zeppelin number ${i} flew.`);
    const body = quotes.map((quote) => `"${quote}"`).join(' ');
    const [article] = await kb.db.insert(articles).values({ slug: 'zeppelins', title: 'Airships', body }).returning();
    let offset = 0;
    const rows = quotes.map((text, index) => {
      const start = offset + 1;
      offset = start + text.length + 2;
      return {
        articleId: article.id,
        position: index + 1,
        kind: 'DIRECT_QUOTE' as const,
        text,
        spanStart: start,
        spanEnd: start + text.length,
      };
    });
    const inserted = await kb.db.insert(statements).values(rows).returning({ id: statements.id });
    try {
      const ranked = await search({ q: 'zeppelin', types: ['STATEMENT'], first: 100 });
      expect(ranked.totalCount).toBe(1000);
      const filtered = await kb.data(`{ statements(filter: { search: "zeppelin" }) { totalCount } }`);
      expect(filtered.statements.totalCount).toBe(1005);
      // The five oldest are the ones left out.
      const oldest = inserted.slice(0, 5).map((row) => Buffer.from(`Statement:${row.id}`).toString('base64url'));
      const { nodes } = await kb.data(`query ($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: oldest });
      expect(nodes).toHaveLength(5);
      const walked = new Set<string>();
      let after: string | null = null;
      for (;;) {
        const page: any = await search({ q: 'zeppelin', types: ['STATEMENT'], first: 100, after });
        for (const edge of page.edges) walked.add(edge.node.id);
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect(walked.size).toBe(1000);
      for (const id of oldest) expect(walked.has(id)).toBe(false);
    } finally {
      await kb.db.delete(articles).where(eq(articles.id, article.id));
    }
  });

  it('refuses a NUL character, which Postgres text cannot hold, with BAD_USER_INPUT', async () => {
    const search = await kb.graphql(searchQuery, { q: 'drones\u0000' });
    expect(onlyError(search).extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'query' });
    const filter = await kb.graphql(`query ($n: String!) { speakers(filter: { name: $n }) { totalCount } }`, { n: 'Bid\u0000' });
    expect(onlyError(filter).extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'filter.name' });
    const lookup = await kb.graphql(`query ($s: String!) { article(slug: $s) { id } }`, { s: 'a\u0000b' });
    expect(onlyError(lookup).extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'slug' });
  });

  it('escapes quotes in snippets too, so they are safe inside attributes', async () => {
    const page = await search({ q: 'Raisi remarks', types: ['STATEMENT'] });
    expect(page.edges[0].snippet).toContain('&#39;s');
    expect(page.edges[0].snippet).not.toContain("'");
  });

  it('costs a fixed number of SQL statements, whatever the page size', async () => {
    // The page, its snippets, its count, and one batched load per type of object on the page.
    for (const first of [2, 10, 50]) {
      let page: any;
      const sql = await kb.countQueries(async () => {
        page = await search({ q: 'Iran', first });
      });
      const types = new Set(page.edges.map((e: any) => e.node.__typename));
      expect(sql).toHaveLength(3 + types.size);
    }
  });

  it('makes no snippets when none are asked for', async () => {
    let result: any;
    const sql = await kb.countQueries(async () => {
      result = await kb.graphql(`{ search(query: "Iran", first: 10) { nodes { __typename } } }`);
    });
    expect(result.errors).toBeUndefined();
    expect(result.data.search.nodes.length).toBeGreaterThan(1);
    const types = new Set(result.data.search.nodes.map((node: any) => node.__typename));
    expect(sql).toHaveLength(1 + types.size);
    expect(sql.join('\n')).not.toMatch(/ts_headline/);
  });
});
