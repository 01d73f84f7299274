import { getNullableType, isInterfaceType, isListType, isObjectType, parse } from 'graphql';
import { articles } from '../schema';
import { createApp, type AppOptions } from '../src/app';
import { encodeGlobalId } from '../src/core/global-id';
import { schema } from '../src/graphql/schema';
import { DEFAULT_LIMITS } from '../src/limits';
import { operationCost } from '../src/limits/cost';
import { FIELD_COSTS, LIST_LENGTHS, SEARCH_COSTS } from '../src/limits/cost-rules';
import { openTestApp, sendGraphQL, type TestApp } from './support/harness';

/**
 * Issue 14, item 4: `nodes(ids:)` with 100 repeated IDs, aliased, of a megabyte article's body
 * cost as much as one name. A 268-byte request made a 477 MiB answer; ten aliases of it crashed
 * the JSON serialiser (HTTP 500). Lists now cost their length, large text its weight, and an
 * answer past MAX_RESPONSE_BYTES is refused before it is serialised.
 */
let kb: TestApp;
let bigArticleId: string;
const MEGABYTE_BODY = 'A long report on drones and sanctions. '.repeat(Math.ceil(1_048_576 / 39)).slice(0, 1_048_576);

beforeAll(async () => {
  kb = await openTestApp();
  const [row] = await kb.db
    .insert(articles)
    .values({ slug: 'limits-size-megabyte', title: 'A megabyte article', body: MEGABYTE_BODY })
    .returning({ id: articles.id });
  bigArticleId = encodeGlobalId('Article', row.id);
});
afterAll(() => kb.close());

type Answer = { status: number; text: string; body: any };

const send = (app: ReturnType<typeof createApp>, query: string, variables?: Record<string, unknown>): Promise<Answer> =>
  sendGraphQL(app, query, { variables, accept: 'application/graphql-response+json' });

const appWith = (options: Omit<AppOptions, 'db'>) => createApp({ db: kb.db, ...options });
const codesOf = (answer: Answer) => (answer.body.errors ?? []).map((error: any) => error.extensions?.code);
const cost = (query: string, variables?: Record<string, unknown>) => operationCost(schema, parse(query), undefined, variables);

/** The attack's shape: `aliases` copies of nodes(ids: $ids) { ... on Article { body } }. */
const bodiesOf = (aliases: number) =>
  `query($ids: [ID!]!) { ${Array.from({ length: aliases }, (_, index) => `a${index}: nodes(ids: $ids) { ... on Article { body } }`).join(' ')} }`;

