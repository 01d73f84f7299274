import { readFileSync } from 'node:fs';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { createApp } from '../src/app';
import { parse, validate } from 'graphql';
import { createToken } from '../src/auth/tokens';
import { exampleOperations, exampleQueries, exampleTabs } from '../src/graphiql-examples';
import { GRAPHIQL_ASSETS_PATH, preferredEncoding } from '../src/graphiql';
import { printedSchema, schema, SDL_PATH } from '../src/graphql/schema';
import { openTestApp, sendGraphQL, type TestApp } from './support/harness';

let kb: TestApp;
beforeAll(async () => {
  kb = await openTestApp();
});
afterAll(() => kb.close());

/** The seed's one unattributed statement: a related headline's claim, by an unnamed spokesman. */
const UNATTRIBUTED_HEADLINE = 'Iran will not give Russia drones';

/** Paths to every null in a result, but the speaker of the unattributed headline statement. */
function unexpectedNulls(value: unknown, path = 'data'): string[] {
  if (value === null) return [path];
  if (typeof value !== 'object') return [];
  const isUnattributed = (value as { text?: unknown }).text === UNATTRIBUTED_HEADLINE;
  return Object.entries(value).flatMap(([key, child]) =>
    key === 'speaker' && child === null && isUnattributed ? [] : unexpectedNulls(child, `${path}.${key}`),
  );
}

