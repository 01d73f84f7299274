import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApp, type AppOptions } from '../src/app';
import { createToken } from '../src/auth/tokens';
import { exampleQueries } from '../src/graphiql-examples';
import { createRateLimiter, DEFAULT_LIMITS, type RateLimiter } from '../src/limits';
import { type GraphQLRequest, openTestApp, sendGraphQL, type TestApp } from './support/harness';
import { lockCountries } from './support/table-lock';
import { redisAnswered, TEST_REDIS_URL } from './support/redis';

/**
 * The limits a public API needs, each met by the request that crosses it: the answer's HTTP
 * status, its stable code, and that a request just inside the limit still runs.
 */
let kb: TestApp;
beforeAll(async () => {
  kb = await openTestApp();
});
afterAll(() => kb.close());

type Answer = { status: number; headers: Headers; body: any };

const send = (app: ReturnType<typeof createApp>, { query, ...request }: GraphQLRequest & { query?: string }): Promise<Answer> =>
  sendGraphQL(app, query, { accept: 'application/graphql-response+json', ...request });

const appWith = (options: Omit<AppOptions, 'db'>) => createApp({ db: kb.db, ...options });
const codesOf = (answer: Answer) => (answer.body.errors ?? []).map((error: any) => error.extensions?.code);
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('query shape (graphql-armor)', () => {
  const nested = (levels: number) => {
    let selection = 'id';
    for (let level = 0; level < levels; level += 1) selection = `article { statements(first: 1) { nodes { ${selection} } } }`;
    return `{ statements(first: 1) { nodes { ${selection} } } }`;
  };

  it('refuses a query deeper than MAX_DEPTH with QUERY_TOO_DEEP, and runs one at the limit', async () => {
    // Each nesting adds 3 levels (article, statements, nodes) to the 3 of the outer statements.
    const app = appWith({ limits: { maxDepth: 9 } });
    const atLimit = await send(app, { query: nested(2) });
    expect(atLimit.body.errors).toBeUndefined();
    const tooDeep = await send(app, { query: nested(3) });
    expect(tooDeep.status).toBe(400);
    expect(codesOf(tooDeep)).toEqual(['QUERY_TOO_DEEP']);
    expect(tooDeep.body.errors[0].extensions.limit).toBe(9);
    expect(tooDeep.body.data).toBeUndefined();
  });

  it('refuses a deep query under the default limit, and lets introspection through', async () => {
    expect(codesOf(await send(kb.app, { query: nested(5) }))).toEqual(['QUERY_TOO_DEEP']);
    const introspection = await send(kb.app, {
      query: '{ __schema { types { fields { type { ofType { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } } }',
    });
    expect(introspection.body.errors).toBeUndefined();
  });

  it('counts aliased __typename as aliases (TOO_MANY_ALIASES)', async () => {
    const aliases = (count: number) => `{ ${Array.from({ length: count }, (_, index) => `a${index}: __typename`).join(' ')} }`;
    expect((await send(kb.app, { query: aliases(DEFAULT_LIMITS.maxAliases) })).body.errors).toBeUndefined();
    const tooMany = await send(kb.app, { query: aliases(DEFAULT_LIMITS.maxAliases + 1) });
    expect(tooMany.status).toBe(400);
    expect(codesOf(tooMany)).toEqual(['TOO_MANY_ALIASES']);
  });

  it('refuses too many directives (TOO_MANY_DIRECTIVES)', async () => {
    const directives = (count: number) => `{ ${'... @include(if: true) { __typename } '.repeat(count)} }`;
    expect((await send(kb.app, { query: directives(DEFAULT_LIMITS.maxDirectives) })).body.errors).toBeUndefined();
    expect(codesOf(await send(kb.app, { query: directives(DEFAULT_LIMITS.maxDirectives + 1) }))).toEqual(['TOO_MANY_DIRECTIVES']);
  });

  it('stops parsing at MAX_TOKENS (TOO_MANY_TOKENS)', async () => {
    const tooMany = await send(kb.app, { query: `{ ${'__typename '.repeat(DEFAULT_LIMITS.maxTokens)} }` });
    expect(tooMany.status).toBe(400);
    expect(codesOf(tooMany)).toEqual(['TOO_MANY_TOKENS']);
  });

  it('refuses one field selected more than MAX_REPEATED_FIELDS times in one place (TOO_MANY_REPEATED_FIELDS)', async () => {
    const repeated = (count: number) => `{ ${'__typename '.repeat(count)} }`;
    expect((await send(kb.app, { query: repeated(DEFAULT_LIMITS.maxRepeatedFields) })).body).toEqual({ data: { __typename: 'Query' } });
    const tooMany = await send(kb.app, { query: repeated(500) });
    expect(tooMany.status).toBe(400);
    expect(codesOf(tooMany)).toEqual(['TOO_MANY_REPEATED_FIELDS']);
    expect(tooMany.body.errors[0].message).toContain('"__typename" is selected 500 times');
  });

  it('gives a variable of the wrong type, or a missing one, the code BAD_USER_INPUT', async () => {
    const query = 'query($first: Int!) { countries(first: $first) { totalCount } }';
    for (const variables of [{ first: 'ten' }, {}]) {
      const answer = await send(kb.app, { query, variables });
      expect(codesOf(answer)).toEqual(['BAD_USER_INPUT']);
    }
  });

  it('hides field suggestions when told to (production), shows them otherwise', async () => {
    const typo = { query: '{ speakerz { totalCount } }' };
    expect(JSON.stringify((await send(kb.app, typo)).body)).toContain('Did you mean');
    const hidden = await send(appWith({ limits: { fieldSuggestions: false } }), typo);
    expect(JSON.stringify(hidden.body)).not.toContain('Did you mean');
    expect(codesOf(hidden)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  });
});

describe('cost', () => {
  // 100 articles x (100 statements x 7) is 70,600 over the default 50,000; 100 x 10 is 7,600.
  const query =
    'query($articles: Int, $statements: Int) { articles(first: $articles) { edges { node { statements(first: $statements) { edges { node { text } } } } } } }';

  it('multiplies by page sizes given as variables (armor alone counts them as 1)', async () => {
    const costly = await send(kb.app, { query, variables: { articles: 100, statements: 100 } });
    expect(costly.status).toBe(400);
    expect(codesOf(costly)).toEqual(['QUERY_TOO_COSTLY']);
    expect(costly.body.errors[0].message).toContain('found 70600');
    expect((await send(kb.app, { query, variables: { articles: 100, statements: 10 } })).body.errors).toBeUndefined();
  });

  // The cost is remembered per document: each of these sends one text again and again.
  it('prices the same document again for every new value of its page sizes, its filter and its operation', async () => {
    for (const [statements, refused] of [
      [10, false],
      [100, true],
      [10, false],
      [100, true],
    ] as const) {
      const answer = await send(kb.app, { query, variables: { articles: 100, statements } });
      expect(codesOf(answer)).toEqual(refused ? ['QUERY_TOO_COSTLY'] : []);
    }
    // A search inside the filter variable costs 1,000 more; a variable the cost does not read changes nothing.
    const app = appWith({ limits: { maxCost: 1_000 } });
    const filtered =
      'query($filter: ArticleFilter, $slug: String) { articles(first: 10, filter: $filter) { totalCount edges { node { title } } } article(slug: $slug) { title } }';
    for (const [filter, refused] of [
      [{}, false],
      [{ search: 'drones' }, true],
      [{}, false],
      [{ search: 'drones' }, true],
    ] as const) {
      for (const slug of ['no-such-article', 'nor-this-one']) {
        const answer = await send(app, { query: filtered, variables: { filter, slug } });
        // Run (the slug is not found) or refused before running.
        expect(codesOf(answer)).toEqual(refused ? ['QUERY_TOO_COSTLY'] : ['NOT_FOUND']);
      }
    }
    const twoOperations = `query Small { countries(first: 1) { totalCount } } ${query.replace('query(', 'query Big(')}`;
    for (const [operationName, refused] of [
      ['Small', false],
      ['Big', true],
      ['Small', false],
    ] as const) {
      // The same variables for both: Small declares none of them, and only the operation differs.
      const answer = await send(kb.app, { query: twoOperations, operationName, variables: { articles: 100, statements: 100 } });
      expect(codesOf(answer)).toEqual(refused ? ['QUERY_TOO_COSTLY'] : []);
    }
  });

  it('counts a connection without first/last at the default page size (20)', async () => {
    const app = appWith({ limits: { maxCost: 1_000 } });
    // statements takes its default 20: (2 + 2 + 2 + 1) x 20 = 140; x 20 articles (+2 +2 +2) = 2,920.
    const defaulted = await send(app, { query, variables: {} });
    expect(defaulted.body.errors[0].message).toContain('found 2920');
  });
});

describe('requests', () => {
  it('refuses a body over MAX_BODY_BYTES with 413 and REQUEST_TOO_LARGE, by its Content-Length', async () => {
    const answer = await send(kb.app, {
      query: 'query($text: String) { __typename }',
      variables: { text: 'x'.repeat(DEFAULT_LIMITS.maxBodyBytes) },
    });
    expect(answer.status).toBe(413);
    expect(codesOf(answer)).toEqual(['REQUEST_TOO_LARGE']);
  });

  it('refuses a chunked body (no Content-Length) once it passes the limit', async () => {
    const chunk = new TextEncoder().encode(' '.repeat(64 * 1024));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0) controller.enqueue(new TextEncoder().encode('{"query":"{ __typename }","pad":"'));
        if (sent > 2 * DEFAULT_LIMITS.maxBodyBytes) {
          controller.enqueue(new TextEncoder().encode('"}'));
          controller.close();
          return;
        }
        sent += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const response = await kb.app.fetch(
      new Request('http://newskb.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        duplex: 'half',
      } as RequestInit),
    );
    expect(response.status).toBe(413);
    expect(JSON.stringify(await response.json())).toContain('REQUEST_TOO_LARGE');
  });

  it('refuses batched operations', async () => {
    const response = await kb.app.fetch('http://newskb.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]),
    });
    expect(response.status).toBe(400);
    expect((await response.json()).errors[0]).toMatchObject({ message: 'Batching is not supported.', extensions: { code: 'BAD_REQUEST' } });
  });

  it('refuses form posts without the CSRF header (403), and takes them with it', async () => {
    const forms: [string, BodyInit][] = [
      ['application/x-www-form-urlencoded', 'query=%7B__typename%7D'],
      ['text/plain', '{"query":"{ __typename }"}'],
    ];
    for (const [contentType, body] of forms) {
      const refused = await kb.app.fetch('http://newskb.test/graphql', { method: 'POST', headers: { 'content-type': contentType }, body });
      expect(refused.status).toBe(403);
      expect((await refused.json()).errors[0].extensions.code).toBe('CSRF_HEADER_REQUIRED');
    }
    const multipart = new FormData();
    multipart.set('operations', JSON.stringify({ query: '{ __typename }' }));
    const refused = await kb.app.fetch('http://newskb.test/graphql', { method: 'POST', body: multipart });
    expect(refused.status).toBe(403);
    const withHeader = await kb.app.fetch('http://newskb.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-graphql-yoga-csrf': '1' },
      body: 'query=%7B__typename%7D',
    });
    expect(await withHeader.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('runs a plain GET query, and never a mutation over GET (405)', async () => {
    const query = await kb.app.fetch(`http://newskb.test/graphql?query=${encodeURIComponent('{ __typename }')}`);
    expect(await query.json()).toEqual({ data: { __typename: 'Query' } });
    const admin = (await createToken(kb.db, { name: 'get mutation', scope: 'admin' })).token;
    const mutation = await kb.app.fetch(
      `http://newskb.test/graphql?query=${encodeURIComponent('mutation { revokeApiToken(id: "QXBpVG9rZW46MQ==") { __typename } }')}`,
      {
        headers: { authorization: `Bearer ${admin}` },
      },
    );
    expect(mutation.status).toBe(405);
    expect((await mutation.json()).errors[0].extensions.code).toBe('BAD_REQUEST');
  });
});

