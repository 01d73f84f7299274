import { createHash } from 'node:crypto';
import { articles } from '../schema';
import { createToken } from '../src/auth/tokens';
import { createResponseCache, type ResponseCache } from '../src/cache/response-cache';
import { createEvents, type Events } from '../src/events';
import { exampleQueries } from '../src/graphiql-examples';
import { type GraphQLRequest, openTestApp, type TestApp } from './support/harness';

/**
 * The response cache in one process (the in-memory store): what it keeps, what it never keeps,
 * and that every kind of write empties it. test/scale-out.test.ts runs it through Redis across
 * two instances.
 */
let kb: TestApp;
let cache: ResponseCache;
let events: Events;
const tokens: Record<'write' | 'admin', string> = { write: '', admin: '' };

beforeAll(async () => {
  events = createEvents();
  cache = createResponseCache({ ttlMs: 60_000, events });
  kb = await openTestApp({ app: { responseCache: cache, events } });
  for (const scope of ['write', 'admin'] as const) tokens[scope] = (await createToken(kb.db, { name: `cache ${scope}`, scope })).token;
});
afterAll(async () => {
  await cache.close();
  await kb.close();
});

async function post(query: string, options: GraphQLRequest = {}) {
  const answer = await kb.send(query, options);
  return { ...answer, etag: answer.headers.get('etag') };
}

/** The answer, and how many SQL statements it took: none means it came from the cache. */
async function read(query: string, options: Parameters<typeof post>[1] = {}) {
  let answer!: Awaited<ReturnType<typeof post>>;
  const sql = await kb.countQueries(async () => {
    answer = await post(query, options);
  });
  return { ...answer, statements: sql.length };
}

async function write(mutation: string, token = tokens.write) {
  const { body } = await post(mutation, { token });
  expect(body.errors).toBeUndefined();
  const [payload] = Object.values(body.data) as { __typename: string }[];
  expect(payload.__typename).toMatch(/Success$/);
  return payload as any;
}

const articleList = '{ articles(first: 100, orderBy: { field: TITLE, direction: ASC }) { totalCount nodes { id title } } }';
const speakerList = '{ speakers(first: 100) { totalCount nodes { id name } } }';

