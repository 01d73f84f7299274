import { sql } from 'drizzle-orm';
import { createToken } from '../src/auth/tokens';
import { rowsOf } from '../src/db';
import { encodeGlobalId } from '../src/core/global-id';
import { openTestApp, type TestApp } from './support/harness';

let kb: TestApp;
const tokens: Record<'read' | 'write' | 'admin', string> = { read: '', write: '', admin: '' };

beforeAll(async () => {
  kb = await openTestApp();
  for (const scope of ['read', 'write', 'admin'] as const) {
    tokens[scope] = (await createToken(kb.db, { name: `scopes ${scope}`, scope })).token;
  }
});
afterAll(() => kb.close());

const send = (query: string, token?: string) => kb.send(query, { token });

/** The row count of every table of the schema, so that no write can hide in a table left out. */
async function everyTableCount() {
  const tables = rowsOf(await kb.db.execute(sql`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`)).map(
    (row) => String(row.tablename),
  );
  expect(tables.length).toBeGreaterThan(5);
  const counts: Record<string, number> = {};
  for (const table of tables) {
    counts[table] = Number(rowsOf(await kb.db.execute(sql.raw(`SELECT count(*)::int AS n FROM "${table}"`)))[0].n);
  }
  return counts;
}

const create = (name: string) => `createSpeaker(input: { name: "${name}" }) { __typename }`;
const remove = `deleteSpeaker(id: "${encodeGlobalId('Speaker', 999_999)}") { __typename }`;

describe('an operation with a root field its token may not run', () => {
  it.each([
    ['the refused field after the allowed one', `mutation { ${create('Scope Probe One')} ${remove} }`],
    ['the refused field first', `mutation { ${remove} ${create('Scope Probe Two')} }`],
    [
      'the refused field in a fragment spread at the root',
      `mutation { ${create('Scope Probe Three')} ...Refused } fragment Refused on Mutation { ${remove} }`,
    ],
    [
      'the refused field in a nested inline fragment',
      `mutation { ${create('Scope Probe Four')} ... { ... on Mutation { gone: ${remove} } } }`,
    ],
  ])('runs none of its fields: %s', async (_, operation) => {
    const before = await everyTableCount();
    const result = await send(operation, tokens.write);
    expect(result.status).toBe(403);
    expect(result.body.data).toBeNull();
    expect(result.body.errors).toHaveLength(1);
    expect(result.body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', requiredScope: 'admin' });
    expect(result.body.errors[0].message).toContain('`Mutation.deleteSpeaker` needs a token with the admin scope');
    expect(await everyTableCount()).toEqual(before);
  });

  it('is UNAUTHENTICATED without a token, and writes nothing', async () => {
    const before = await everyTableCount();
    const result = await send(`mutation { ${create('Scope Probe Anonymous')} }`);
    expect(result.status).toBe(401);
    expect(result.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(await everyTableCount()).toEqual(before);
  });

  it('runs as before when the token holds every scope it needs', async () => {
    const result = await send(`mutation { ${create('Scope Probe Admin')} ${remove} }`, tokens.admin);
    expect(result.status).toBe(200);
    expect(result.body.data).toEqual({
      createSpeaker: { __typename: 'CreateSpeakerSuccess' },
      deleteSpeaker: { __typename: 'NotFoundError' },
    });
  });
});