describe('cost of lists and large text', () => {
  it('multiplies nodes(ids:) by the number of IDs, written in the query or sent as a variable', () => {
    const written = '{ nodes(ids: ["x", "y", "z"]) { id } }';
    expect(cost(written)).toBe(3 * (2 + 1));
    const ids = Array.from({ length: 100 }, () => 'QXJ0aWNsZTox');
    expect(cost('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids })).toBe(100 * (2 + 1));
  });

  it('weighs Article.body, wherever it is selected', () => {
    expect(cost('{ articles(first: 10) { nodes { body } } }')).toBe((2 + (2 + FIELD_COSTS['Article.body'])) * 10);
    expect(cost('{ articles(first: 10) { nodes { title } } }')).toBe((2 + (2 + 1)) * 10);
    expect(cost('fragment Text on Article { body } { article(slug: "x") { ...Text } }')).toBe(2 + FIELD_COSTS['Article.body']);
  });

  it('multiplies any other plain list by its declared length, scalar lists included', () => {
    const roles = LIST_LENGTHS['Speaker.roles'];
    const aliases = LIST_LENGTHS['Speaker.aliases'];
    expect(cost('{ speakers(first: 2) { nodes { aliases roles { title } } } }')).toBe((2 + (2 + aliases + (2 + 1) * roles)) * 2);
  });

  it("refuses the attack (10 aliases of 100 IDs' bodies) with QUERY_TOO_COSTLY, not a 500", async () => {
    const ids = Array.from({ length: 100 }, () => bigArticleId);
    const answer = await send(kb.app, bodiesOf(10), { ids });
    expect(answer.status).toBe(400);
    expect(codesOf(answer)).toEqual(['QUERY_TOO_COSTLY']);
    expect(answer.body.errors[0].extensions).toMatchObject({
      limit: DEFAULT_LIMITS.maxCost,
      cost: 10 * 100 * (2 + FIELD_COSTS['Article.body']),
    });
    expect(answer.body.data).toBeUndefined();
  });

  it('prices every list and weight of the schema: each named field exists, each plain list is declared', () => {
    const fields = new Map<string, { list: boolean; connectionItems: boolean }>();
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__') || !(isObjectType(type) || isInterfaceType(type))) continue;
      const isConnection = 'pageInfo' in type.getFields();
      for (const field of Object.values(type.getFields())) {
        fields.set(`${type.name}.${field.name}`, {
          list: isListType(getNullableType(field.type)),
          connectionItems:
            (isConnection && (field.name === 'edges' || field.name === 'nodes')) ||
            field.args.some((argument) => argument.name === 'first'),
        });
      }
    }
    for (const name of [...Object.keys(FIELD_COSTS), ...Object.keys(LIST_LENGTHS), ...Object.keys(SEARCH_COSTS)])
      expect([name, fields.has(name)]).toEqual([name, true]);
    const undeclared = [...fields]
      .filter(([name, field]) => field.list && !field.connectionItems && name !== 'Query.nodes' && !(name in LIST_LENGTHS))
      .map(([name]) => name);
    expect(undeclared).toEqual([]);
  });
});

describe('response size', () => {
  const repeated = (count: number) => Array.from({ length: count }, () => bigArticleId);

  it('refuses an answer over MAX_RESPONSE_BYTES (10 MiB) with RESPONSE_TOO_LARGE, under the cost limit', async () => {
    // 20 x 1 MiB costs 20 x 102 = 2,040 points, far under MAX_COST, and would be a 20 MiB answer.
    expect(cost(bodiesOf(1), { ids: repeated(20) })).toBeLessThan(DEFAULT_LIMITS.maxCost);
    const answer = await send(kb.app, bodiesOf(1), { ids: repeated(20) });
    expect(answer.status).toBe(400);
    expect(codesOf(answer)).toEqual(['RESPONSE_TOO_LARGE']);
    expect(answer.body.errors[0].extensions.limit).toBe(10 * 1024 * 1024);
    expect(answer.text.length).toBeLessThan(1_000);
  });

  it('sends an answer under the limit whole', async () => {
    const answer = await send(kb.app, bodiesOf(1), { ids: repeated(5) });
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data.a0).toHaveLength(5);
    expect(answer.body.data.a0[4].body).toBe(MEGABYTE_BODY);
  });

  it('stops the whole attack (10 aliases x 100 IDs x 1 MiB, a GiB of JSON) even with the cost limit lifted', async () => {
    const app = appWith({ limits: { maxCost: 1_000_000_000 } });
    const answer = await send(app, bodiesOf(10), { ids: repeated(100) });
    expect(answer.status).toBe(400);
    expect(codesOf(answer)).toEqual(['RESPONSE_TOO_LARGE']);
  });

  it('follows MAX_RESPONSE_BYTES, and counts the UTF-8 size of the text', async () => {
    const app = appWith({ limits: { maxResponseBytes: 2_000 } });
    const query = 'query($slug: String!) { article(slug: $slug) { title } }';
    const [row] = await kb.db
      .insert(articles)
      .values({ slug: 'limits-size-accents', title: 'é'.repeat(1_200), body: 'short' })
      .returning({ id: articles.id });
    expect(row.id).toBeGreaterThan(0);
    // 1,200 characters but 2,400 bytes.
    expect(codesOf(await send(app, query, { slug: 'limits-size-accents' }))).toEqual(['RESPONSE_TOO_LARGE']);
    expect((await send(app, query, { slug: 'limits-size-megabyte' })).body).toEqual({ data: { article: { title: 'A megabyte article' } } });
  });

  it('measures a deferred part on its own', async () => {
    const { text } = await kb.send('query($ids: [ID!]!) { __typename ... @defer { nodes(ids: $ids) { ... on Article { body } } } }', {
      variables: { ids: repeated(20) },
      accept: 'multipart/mixed',
    });
    expect(text.length).toBeLessThan(10_000);
    expect(text).toContain('"__typename":"Query"');
    expect(text).toContain('RESPONSE_TOO_LARGE');
    // The refused part still closes the stream of parts.
    expect(text).toMatch(/"RESPONSE_TOO_LARGE".*"hasNext":false/);
  });
});
