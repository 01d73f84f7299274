import { encodeGlobalId as globalId } from '../src/core/global-id';
import { insertNewsroom } from './support/fixtures';
import { openTestApp, type TestApp } from './support/harness';
import { lockCountries } from './support/table-lock';

/**
 * What a request costs besides its SQL (issue 15): work that depends only on the process or on
 * the query's text must not be redone per request. CPU profiles of the benchmark put the
 * per-request creation of all twenty DataLoaders at a few percent of a lookup's CPU.
 *
 * DataLoader is wrapped (not replaced) to count the instances a request makes; the database and
 * the GraphQL pipeline are real.
 */
const mockLoaders = { made: 0 };
jest.mock('dataloader', () => {
  const Actual = jest.requireActual('dataloader');
  return class CountedDataLoader extends Actual {
    constructor(...args: unknown[]) {
      super(...args);
      mockLoaders.made += 1;
    }
  };
});

let kb: TestApp;
let articleIds: number[];
beforeAll(async () => {
  kb = await openTestApp();
  const newsroom = await insertNewsroom(kb.db, { tag: 'perrequest', articleCount: 3, statementsPerArticle: 2, speakerCount: 2 });
  articleIds = newsroom.articleIds;
});
afterAll(() => kb.close());

async function loadersMadeBy(query: string, variables?: Record<string, unknown>) {
  mockLoaders.made = 0;
  const data = await kb.data(query, variables);
  return { made: mockLoaders.made, data };
}

describe('loaders are made when a request first uses them', () => {
  it('an article lookup with its publisher makes two loaders, not all twenty', async () => {
    const { made, data } = await loadersMadeBy('query ($id: ID!) { article(id: $id) { title publisher { name } } }', {
      id: globalId('Article', articleIds[0]),
    });
    expect(data.article.title).toEqual(expect.any(String));
    // articleById and organizationById.
    expect(made).toBeLessThanOrEqual(2);
  });

  it('a request that reads nothing through the loaders makes none', async () => {
    const { made } = await loadersMadeBy('{ __typename }');
    expect(made).toBe(0);
  });

  it('one request still shares one loader per kind: two lookups are one statement', async () => {
    let data: any;
    const sql = await kb.countQueries(async () => {
      ({ data } = await loadersMadeBy('query ($a: ID!, $b: ID!) { a: article(id: $a) { title } b: article(id: $b) { title } }', {
        a: globalId('Article', articleIds[0]),
        b: globalId('Article', articleIds[1]),
      }));
    });
    expect(data.a.title).not.toEqual(data.b.title);
    expect(sql).toHaveLength(1);
  });

  it('and two requests never share one: the second reads the database again', async () => {
    const query = 'query ($id: ID!) { article(id: $id) { title } }';
    const variables = { id: globalId('Article', articleIds[2]) };
    const first = await kb.countQueries(() => kb.data(query, variables));
    const second = await kb.countQueries(() => kb.data(query, variables));
    expect(first).toHaveLength(1);
    expect(second).toHaveLength(1);
  });
});

describe('the request body is read once', () => {
  // yoga's own body limit (maxRequestBodySize, 25 MB by default) piped every body through a web
  // TransformStream besides src/limits' check: 2-3.6% of the benchmark's CPU, and a hidden
  // second limit that answered a body over 25 MB with its own code whatever MAX_BODY_BYTES said.
  let big: ReturnType<TestApp['withApp']>;
  beforeAll(() => {
    big = kb.withApp({ limits: { maxBodyBytes: 32 * 1024 * 1024 } });
  });

  it('MAX_BODY_BYTES alone decides: a 26 MB body under a 32 MB limit is answered', async () => {
    const padding = 'x'.repeat(26 * 1024 * 1024);
    const { status, body } = await big.send('{ __typename }', { variables: { pad: padding }, accept: 'application/json' });
    expect(body.errors?.map((e: any) => e.extensions?.code)).toBeUndefined();
    expect(status).toBe(200);
    expect(body.data).toEqual({ __typename: 'Query' });
  });

  it('and a body over it is still refused with REQUEST_TOO_LARGE', async () => {
    const { status, body } = await kb.send('{ __typename }', {
      variables: { pad: 'x'.repeat(2 * 1024 * 1024) },
      accept: 'application/json',
    });
    expect(status).toBe(413);
    expect(body.errors?.[0]?.extensions?.code).toBe('REQUEST_TOO_LARGE');
  });
});

