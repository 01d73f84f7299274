import { serverAudits, type AuditResult } from 'graphql-http';
import { openTestApp, type TestApp } from './support/harness';
import { listen } from './support/listen';

/**
 * The GraphQL-over-HTTP specification's audits, as the graphql-http package ships them, against
 * the server listening on a real socket (Node's HTTP stack in front of the app, as in
 * production). A failing MUST breaks the spec, a failing SHOULD breaks what clients may rely on:
 * both fail their test. MAY audits only have to complete.
 */
let kb: TestApp;
let server: Awaited<ReturnType<typeof listen>>;

beforeAll(async () => {
  kb = await openTestApp();
  server = await listen(kb.app);
});
afterAll(async () => {
  await server.close();
  await kb.close();
});

// The URL is read when each audit runs, after beforeAll has started the server.
const audits = serverAudits({ url: () => server.endpoint });
const required = audits.filter((audit) => !audit.name.startsWith('MAY'));
const optional = audits.filter((audit) => audit.name.startsWith('MAY'));

/** What a failed audit saw, so the failure says why without a rerun. */
async function explain(result: AuditResult) {
  if (result.status === 'ok') return 'ok';
  const body = await result.response.text().catch(() => '(body already read by the audit)');
  return `${result.status}: ${result.reason}\n  HTTP ${result.response.status} ${result.response.headers.get('content-type')}\n  ${body.slice(0, 500)}`;
}

describe('GraphQL over HTTP: every MUST and SHOULD audit passes', () => {
  it('runs the audits graphql-http ships, not an empty list', () => {
    expect(required.length).toBeGreaterThan(30);
    expect(optional.length).toBeGreaterThan(10);
  });

  it.each(required.map((audit) => [`${audit.id} ${audit.name}`, audit] as const))('%s', async (_name, audit) => {
    expect(await explain(await audit.fn())).toBe('ok');
  });
});

describe('GraphQL over HTTP: MAY audits', () => {
  // Optional behaviour may go either way (CSRF prevention, for one, refuses the audits' bare
  // GET requests), but an audit must still get an HTTP answer: graphql-http throws when the
  // server hangs up or answers something it cannot read.
  it.each(optional.map((audit) => [`${audit.id} ${audit.name}`, audit] as const))('%s gets an answer', async (_name, audit) => {
    await expect(audit.fn()).resolves.toMatchObject({ id: audit.id });
  });
});