describe('introspection and GraphiQL switches', () => {
  it('introspection can be turned off', async () => {
    const off = await send(appWith({ limits: { introspection: false } }), { query: '{ __schema { queryType { name } } }' });
    expect(off.body.data).toBeUndefined();
    expect(codesOf(off)).toContain('GRAPHQL_VALIDATION_FAILED');
    expect(off.body.errors[0].message).toContain('introspection has been disabled');
    expect((await send(kb.app, { query: '{ __schema { queryType { name } } }' })).body.data.__schema.queryType.name).toBe('Query');
  });

  it('GraphiQL can be turned off', async () => {
    const browser = { headers: { accept: 'text/html' } };
    expect(await (await kb.app.fetch('http://newskb.test/graphql', browser)).text()).toContain('<html');
    const off = await appWith({ graphiql: false }).fetch('http://newskb.test/graphql', browser);
    expect(await off.text()).not.toContain('<html');
  });

  it('lets every GraphiQL example through the default limits', async () => {
    for (const { name, query } of exampleQueries) {
      const answer = await send(kb.app, { query });
      expect([name, answer.body.errors]).toEqual([name, undefined]);
    }
  });
});

describe('persisted operations', () => {
  const listed = '{ countries(first: 2) { totalCount } }';
  const listFile = path.join(mkdtempSync(path.join(tmpdir(), 'newskb-persisted-')), 'persisted.json');
  writeFileSync(listFile, JSON.stringify({ [sha256(listed)]: listed }));
  const byHash = (query: string) => ({ extensions: { persistedQuery: { version: 1, sha256Hash: sha256(query) } } });

  it("runs GraphiQL's examples by hash, and says so for an unknown hash, by default", async () => {
    const example = exampleQueries[0].query;
    const answer = await send(kb.app, byHash(example));
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data).toEqual((await send(kb.app, { query: example })).body.data);
    const unknown = await send(kb.app, byHash('{ nothing }'));
    expect(codesOf(unknown)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
  });

  it('in allow-list mode, runs listed operations (by hash or documentId) and refuses any text', async () => {
    const app = appWith({ limits: { persistedOperations: 'only', persistedOperationsFile: listFile } });
    expect((await send(app, byHash(listed))).body.data.countries.totalCount).toBeGreaterThan(100);
    expect((await send(app, { documentId: `sha256:${sha256(listed)}` })).body.data.countries.totalCount).toBeGreaterThan(100);
    const text = await send(app, { query: listed });
    expect(text.status).toBe(400);
    expect(codesOf(text)).toEqual(['PERSISTED_QUERY_REQUIRED']);
    expect(text.body.data).toBeUndefined();
  });
});