describe('article rows are read without their body when the query cannot ask for it', () => {
  const readsBody = (statements: string[]) => statements.some((statement) => /"body"/.test(statement));
  const lookup = (selection: string, fragments = '') =>
    kb.countQueries(() =>
      kb.data(`query ($id: ID!) { article(id: $id) { ${selection} } } ${fragments}`, { id: globalId('Article', articleIds[0]) }),
    );

  it('a lookup of the title reads no body, in the same one statement', async () => {
    const sql = await lookup('title');
    expect(sql).toHaveLength(1);
    expect(readsBody(sql)).toBe(false);
  });

  it('a page of titles reads no body; nested article pages neither', async () => {
    const page = await kb.countQueries(() => kb.data('{ articles(first: 3) { edges { node { title } } } }'));
    expect(readsBody(page)).toBe(false);
    const nested = await kb.countQueries(() =>
      kb.data(
        '{ statements(first: 3) { edges { node { text article { title } } } } speakers(first: 2) { edges { node { articles(first: 2) { edges { node { title } } } } } } }',
      ),
    );
    expect(nested.length).toBeGreaterThan(0);
    expect(readsBody(nested)).toBe(false);
  });

  it('asking for the body, by name, alias or fragment, reads it and returns it, after a request without it', async () => {
    const expected: string = (await kb.data('query ($id: ID!) { article(id: $id) { body } }', { id: globalId('Article', articleIds[0]) }))
      .article.body;
    expect(expected.length).toBeGreaterThan(0);
    await lookup('title');
    for (const [selection, fragments, key] of [
      ['title body', '', 'body'],
      ['text: body', '', 'text'],
      ['...Text', 'fragment Text on Article { body }', 'body'],
    ]) {
      let article: any;
      const sql = await kb.countQueries(async () => {
        ({ article } = await kb.data(`query ($id: ID!) { article(id: $id) { ${selection} } } ${fragments}`, {
          id: globalId('Article', articleIds[0]),
        }));
      });
      expect(sql).toHaveLength(1);
      expect(readsBody(sql)).toBe(true);
      expect(article[key]).toBe(expected);
    }
    const page = await kb.data('{ articles(first: 50) { edges { node { id body } } } }');
    const ours = page.articles.edges.find((edge: any) => edge.node.id === globalId('Article', articleIds[0]));
    expect(ours.node.body).toBe(expected);
  });
});