describe('GraphiQL', () => {
  async function page() {
    const response = await kb.app.fetch('http://newskb.test/graphql', { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    return response.text();
  }

  it('loads nothing from outside the server, so it works offline', async () => {
    const html = await page();
    // The favicon is an empty data: URL, so the browser does not ask the server for one.
    const urls = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]).filter((url) => url !== 'data:,');
    expect(urls.length).toBeGreaterThan(1);
    for (const url of urls) expect(url).toMatch(/^\/graphiql-assets\//);
    // The example tabs' own text (an importArticle of an https://example.org URL) aside.
    const withoutTabs = exampleTabs.reduce((text, { query }) => text.split(JSON.stringify(query).slice(1, -1)).join(''), html);
    expect(withoutTabs).not.toMatch(/https?:\/\/(?!localhost)/);
  });

  it('serves every asset the page and its editor workers ask for', async () => {
    const html = await page();
    const assets = [...html.matchAll(/"(\/graphiql-assets\/[^"]+)"/g)].map((match) => match[1]);
    expect(assets).toEqual(expect.arrayContaining([`${GRAPHIQL_ASSETS_PATH}yoga-graphiql.umd.js`, `${GRAPHIQL_ASSETS_PATH}graphiql.css`]));
    expect(assets.filter((asset) => asset.includes('worker'))).toHaveLength(3);
    for (const asset of assets) {
      const response = await kb.app.fetch(`http://newskb.test${asset}`);
      expect(response.status).toBe(200);
      expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(10_000);
    }
  });

  it('refuses any other path under the assets folder', async () => {
    const unversioned = '/graphiql-assets/yoga-graphiql.umd.js';
    for (const path of [
      `${GRAPHIQL_ASSETS_PATH}../../package.json`,
      `${GRAPHIQL_ASSETS_PATH}%2e%2e/package.json`,
      `${GRAPHIQL_ASSETS_PATH}nope.js`,
      unversioned,
    ]) {
      const response = await kb.app.fetch(`http://newskb.test${path}`);
      expect(response.status).toBe(404);
    }
  });

  it('serves its assets compressed as the client accepts, under a versioned path cached for a year', async () => {
    const name = `${GRAPHIQL_ASSETS_PATH}yoga-graphiql.umd.js`;
    const plain = await kb.app.fetch(`http://newskb.test${name}`);
    const original = Buffer.from(await plain.arrayBuffer());
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(original.byteLength).toBeGreaterThan(1_000_000);
    for (const [acceptEncoding, encoding, decode] of [
      ['gzip, deflate, br', 'br', brotliDecompressSync],
      ['gzip', 'gzip', gunzipSync],
    ] as const) {
      const response = await kb.app.fetch(`http://newskb.test${name}`, { headers: { 'accept-encoding': acceptEncoding } });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-encoding')).toBe(encoding);
      expect(response.headers.get('vary')).toBe('Accept-Encoding');
      expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      const body = Buffer.from(await response.arrayBuffer());
      // The bundle is mostly repeated JavaScript: a third of its size or less.
      expect(body.byteLength).toBeLessThan(original.byteLength / 3);
      expect(decode(body).equals(original)).toBe(true);
    }
  });

  it('reads Accept-Encoding with its weights', () => {
    expect(preferredEncoding(null)).toBe('identity');
    expect(preferredEncoding('br;q=0, gzip')).toBe('gzip');
    expect(preferredEncoding('identity')).toBe('identity');
    expect(preferredEncoding('*')).toBe('br');
    expect(preferredEncoding('*, br;q=0')).toBe('gzip');
    expect(preferredEncoding('GZIP;q=0.5')).toBe('gzip');
  });

  it('fills the open editor with the first example, so Run on a fresh page runs it', async () => {
    // Checked in headless Chromium once by hand: without `query`, the editor showed a welcome
    // comment and Run sent no operation at all.
    const html = await page();
    expect(html).toContain(`"query":${JSON.stringify(exampleQueries[0].query).replace(/</g, '\\u003c')}`);
  });

  it('opens with the example queries, each of which runs cleanly against the seed', async () => {
    const html = await page();
    for (const { query } of exampleQueries) {
      const operation = /query (\w+)/.exec(query)![1];
      expect(html).toContain(operation);
      const result = await kb.graphql(query);
      expect(result.errors).toBeUndefined();
      expect(unexpectedNulls(result.data)).toEqual([]);
    }
  });

  it('also opens with a mutation and a subscription, valid against the schema, the mutation working with a write token', async () => {
    const html = await page();
    expect(exampleTabs).toHaveLength(exampleQueries.length + exampleOperations.length);
    for (const { query, headers } of exampleOperations) {
      expect(html).toContain(/^(?:mutation|subscription) (\w+)/m.exec(query)![1]);
      expect(validate(schema, parse(query))).toEqual([]);
      if (headers) expect(html).toContain(JSON.stringify(headers).replace(/</g, '\\u003c'));
    }
    const writer = (await createToken(kb.db, { name: 'GraphiQL example', scope: 'write' })).token;
    const mutation = exampleOperations.find(({ query }) => query.includes('mutation '))!.query;
    const imported = await kb.data(mutation, undefined, writer);
    expect(imported.importArticle.__typename).toBe('ImportArticleSuccess');
    expect(imported.importArticle.articleImport.statements).toContainEqual(
      expect.objectContaining({ kind: 'DIRECT_QUOTE', text: 'We lost three days, not three weeks,', speaker: { name: 'Ana Ferreira' } }),
    );
  });
});

describe('the front page', () => {
  it('says what this server is at /, linking to GraphiQL, every export and the health checks, each of which answers', async () => {
    const response = await kb.app.fetch('http://newskb.test/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await response.text();
    expect(html).toContain('who said what in the news');
    const links = [...html.matchAll(/href="(\/[^"]*)"/g)].map((match) => match[1]);
    expect(links).toEqual(expect.arrayContaining(['/graphql', '/export/statements.ndjson', '/export/statements.csv', '/healthz']));
    for (const link of links) {
      const linked = await kb.app.fetch(`http://newskb.test${link}`, { headers: { accept: 'text/html' } });
      expect([link, linked.status]).toEqual([link, 200]);
      await linked.arrayBuffer();
    }
  });
});

describe('the published schema', () => {
  it(`matches ${SDL_PATH} (run \`npm run schema:print\` after changing the API)`, () => {
    expect(readFileSync(SDL_PATH, 'utf8')).toBe(printedSchema());
  });
});

describe('errors', () => {
  it('stay masked even when NODE_ENV is development', async () => {
    const previous = process.env.NODE_ENV;
    process.env.NODE_ENV = 'development';
    try {
      const devApp = createApp({ db: kb.db });
      // A failure inside a resolver: the SQL of a query against a table that does not exist.
      const { text: body } = await sendGraphQL(devApp, '{ countries(first: 1, after: "x") { totalCount } __typename }');
      expect(body).toContain('BAD_USER_INPUT');
      await kb.db.execute(sql`ALTER TABLE countries RENAME TO countries_gone`);
      try {
        const { text } = await sendGraphQL(devApp, '{ countries(first: 1) { edges { node { name } } } }');
        expect(text).toContain('Internal server error: it has been logged.');
        expect(text).not.toContain('Unexpected error');
        expect(text).not.toMatch(/originalError|stack|select |countries_gone/i);
      } finally {
        await kb.db.execute(sql`ALTER TABLE countries_gone RENAME TO countries`);
      }
    } finally {
      process.env.NODE_ENV = previous;
    }
  });

  it('never leak a stack or SQL, even for a failure the client did not cause', async () => {
    await kb.close();
    // The database is gone: every read fails inside a resolver.
    const result = await kb.graphql(`{ countries(first: 1) { edges { node { name } } } }`);
    // postgres.js says its pool has ended, which is the database going away for this instance;
    // a closed PGlite is just a failure.
    const expected =
      kb.kind === 'postgres'
        ? { message: 'The database is unavailable; try again in 5 s.', extensions: { code: 'SERVICE_UNAVAILABLE' } }
        : { message: 'Internal server error: it has been logged.', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
    expect(result.errors?.[0]).toMatchObject(expected);
    expect(result.errors?.[0].extensions).toEqual(expected.extensions);
    expect(JSON.stringify(result)).not.toMatch(/select |from "|\bat \S+ \(|\.ts:\d+|pglite|postgres/i);
  });
});
