import { createApp } from '../src/app';
import { openTestApp, postGraphQL, type TestApp } from './support/harness';

/**
 * Issue 14, item 11: what a client is told about a request that never reaches an operation (no
 * query, a preflight from an origin not allowed), the caching header of answers that echo an
 * origin, and the HTTP status of a limit's error under each media type.
 */
let kb: TestApp;
beforeAll(async () => {
  kb = await openTestApp();
});
afterAll(() => kb.close());

const endpoint = 'http://newskb.test/graphql';

describe('a request with no query', () => {
  const json = { 'content-type': 'application/json', accept: 'application/json' };
  const graphqlResponse = { 'content-type': 'application/json', accept: 'application/graphql-response+json' };
  // yoga's own answer: 400 under application/graphql-response+json, 200 under application/json
  // (a request error, as for a query that does not parse).
  it.each([
    ['a POST of {}', () => kb.app.fetch(endpoint, { method: 'POST', headers: graphqlResponse, body: '{}' }), 400],
    [
      'a POST with only variables',
      () => kb.app.fetch(endpoint, { method: 'POST', headers: graphqlResponse, body: '{"variables":{}}' }),
      400,
    ],
    ['a POST of {} under application/json', () => kb.app.fetch(endpoint, { method: 'POST', headers: json, body: '{}' }), 200],
    ['a GET', () => kb.app.fetch(endpoint, { headers: { accept: 'application/graphql-response+json' } }), 400],
  ])('%s is told it must provide a query, not about persisted operations', async (_, send, status) => {
    const response = await send();
    expect(response.status).toBe(status);
    const body = (await response.json()) as any;
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0].message).toMatch(/must provide query/i);
    expect(body.errors[0].message).not.toMatch(/persisted/i);
  });

  it('with PERSISTED_OPERATIONS=only is still told to send a hash', async () => {
    const app = createApp({ db: kb.db, limits: { persistedOperations: 'only' } });
    const response = await app.fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: '{}',
    });
    expect(((await response.json()) as any).errors[0].extensions.code).toBe('PERSISTED_QUERY_REQUIRED');
  });
});

const preflight = (app: ReturnType<typeof createApp>, origin: string) =>
  app.fetch(endpoint, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, authorization' },
  });
const post = (app: ReturnType<typeof createApp>, origin: string) => postGraphQL(app, '{ __typename }', { headers: { origin } });

describe('CORS', () => {
  it.each([
    ['by default', [] as string[]],
    ['with a list that lacks it', ['https://desk.example']],
  ])('a preflight from an origin not allowed (%s) is told so, not about a CSRF header', async (_, corsOrigins) => {
    const app = createApp({ db: kb.db, corsOrigins });
    const response = await preflight(app, 'https://elsewhere.example');
    expect(response.status).toBe(403);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    const body = (await response.json()) as any;
    expect(body.errors[0].message).toContain('https://elsewhere.example');
    expect(body.errors[0].message).toContain('CORS_ORIGINS');
    expect(body.errors[0].message).not.toMatch(/csrf/i);
    expect(body.errors[0].extensions.code).toBe('ORIGIN_NOT_ALLOWED');
  });

  it('a preflight from an allowed origin is still 204 with its headers', async () => {
    const app = createApp({ db: kb.db, corsOrigins: ['https://desk.example'] });
    const response = await preflight(app, 'https://desk.example');
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('https://desk.example');
  });

  it.each([
    ['a listed origin', ['https://desk.example', 'https://factcheck.example'], 'https://factcheck.example'],
    ['the only listed origin', ['https://desk.example'], 'https://desk.example'],
    ['any origin, with *', ['*'], 'https://anyone.example'],
  ])('an answer that echoes %s carries Vary: Origin, the preflight too', async (_, corsOrigins, origin) => {
    const app = createApp({ db: kb.db, corsOrigins });
    for (const response of [await post(app, origin), await preflight(app, origin)]) {
      expect(response.headers.get('access-control-allow-origin')).toBe(origin);
      expect(response.headers.get('vary')).toMatch(/(^|,\s*)origin(\s*,|$)/i);
    }
  });

  it('with origins listed, an answer to an origin not allowed varies by Origin as well (a shared cache must not serve it to a listed one)', async () => {
    const app = createApp({ db: kb.db, corsOrigins: ['https://desk.example'] });
    const response = await post(app, 'https://elsewhere.example');
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(response.headers.get('vary')).toMatch(/origin/i);
  });
});

describe('the HTTP status of a limit error', () => {
  const limited = {
    QUERY_TOO_DEEP: `{ ${'speakers(first: 1) { edges { node { statements(first: 1) { edges { node { '.repeat(3)}text${' } } } } } }'.repeat(3)} }`,
    TOO_MANY_ALIASES: `{ ${Array.from({ length: 40 }, (_, index) => `a${index}: __typename`).join(' ')} }`,
    QUERY_TOO_COSTLY: '{ articles(first: 100) { edges { node { statements(first: 100) { edges { node { text } } } } } } }',
  };
  const send = (query: string, accept: string) => postGraphQL(kb.app, query, { accept });

  it.each(Object.entries(limited))(
    '%s is 400 under application/graphql-response+json, as GraphQL over HTTP asks of a request error',
    async (code, query) => {
      const response = await send(query, 'application/graphql-response+json');
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toContain('application/graphql-response+json');
      expect(((await response.json()) as any).errors[0].extensions.code).toBe(code);
    },
  );

  // As for a query that does not parse or validate (test/conformance.test.ts's audit).
  it.each(Object.entries(limited))(
    '%s is 200 under application/json, as the specification asks for that media type',
    async (code, query) => {
      const response = await send(query, 'application/json');
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('application/json');
      expect(((await response.json()) as any).errors[0].extensions.code).toBe(code);
    },
  );
});