describe('a GraphQL request waits for no hook of the routes beside it', () => {
  // A hook that returns a promise makes every request wait a turn of the event loop for it: the
  // health probes, the export and JSON-LD routes, GraphiQL's assets and the body limit were
  // async for every request, although they answer only their own paths (issue 15).
  const graphqlRequest = () =>
    new Request('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': '27' },
      body: '{"query":"{ __typename }"}',
    });

  it("every plugin's onRequest and onRequestParse return at once for POST /graphql, without a promise", () => {
    const plugins = (kb.app as unknown as { plugins: Record<string, any>[] }).plugins;
    const returned: { hook: string; index: number; value: unknown }[] = [];
    let ended = 0;
    for (const [index, plugin] of plugins.entries()) {
      const request = graphqlRequest();
      const url = new URL(request.url);
      if (plugin.onRequest) {
        const value = plugin.onRequest({
          request,
          url,
          serverContext: {},
          fetchAPI: globalThis,
          endResponse: () => ended++,
          setRequest: () => {},
          requestHandler: () => {},
          setRequestHandler: () => {},
        });
        returned.push({ hook: 'onRequest', index, value });
      }
      if (plugin.onRequestParse) {
        const value = plugin.onRequestParse({ request, url, serverContext: {}, requestParser: () => {}, setRequestParser: () => {} });
        returned.push({ hook: 'onRequestParse', index, value });
      }
    }
    expect(ended).toBe(0);
    // The routes, the probes, GraphiQL's assets and the body limit are among them.
    expect(returned.length).toBeGreaterThanOrEqual(6);
    expect(returned.filter(({ value }) => typeof (value as { then?: unknown })?.then === 'function')).toEqual([]);
  });

  it('and the paths they answer are still answered: /healthz, /readyz, a GraphiQL asset, an export', async () => {
    const get = (path: string) => kb.app.fetch(`http://localhost${path}`);
    expect(await (await get('/healthz')).json()).toEqual({ status: 'ok' });
    expect(await (await get('/readyz')).json()).toEqual({ status: 'ready' });
    expect((await get('/graphiql-assets/nothing.js')).status).toBe(404);
    const countries = await get('/export/countries.ndjson');
    expect(countries.status).toBe(200);
    expect((await countries.text()).split('\n').filter(Boolean).length).toBeGreaterThan(100);
  });
});

describe("the request timeout's abort signal is made only when the executor reads it", () => {
  // graphql-jit's compiled queries take no signal: an AbortController for each of them was
  // 1.5-3% of a lookup's CPU. graphql-js reads it at its start, and must still stop at the deadline.
  // (A compiled query past the deadline is answered REQUEST_TIMEOUT: test/limits.test.ts.)
  const onPostgres = process.env.NEWSKB_TEST_DB === 'postgres' ? it : it.skip;
  const query = '{ countries(first: 3) { edges { node { name mentionCount } } } }';

  onPostgres('graphql-js past REQUEST_TIMEOUT_MS reads no further level once its page arrives', async () => {
    const timed = kb.withApp({ jit: false, limits: { requestTimeoutMs: 300 } });
    const readsMentions = (statements: string[]) => statements.some((statement) => /"mentions"/.test(statement));
    // Unhurried, the query reads the countries' mentions after their page.
    expect(readsMentions(await kb.countQueries(() => timed.data(query)))).toBe(true);

    const statements = await kb.countQueries(async () => {
      const unlock = await lockCountries(kb.url!);
      const answer = await timed.send(query, { accept: 'application/json' });
      expect(answer.status).toBe(503);
      expect(answer.body.errors.map((error: any) => error.extensions.code)).toEqual(['REQUEST_TIMEOUT']);
      await unlock();
      // The page's statement now returns; an executor that was not stopped goes on to the mentions.
      await new Promise((resolve) => setTimeout(resolve, 500));
    });
    expect(statements.some((statement) => /"countries"/.test(statement))).toBe(true);
    expect(readsMentions(statements)).toBe(false);
  });
});

describe('the response size limit makes no function per request', () => {
  // Its hooks object and its walk are made once per app (tsx names every function it makes,
  // 1-1.5% of a lookup with the health probe's): requests running at once must still be judged
  // each on its own answer.
  it('concurrent answers over and under MAX_RESPONSE_BYTES are each judged on their own', async () => {
    const small = kb.withApp({ limits: { maxResponseBytes: 300 } });
    const large = '{ countries(first: 40) { edges { node { name alpha2 alpha3 } } } }';
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, index) => small.send(index % 2 ? '{ __typename }' : large, { accept: 'application/json' })),
    );
    answers.forEach((answer, index) => {
      if (index % 2) expect(answer.body).toEqual({ data: { __typename: 'Query' } });
      else expect(answer.body.errors.map((error: any) => error.extensions.code)).toEqual(['RESPONSE_TOO_LARGE']);
    });
    // Under the default limit the large one is answered whole.
    expect((await kb.data(large)).countries.edges).toHaveLength(40);
  });
});