describe('rate limits', () => {
  const limiters: RateLimiter[] = [];
  afterAll(() => Promise.all(limiters.map((limiter) => limiter.close())));
  const limiter = (redisUrl?: string) => {
    // Two proxies: the client is the entry before 192.0.2.1 (test/rate-limits.test.ts tests the hops).
    const created = createRateLimiter({ anonymous: 3, token: 5, windowSeconds: 60, trustProxy: true, proxyHops: 2, redisUrl });
    limiters.push(created);
    return created;
  };
  // Addresses of this run only: the Redis on this machine outlives it.
  const address = () => `10.${randomBytes(3).join('.')}`;
  const from = (ip: string, headers: Record<string, string> = {}) => ({
    query: '{ __typename }',
    headers: { 'x-forwarded-for': `${ip}, 192.0.2.1`, ...headers },
  });

  it('gives each address its allowance, then 429 with Retry-After and RATE_LIMITED', async () => {
    const app = appWith({ rateLimiter: limiter() });
    const [first, second] = [address(), address()];
    const answers = [];
    for (let request = 0; request < 4; request += 1) answers.push(await send(app, from(first)));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 429]);
    expect(answers.map((answer) => answer.headers.get('x-ratelimit-remaining'))).toEqual(['2', '1', '0', '0']);
    const refused = answers[3];
    expect(codesOf(refused)).toEqual(['RATE_LIMITED']);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await send(app, from(second))).status).toBe(200);
  });

  it('counts each token apart from its address', async () => {
    const app = appWith({ rateLimiter: limiter() });
    const ip = address();
    const token = (await createToken(kb.db, { name: 'rate limited', scope: 'read' })).token;
    for (let request = 0; request < 3; request += 1) await send(app, from(ip));
    expect((await send(app, from(ip))).status).toBe(429);
    const withToken = [];
    for (let request = 0; request < 6; request += 1)
      withToken.push((await send(app, from(ip, { authorization: `Bearer ${token}` }))).status);
    expect(withToken).toEqual([200, 200, 200, 200, 200, 429]);
  });

  it('refuses the token requests of an address that keeps sending unknown tokens', async () => {
    const app = appWith({ rateLimiter: limiter() });
    const ip = address();
    const statuses = [];
    for (let request = 0; request < 31; request += 1) {
      statuses.push((await send(app, from(ip, { authorization: `Bearer made-up-${request}` }))).status);
    }
    expect(statuses.slice(0, 30)).toEqual(Array(30).fill(401));
    expect(statuses[30]).toBe(429);
  });

  // Once per run (the PGlite project), and only when a Redis answers.
  const withRedis = process.env.NEWSKB_TEST_DB === 'pglite' && redisAnswered() ? it : it.skip;
  withRedis('shares the counts of two instances through Redis', async () => {
    const redisUrl = TEST_REDIS_URL;
    const [instanceA, instanceB] = [appWith({ rateLimiter: limiter(redisUrl) }), appWith({ rateLimiter: limiter(redisUrl) })];
    const ip = address();
    const statuses = [];
    for (const app of [instanceA, instanceB, instanceA, instanceB]) statuses.push((await send(app, from(ip))).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
  });
});

