import { eq, sql } from 'drizzle-orm';
import { articles, speakers, statements } from '../schema';
import { createToken } from '../src/auth/tokens';
import { encodeGlobalId } from '../src/graphql/global-id';
import { openTestApp, type TestApp } from './support/harness';

let kb: TestApp;
const tokens: Record<'read' | 'write' | 'admin', string> = { read: '', write: '', admin: '' };

beforeAll(async () => {
  kb = await openTestApp();
  for (const scope of ['read', 'write', 'admin'] as const) {
    tokens[scope] = (await createToken(kb.db, { name: `${scope} desk`, scope })).token;
  }
});
afterAll(() => kb.close());

async function send(query: string, variables: Record<string, unknown> = {}, token?: string) {
  const response = await kb.app.fetch('http://newskb.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as any };
}

const missing = (type: string) => encodeGlobalId(type, 999_999);
const seedId = async (type: 'Speaker' | 'Article', slug: string) => {
  const table = type === 'Speaker' ? speakers : articles;
  const [row] = await kb.db.select({ id: table.id }).from(table).where(eq(table.slug, slug));
  return encodeGlobalId(type, row.id);
};

/**
 * Every mutation with arguments that pass validation but name a missing row (or would add a
 * harmless duplicate), so that a request the scope lets through ends in a typed result, never a
 * write. The test below fails if a mutation is added to the schema without a line here.
 */
const matrix: Record<string, { scope: 'write' | 'admin'; call: string }> = {
  createArticle: { scope: 'write', call: `createArticle(input: { title: "Auth matrix", publisher: "${missing('Organization')}" })` },
  updateArticle: { scope: 'write', call: `updateArticle(input: { id: "${missing('Article')}", title: "x" })` },
  deleteArticle: { scope: 'admin', call: `deleteArticle(id: "${missing('Article')}")` },
  createStatement: { scope: 'write', call: `createStatement(input: { article: "${missing('Article')}", kind: DIRECT_QUOTE, spanStart: 0, spanEnd: 1 })` },
  updateStatement: { scope: 'write', call: `updateStatement(input: { id: "${missing('Statement')}", kind: PARAPHRASE })` },
  deleteStatement: { scope: 'admin', call: `deleteStatement(id: "${missing('Statement')}")` },
  addMention: { scope: 'write', call: `addMention(input: { statement: "${missing('Statement')}", target: "${missing('Country')}" })` },
  removeMention: { scope: 'admin', call: `removeMention(input: { statement: "${missing('Statement')}", target: "${missing('Country')}" })` },
  createStatementRelation: { scope: 'write', call: `createStatementRelation(input: { from: "${missing('Statement')}", to: "${encodeGlobalId('Statement', 999_998)}", kind: SUPPORTS })` },
  deleteStatementRelation: { scope: 'admin', call: `deleteStatementRelation(id: "${missing('StatementRelation')}")` },
  createSpeaker: { scope: 'write', call: `createSpeaker(input: { name: "Auth Matrix", country: "${missing('Country')}" })` },
  updateSpeaker: { scope: 'write', call: `updateSpeaker(input: { id: "${missing('Speaker')}", name: "x" })` },
  deleteSpeaker: { scope: 'admin', call: `deleteSpeaker(id: "${missing('Speaker')}")` },
  mergeSpeakers: { scope: 'admin', call: `mergeSpeakers(input: { keep: "${missing('Speaker')}", absorb: "${encodeGlobalId('Speaker', 999_998)}" })` },
  addSpeakerRole: { scope: 'write', call: `addSpeakerRole(input: { speaker: "${missing('Speaker')}", title: "x" })` },
  updateSpeakerRole: { scope: 'write', call: `updateSpeakerRole(input: { id: "${missing('SpeakerRole')}", title: "x" })` },
  deleteSpeakerRole: { scope: 'admin', call: `deleteSpeakerRole(id: "${missing('SpeakerRole')}")` },
  createCountry: { scope: 'write', call: 'createCountry(input: { name: "Iran again", alpha2: "IR", alpha3: "IRN" })' },
  updateCountry: { scope: 'write', call: `updateCountry(input: { id: "${missing('Country')}", name: "x" })` },
  deleteCountry: { scope: 'admin', call: `deleteCountry(id: "${missing('Country')}")` },
  createOrganization: { scope: 'write', call: `createOrganization(input: { name: "Auth matrix", kind: NGO, country: "${missing('Country')}" })` },
  updateOrganization: { scope: 'write', call: `updateOrganization(input: { id: "${missing('Organization')}", name: "x" })` },
  deleteOrganization: { scope: 'admin', call: `deleteOrganization(id: "${missing('Organization')}")` },
  mergeOrganizations: { scope: 'admin', call: `mergeOrganizations(input: { keep: "${missing('Organization')}", absorb: "${encodeGlobalId('Organization', 999_998)}" })` },
  addMembership: { scope: 'write', call: `addMembership(input: { organization: "${missing('Organization')}", country: "${missing('Country')}" })` },
  updateMembership: { scope: 'write', call: `updateMembership(input: { id: "${missing('Membership')}", since: "2020-01-01" })` },
  deleteMembership: { scope: 'admin', call: `deleteMembership(id: "${missing('Membership')}")` },
};

describe('the auth matrix', () => {
  it('covers every mutation in the schema', async () => {
    const { data } = (await send('{ __type(name: "Mutation") { fields { name } } }')).body;
    const inSchema = data.__type.fields.map((field: { name: string }) => field.name).filter((name: string) => !EXTRA_MATRICES.includes(name));
    expect(inSchema.sort()).toEqual(Object.keys(matrix).sort());
  });

  const holders = [
    ['no token', undefined],
    ['a read token', 'read'],
    ['a write token', 'write'],
    ['an admin token', 'admin'],
  ] as const;

  it.each(Object.entries(matrix))('%s is refused or let through by scope', async (name, { scope, call }) => {
    for (const [, held] of holders) {
      const before = await rowCounts();
      const result = await send(`mutation { ${call} { __typename ... on UserError { message path } } }`, {}, held ? tokens[held] : undefined);
      const allowed = held === 'admin' || (held === 'write' && scope === 'write');
      if (allowed) {
        expect(result.status).toBe(200);
        expect(result.body.errors).toBeUndefined();
        expect(['NotFoundError', 'ConflictError', 'ValidationError']).toContain(result.body.data[name].__typename);
      } else {
        const expected = held ? { status: 403, code: 'FORBIDDEN' } : { status: 401, code: 'UNAUTHENTICATED' };
        expect({ status: result.status, code: result.body.errors?.[0]?.extensions?.code }).toEqual(expected);
        expect(result.body.errors[0].message).toContain(`needs a token with the ${scope} scope`);
        expect(result.body.data).toBeNull();
      }
      expect(await rowCounts()).toEqual(before);
    }
  });
});

/** Mutations whose auth is tested in their own files (tokens, import). */
const EXTRA_MATRICES = ['importArticle', 'createApiToken', 'revokeApiToken'];

async function rowCounts() {
  const [counts] = await kb.db.execute<Record<string, number>>(sql`
    select (select count(*) from articles)::int as articles, (select count(*) from statements)::int as statements,
           (select count(*) from speakers)::int as speakers, (select count(*) from organizations)::int as organizations,
           (select count(*) from countries)::int as countries, (select count(*) from mentions)::int as mentions,
           (select count(*) from memberships)::int as memberships, (select count(*) from speaker_roles)::int as roles`).then(rowsOfResult);
  return counts;
}
const rowsOfResult = (result: unknown) => ((result as { rows?: unknown[] }).rows ?? (result as unknown[])) as Record<string, number>[];
