import { eq } from 'drizzle-orm';
import { articles } from '../schema';
import { encodeGlobalId } from '../src/core/global-id';
import { onlyError, openTestApp, type TestApp } from './support/harness';

let kb: TestApp;
beforeAll(async () => {
  kb = await openTestApp();
});
afterAll(() => kb.close());

/** One object of each type, found through the API, with a field that identifies it. */
async function oneOfEach() {
  const result = await kb.data(`{
    articles(first: 1) { edges { node { id title } } }
    statements(first: 1) { edges { node { id text } } }
    speakers(first: 1) { edges { node { id name } } }
    countries(first: 1) { edges { node { id name } } }
    organizations(first: 1) { edges { node { id name } } }
  }`);
  return {
    Article: { ...result.articles.edges[0].node, field: 'title' },
    Statement: { ...result.statements.edges[0].node, field: 'text' },
    Speaker: { ...result.speakers.edges[0].node, field: 'name' },
    Country: { ...result.countries.edges[0].node, field: 'name' },
    Organization: { ...result.organizations.edges[0].node, field: 'name' },
  } as Record<string, { id: string; field: string; [key: string]: string }>;
}

describe('node(id:) and nodes(ids:)', () => {
  it('round-trips every type through node(id:)', async () => {
    const samples = await oneOfEach();
    for (const [typename, sample] of Object.entries(samples)) {
      const { node } = await kb.data(`query ($id: ID!) { node(id: $id) { __typename id ... on ${typename} { ${sample.field} } } }`, {
        id: sample.id,
      });
      expect(node).toEqual({ __typename: typename, id: sample.id, [sample.field]: sample[sample.field] });
    }
  });

  it('returns nodes(ids:) in the order asked, across types', async () => {
    const samples = Object.values(await oneOfEach());
    const ids = [...samples.map((s) => s.id)].reverse();
    const { nodes } = await kb.data(`query ($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`, { ids });
    expect(nodes.map((n: any) => n.id)).toEqual(ids);
  });

  it('gives opaque IDs that differ between types with the same database id', async () => {
    const result = await kb.data(`{
      articles(first: 100) { edges { node { id } } }
      countries(first: 100) { edges { node { id } } }
    }`);
    const ids = [...result.articles.edges, ...result.countries.edges].map((e: any) => e.node.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).not.toMatch(/^\d+$/);
  });

  it('answers NOT_FOUND for an ID that points at nothing', async () => {
    const missing = encodeGlobalId('Speaker', 999999);
    const result = await kb.graphql(`query ($id: ID!) { node(id: $id) { id } }`, { id: missing });
    expect(result.data).toEqual({ node: null });
    const error = onlyError(result);
    expect(error.extensions?.code).toBe('NOT_FOUND');
    expect(error.message).toContain(missing);
  });

  it('answers NOT_FOUND at the index of each missing node, and the others still come back', async () => {
    const samples = await oneOfEach();
    const missing = encodeGlobalId('Article', 424242);
    const result = await kb.graphql(`query ($ids: [ID!]!) { nodes(ids: $ids) { id } }`, {
      ids: [samples.Country.id, missing, samples.Speaker.id],
    });
    expect(result.data?.nodes).toEqual([{ id: samples.Country.id }, null, { id: samples.Speaker.id }]);
    const error = onlyError(result);
    expect(error.extensions?.code).toBe('NOT_FOUND');
    expect(error.path).toEqual(['nodes', 1]);
  });

  it.each([
    ['not base64 at all', '!!!'],
    ['a number', '42'],
    ['an unknown type', encodeGlobalId('Planet', 1)],
    ['a non-numeric id', encodeGlobalId('Article', 'abc')],
    ['an id out of range', encodeGlobalId('Article', '99999999999')],
  ])('answers BAD_USER_INPUT for a malformed ID: %s', async (_, id) => {
    const result = await kb.graphql(`query ($id: ID!) { node(id: $id) { id } }`, { id });
    expect(onlyError(result).extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('fails a malformed ID in nodes(ids:) at its own index, keeping the rest and sibling fields', async () => {
    const samples = await oneOfEach();
    const result = await kb.graphql(`query ($ids: [ID!]!) { nodes(ids: $ids) { id } countries(first: 1) { totalCount } }`, {
      ids: [samples.Country.id, 'garbage', samples.Speaker.id],
    });
    expect(result.data).toEqual({
      nodes: [{ id: samples.Country.id }, null, { id: samples.Speaker.id }],
      countries: { totalCount: 249 },
    });
    const error = onlyError(result);
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'ids' });
    expect(error.path).toEqual(['nodes', 1]);
  });

  it('refuses more than 100 IDs in one nodes() call', async () => {
    const ids = Array.from({ length: 101 }, (_, i) => encodeGlobalId('Country', i + 1));
    const result = await kb.graphql(`query ($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids });
    expect(onlyError(result).extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('root lookups', () => {
  it('finds an article by id, slug or URL', async () => {
    const { article } = await kb.data(`{ article(slug: "spokesman-iran-will-not-give-russia-drones") { id title } }`);
    const byId = await kb.data(`query ($id: ID!) { article(id: $id) { title } }`, { id: article.id });
    expect(byId.article.title).toBe('Spokesman: Iran will not give Russia drones');

    // A URL is the natural key of an imported article; the seed's source gives none.
    await kb.db
      .update(articles)
      .set({ url: 'https://newskb.test/spokesman' })
      .where(eq(articles.slug, 'spokesman-iran-will-not-give-russia-drones'));
    const byUrl = await kb.data(`{ article(url: "https://newskb.test/spokesman") { id } }`);
    expect(byUrl.article.id).toBe(article.id);
  });

  it('finds a country by alpha-2 or alpha-3 code in any case, and by id', async () => {
    const result = await kb.data(`{
      a: country(code: "ir") { id name }
      b: country(code: "IRN") { id }
      c: country(code: " Ir ") { id }
      d: country(code: "irn") { id alpha2 alpha3 }
    }`);
    expect(result.a.name).toBe('Iran');
    expect([result.b.id, result.c.id, result.d.id]).toEqual([result.a.id, result.a.id, result.a.id]);
    expect(result.d).toMatchObject({ alpha2: 'IR', alpha3: 'IRN' });
    const byId = await kb.data(`query ($id: ID!) { country(id: $id) { name } }`, { id: result.a.id });
    expect(byId.country.name).toBe('Iran');
  });

  it('finds speakers and organizations by slug and by id', async () => {
    const result = await kb.data(`{
      speaker(slug: "ebrahim-raisi") { id name }
      organization(slug: "united-nations") { id name acronym }
    }`);
    expect(result.speaker.name).toBe('Ebrahim Raisi');
    expect(result.organization).toMatchObject({ name: 'United Nations', acronym: 'UN' });
    const byId = await kb.data(`query ($s: ID!, $o: ID!) { speaker(id: $s) { slug } organization(id: $o) { slug } }`, {
      s: result.speaker.id,
      o: result.organization.id,
    });
    expect(byId).toEqual({ speaker: { slug: 'ebrahim-raisi' }, organization: { slug: 'united-nations' } });
  });

  it.each([
    ['an unknown country code', `{ country(code: "XX") { name } }`, 'NOT_FOUND'],
    ['an unknown alpha-3 code', `{ country(code: "XYZ") { name } }`, 'NOT_FOUND'],
    ['a malformed country code', `{ country(code: "Iran") { name } }`, 'BAD_USER_INPUT'],
    ['an unknown slug', `{ speaker(slug: "nobody") { name } }`, 'NOT_FOUND'],
    ['an unknown organization', `{ organization(slug: "nothing") { name } }`, 'NOT_FOUND'],
    ['an unknown URL', `{ article(url: "https://nowhere.test/") { title } }`, 'NOT_FOUND'],
    ['no key at all', `{ article { title } }`, 'BAD_USER_INPUT'],
    ['two keys at once', `{ speaker(slug: "joe-biden", id: "x") { name } }`, 'BAD_USER_INPUT'],
    ['an ID of the wrong type', `{ speaker(id: "${encodeGlobalId('Country', 1)}") { name } }`, 'BAD_USER_INPUT'],
    ['a statement that does not exist', `{ statement(id: "${encodeGlobalId('Statement', 999999)}") { text } }`, 'NOT_FOUND'],
  ])('answers %s with a coded error', async (_, query, code) => {
    const result = await kb.graphql(query);
    const error = onlyError(result);
    expect(error.extensions?.code).toBe(code);
    expect(error.message).not.toMatch(/Unexpected error/);
  });
});

describe('nodes(ids:) under graphql-jit (GRAPHQL_JIT, the default) and graphql-js', () => {
  // Two apps over the file's one database: the option is the app's, not the database's.
  let jit: ReturnType<TestApp['withApp']>;
  let interpreted: ReturnType<TestApp['withApp']>;
  beforeAll(() => {
    jit = kb.withApp({ jit: true });
    interpreted = kb.withApp({ jit: false });
  });

  // graphql-jit 0.8.7 put the null of a rejected list item at the end of the list (push) rather
  // than at its index: whenever an item after it settled first, the list grew by one null.
  it('keeps a missing node at its own index when the nodes after it load first', async () => {
    const { articles } = await jit.data(`{ articles(first: 2) { edges { node { id } } } }`);
    const [first, second] = articles.edges.map((e: any) => e.node.id);
    // The two articles share one batch, sent before the speaker's: they settle before the missing speaker fails.
    const missing = encodeGlobalId('Speaker', 999999);
    for (let round = 0; round < 10; round++) {
      const result = await (round % 2 ? interpreted : jit).graphql(`query ($ids: [ID!]!) { nodes(ids: $ids) { id } }`, {
        ids: [first, missing, second],
      });
      expect(result.data?.nodes).toEqual([{ id: first }, null, { id: second }]);
      const error = onlyError(result);
      expect(error.extensions?.code).toBe('NOT_FOUND');
      expect(error.path).toEqual(['nodes', 1]);
    }
  });

  it('answers as graphql-js does for missing and malformed IDs across types', async () => {
    const samples = await oneOfEach();
    const ids = [samples.Country.id, encodeGlobalId('Article', 424242), samples.Speaker.id, 'garbage', samples.Article.id];
    const query = `query ($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`;
    const expected = await interpreted.graphql(query, { ids });
    expect(expected.data?.nodes).toHaveLength(ids.length);
    for (let round = 0; round < 5; round++) {
      expect(await jit.graphql(query, { ids })).toEqual(expected);
    }
  });
});