describe('timeouts', () => {
  // PGlite runs its statements in this process, one at a time: no second connection can hold a
  // lock, and nothing can interrupt a statement. Postgres shows both timeouts.
  const onPostgres = process.env.NEWSKB_TEST_DB === 'postgres' ? it : it.skip;

  onPostgres('a statement over STATEMENT_TIMEOUT_MS is QUERY_TIMEOUT (503), and frees its connection', async () => {
    const timed = await openTestApp({ statementTimeoutMs: 300 });
    try {
      const unlock = await lockCountries(timed.url!);
      const query = { query: '{ countries(first: 1) { totalCount } }' };
      // One more than the pool's 4 connections: each timed-out statement gave its connection back.
      const answers = [];
      for (let request = 0; request < 5; request += 1) answers.push(await send(timed.app, query));
      await unlock();
      for (const answer of answers) {
        expect(answer.status).toBe(503);
        expect(codesOf(answer)).toEqual(['QUERY_TIMEOUT']);
        expect(answer.body.errors[0].message).not.toMatch(/select |from "|canceling statement|statement_timeout/i);
      }
      expect((await send(timed.app, query)).body.data.countries.totalCount).toBeGreaterThan(100);
    } finally {
      await timed.close();
    }
  });

  onPostgres('an operation over REQUEST_TIMEOUT_MS is answered REQUEST_TIMEOUT (503) while its statement still waits', async () => {
    const timed = await openTestApp({ statementTimeoutMs: 5_000, app: { limits: { requestTimeoutMs: 300 } } });
    try {
      const unlock = await lockCountries(timed.url!);
      const answer = await send(timed.app, { query: '{ countries(first: 1) { totalCount } }' });
      await unlock();
      expect(answer.status).toBe(503);
      expect(codesOf(answer)).toEqual(['REQUEST_TIMEOUT']);
      expect((await send(timed.app, { query: '{ countries(first: 1) { totalCount } }' })).body.data.countries.totalCount).toBeGreaterThan(
        100,
      );
    } finally {
      await timed.close();
    }
  });
});
