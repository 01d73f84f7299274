import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { createApp, type App } from '../src/app';
import { createToken } from '../src/auth/tokens';
import { createResponseCache, type ResponseCache } from '../src/cache/response-cache';
import { openDatabase, type DatabaseHandle } from '../src/db';
import { createEvents, type Events } from '../src/events';
import { createRateLimiter, type RateLimiter } from '../src/limits';
import { MIGRATIONS_DIR } from './support/databases';
import { openTestApp, sendGraphQL, type TestApp } from './support/harness';
import { subscribe } from './support/subscriptions';
import { redisAnswered, TEST_REDIS_URL } from './support/redis';

/**
 * Two instances, as behind a load balancer: each with its own pool, and its own Redis-backed
 * events, rate limiter and response cache, against one Postgres and the Redis on this machine.
 * Postgres only: PGlite is an embedded database inside one process, which a second instance
 * cannot share.
 */
const onPostgresWithRedis = process.env.NEWSKB_TEST_DB === 'postgres' && redisAnswered() ? describe : describe.skip;
const redisUrl = TEST_REDIS_URL;

/** The Redis outlives test runs and is shared with other suites: everything here is this run's own. */
const run = randomBytes(6).toString('hex');
const cachePrefix = `newskb:test:${run}:cache:`;

interface Instance {
  app: App;
  database: DatabaseHandle;
  events: Events;
  rateLimiter: RateLimiter;
  responseCache: ResponseCache;
  /** Every SQL statement this instance sent. */
  sql: string[];
}

async function startInstance(url: string): Promise<Instance> {
  const sql: string[] = [];
  const database = await openDatabase({ url, migrationsDir: MIGRATIONS_DIR, poolMax: 3, onQuery: (query) => sql.push(query) });
  const events = createEvents(redisUrl);
  const rateLimiter = createRateLimiter({ anonymous: 0, token: 1_000, windowSeconds: 60, redisUrl, trustProxy: true });
  const responseCache = createResponseCache({ redisUrl, ttlMs: 60_000, keyPrefix: cachePrefix, events });
  const app = createApp({ db: database.db, events, rateLimiter, responseCache });
  return { app, database, events, rateLimiter, responseCache, sql };
}

async function stopInstance(instance: Instance) {
  await Promise.all([instance.responseCache.close(), instance.rateLimiter.close(), instance.events.close(), instance.database.close()]);
}

onPostgresWithRedis('two instances sharing Postgres and Redis', () => {
  let kb: TestApp;
  let a: Instance;
  let b: Instance;
  let writer: string;

  beforeAll(async () => {
    kb = await openTestApp();
    writer = (await createToken(kb.db, { name: 'scale-out writer', scope: 'write' })).token;
    [a, b] = await Promise.all([startInstance(kb.url!), startInstance(kb.url!)]);
  });
  afterAll(async () => {
    await Promise.all([a, b].filter(Boolean).map(stopInstance));
    const redis = new Redis(redisUrl);
    const keys = await redis.keys(`${cachePrefix}*`);
    if (keys.length > 0) await redis.del(keys);
    redis.disconnect();
    await kb?.close();
  });

  async function post(instance: Instance, query: string, variables?: Record<string, unknown>, token?: string) {
    const { headers, body } = await sendGraphQL(instance.app, query, {
      variables,
      token,
      // The address the rate limiter counts unknown tokens against: this run's own.
      headers: { 'x-forwarded-for': `scale-out-${run}` },
    });
    expect(body.errors).toBeUndefined();
    return { headers, data: body.data };
  }

  /** An anonymous read on `instance`, and how many SQL statements it sent: none is a cache hit. */
  async function read(instance: Instance, query: string) {
    const before = instance.sql.length;
    const { data } = await post(instance, query);
    return { data, statements: instance.sql.length - before };
  }

  /**
   * Reads until the answer comes from the cache: a cache's first requests go uncached while its
   * Redis connection opens (it never waits for Redis).
   */
  async function readCached(instance: Instance, query: string) {
    for (let attempt = 0; attempt < 100; attempt += 1) {
      const answer = await read(instance, query);
      if (answer.statements === 0) return answer;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`never answered from the cache: ${query}`);
  }

  const articleList = '{ articles(first: 100, orderBy: { field: TITLE, direction: ASC }) { totalCount nodes { id title } } }';

  it("reads on B what A wrote, B's cached answer emptied by A's mutation", async () => {
    const cached = await readCached(b, articleList);

    const title = `Aaa scale-out ${run}`;
    const created = await post(
      a,
      `mutation($title: String!) { createArticle(input: { title: $title }) {
      ... on CreateArticleSuccess { article { id } } } }`,
      { title },
      writer,
    );
    const fresh = await read(b, articleList);
    expect(fresh.statements).toBeGreaterThan(0);
    expect(fresh.data.articles.totalCount).toBe(cached.data.articles.totalCount + 1);
    expect(fresh.data.articles.nodes[0].title).toBe(title);

    // An update, read through a lookup that B has cached.
    const id = created.data.createArticle.article.id;
    const lookup = `{ node(id: "${id}") { ... on Article { title } } }`;
    await readCached(b, lookup);
    await post(a, `mutation { updateArticle(input: { id: "${id}", title: "Renamed on A" }) { __typename } }`, undefined, writer);
    expect((await read(b, lookup)).data.node.title).toBe('Renamed on A');
  });

  it("delivers A's import to a subscriber on B", async () => {
    const url = `https://example.org/scale-out/${run}`;
    const listening = await subscribe(
      b.app,
      'subscription { articleImported { created article { url title statements { totalCount } } } }',
    );
    try {
      await new Promise((resolve) => setTimeout(resolve, 500));
      await post(
        a,
        `mutation($input: ImportArticleInput!) { importArticle(input: $input) { __typename } }`,
        { input: { url, title: 'Imported on A', body: '"Heard on B," said Lena Brandt.' } },
        writer,
      );
      const event = await listening.nextMatching((received) => received.data?.articleImported?.article?.url === url);
      expect(event.data.articleImported).toEqual({
        created: true,
        article: { url, title: 'Imported on A', statements: { totalCount: 1 } },
      });
    } finally {
      await listening.close();
    }
  });

  it('counts a token once across both instances', async () => {
    const first = await post(a, '{ viewer { tokenName } }', undefined, writer);
    const second = await post(b, '{ viewer { tokenName } }', undefined, writer);
    const remaining = (response: { headers: Headers }) => Number(response.headers.get('x-ratelimit-remaining'));
    expect(remaining(second)).toBe(remaining(first) - 1);
  });
});