describe('response cache', () => {
  it('answers a repeated anonymous read without touching the database, with an ETag', async () => {
    const first = await read(articleList);
    expect(first.statements).toBeGreaterThan(0);
    const second = await read(articleList);
    expect(second.statements).toBe(0);
    expect(second.body).toEqual(first.body);
    expect(second.etag).toBeTruthy();
  });

  it('never keeps an answer given to a token: viewer and token lists are per client', async () => {
    const perToken = '{ viewer { tokenName scope } apiTokens { name } }';
    await read(perToken, { token: tokens.admin });
    const again = await read(perToken, { token: tokens.admin });
    expect(again.statements).toBeGreaterThan(0);
    expect(again.body.data.viewer).toEqual({ tokenName: 'cache admin', scope: 'ADMIN' });
    expect(again.etag).toBeNull();
    // The anonymous answer is the same for every anonymous client.
    expect((await read('{ viewer { tokenName } }')).body.data.viewer).toBeNull();
  });

  it('keeps no error: a slug that matches nothing is found once it is created', async () => {
    const lookup = '{ article(slug: "cached-later") { title } }';
    expect((await read(lookup)).body.errors[0].extensions.code).toBe('NOT_FOUND');
    await write('mutation { createArticle(input: { title: "Cached later", slug: "cached-later" }) { __typename } }');
    expect((await read(lookup)).body.data.article.title).toBe('Cached later');
  });

  it('is emptied by creations, which change lists and counts that hold no row of theirs', async () => {
    await read(articleList);
    const before = await read(articleList);
    expect(before.statements).toBe(0);
    await write('mutation { createArticle(input: { title: "Aaa first by title" }) { __typename } }');
    const after = await read(articleList);
    expect(after.statements).toBeGreaterThan(0);
    expect(after.body.data.articles.totalCount).toBe(before.body.data.articles.totalCount + 1);
    expect(after.body.data.articles.nodes[0].title).toBe('Aaa first by title');
  });

  it('answers an ETag from before a write with the fresh answer, not 304', async () => {
    const { etag } = await read(articleList);
    await write('mutation { createArticle(input: { title: "Zz after an ETag" }) { __typename } }');
    const revalidated = await read(articleList, { headers: { 'if-none-match': etag! } });
    expect(revalidated.status).toBe(200);
    expect(revalidated.body.data.articles.nodes.map((node: { title: string }) => node.title)).toContain('Zz after an ETag');
  });

  it('is emptied by updates, deletes and merges', async () => {
    const created = await write(
      'mutation { createSpeaker(input: { name: "Cache Absorbed" }) { __typename ... on CreateSpeakerSuccess { speaker { id } } } }',
    );
    const kept = await write(
      'mutation { createSpeaker(input: { name: "Cache Kept" }) { __typename ... on CreateSpeakerSuccess { speaker { id } } } }',
    );
    const names = async () => (await read(speakerList)).body.data.speakers.nodes.map((node: { name: string }) => node.name);

    await read(speakerList);
    await write(`mutation { updateSpeaker(input: { id: "${kept.speaker.id}", name: "Cache Kept Renamed" }) { __typename } }`);
    expect(await names()).toContain('Cache Kept Renamed');

    await read(speakerList);
    await write(
      `mutation { mergeSpeakers(input: { keep: "${kept.speaker.id}", absorb: "${created.speaker.id}" }) { __typename } }`,
      tokens.admin,
    );
    expect(await names()).not.toContain('Cache Absorbed');

    await read(speakerList);
    await write(`mutation { deleteSpeaker(id: "${kept.speaker.id}") { __typename } }`, tokens.admin);
    expect(await names()).not.toContain('Cache Kept Renamed');
  });

  it('is emptied by importArticle, and by an import announced from outside the server (npm run import)', async () => {
    await read(articleList);
    await write(
      'mutation { importArticle(input: { url: "https://example.org/cache-import", title: "Aab imported", body: "\\"Cached,\\" said Lena Brandt." }) { __typename } }',
    );
    expect((await read(articleList)).body.data.articles.nodes[1].title).toBe('Aab imported');

    // Another process writes directly, then announces the import as src/cli/import.ts does.
    await read(articleList);
    const [row] = await kb.db.insert(articles).values({ slug: 'aac-from-the-cli', title: 'Aac from the CLI' }).returning();
    expect((await read(articleList)).body.data.articles.nodes[2].title).not.toBe('Aac from the CLI');
    events.publish('article:imported', { articleId: row.id, created: true, statementCount: 0, addedStatementCount: 0 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await read(articleList)).body.data.articles.nodes[2].title).toBe('Aac from the CLI');
  });

  it('does not keep an answer over 256 KB', async () => {
    await kb.db.insert(articles).values({ slug: 'a-long-read', title: 'A long read', body: 'Words. '.repeat(40_000) });
    const longRead = '{ article(slug: "a-long-read") { body } }';
    await read(longRead);
    expect((await read(longRead)).statements).toBeGreaterThan(0);
  });

  it('keys operations sent by hash by their text, not by the empty query they arrive with', async () => {
    const [first, second] = exampleQueries.map(({ query }) => query);
    const byHash = (query: string) =>
      read('', { extensions: { persistedQuery: { version: 1, sha256Hash: createHash('sha256').update(query).digest('hex') } } });
    const firstAnswer = (await byHash(first)).body;
    const secondAnswer = (await byHash(second)).body;
    expect(firstAnswer.data).toBeTruthy();
    expect(secondAnswer.data).toBeTruthy();
    expect(secondAnswer).not.toEqual(firstAnswer);
    expect((await byHash(second)).statements).toBe(0);
  });
});
