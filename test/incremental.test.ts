import { buildHTTPExecutor } from '@graphql-tools/executor-http';
import { parse, type ExecutionResult } from 'graphql';
import { openTestApp, postGraphQL, type TestApp } from './support/harness';

/**
 * @defer and @stream, read by a client that understands incremental delivery (the executor of
 * GraphQL Tools, which reads yoga's multipart/mixed response and merges each part into the
 * result so far), as a frontend would: an article page renders the article first, and its
 * statements as they come.
 */

let kb: TestApp;
beforeAll(async () => {
  kb = await openTestApp();
});
afterAll(() => kb.close());

const SLUG = 'iran-sold-drones-to-russia-before-ukraine-war';

/** Every result the client shows, in order: each is the whole result so far. */
async function incrementalResults(query: string): Promise<ExecutionResult[]> {
  const executor = buildHTTPExecutor({ endpoint: 'http://newskb.test/graphql', fetch: kb.app.fetch as typeof fetch });
  const result = await executor({ document: parse(query) });
  expect(Symbol.asyncIterator in (result as object)).toBe(true);
  const parts: ExecutionResult[] = [];
  for await (const part of result as AsyncIterable<ExecutionResult>) parts.push(structuredClone(part));
  return parts;
}

it('sends the article first and its deferred statements after, in a multipart response', async () => {
  const response = await postGraphQL(
    kb.app,
    `{ article(slug: "${SLUG}") { title ... @defer { statements(first: 10) { nodes { text } } } } }`,
    {
      accept: 'multipart/mixed',
    },
  );
  expect(response.headers.get('content-type')).toMatch(/^multipart\/mixed/);
  // The incremental delivery format: an initial part that says more follows, and a last one.
  const body = await response.text();
  expect(body).toContain('"hasNext":true');
  expect(body).toContain('"hasNext":false');

  const parts = await incrementalResults(`{
    article(slug: "${SLUG}") {
      title
      ... @defer(label: "statements") { statements(first: 10) { nodes { position text speaker { name } } } }
    }
  }`);
  expect(parts.length).toBeGreaterThanOrEqual(2);
  const [first] = parts;
  const last = parts[parts.length - 1];
  expect(first.errors).toBeUndefined();
  expect((first.data as any).article.title).toMatch(/^Iran sold a few drones/);
  expect((first.data as any).article.statements).toBeUndefined();

  const whole = await kb.data(`{ article(slug: "${SLUG}") { title statements(first: 10) { nodes { position text speaker { name } } } } }`);
  expect(last.errors).toBeUndefined();
  expect(last.data).toEqual(whole);
});

it('streams a list: the first items at once, the rest as they come', async () => {
  const parts = await incrementalResults(`{
    article(slug: "${SLUG}") { statements(first: 10) { nodes @stream(initialCount: 2) { position text } } }
  }`);
  expect(parts.length).toBeGreaterThanOrEqual(2);
  const nodesOf = (part: ExecutionResult) => (part.data as any).article.statements.nodes;
  expect(nodesOf(parts[0]).map((node: any) => node.position)).toEqual([1, 2]);

  const whole = await kb.data(`{ article(slug: "${SLUG}") { statements(first: 10) { nodes { position text } } } }`);
  expect(nodesOf(parts[parts.length - 1])).toEqual(whole.article.statements.nodes);
  expect(whole.article.statements.nodes.length).toBeGreaterThan(2);
});
