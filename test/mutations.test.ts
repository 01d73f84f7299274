import { eq, sql } from 'drizzle-orm';
import { articles, speakers, statements } from '../schema';
import { createToken } from '../src/auth/tokens';
import { encodeGlobalId } from '../src/core/global-id';
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

const send = (query: string, variables: Record<string, unknown> = {}, token?: string) => kb.send(query, { variables, token });

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
  createStatement: {
    scope: 'write',
    call: `createStatement(input: { article: "${missing('Article')}", kind: DIRECT_QUOTE, spanStart: 0, spanEnd: 1 })`,
  },
  updateStatement: { scope: 'write', call: `updateStatement(input: { id: "${missing('Statement')}", kind: PARAPHRASE })` },
  deleteStatement: { scope: 'admin', call: `deleteStatement(id: "${missing('Statement')}")` },
  addMention: { scope: 'write', call: `addMention(input: { statement: "${missing('Statement')}", target: "${missing('Country')}" })` },
  removeMention: {
    scope: 'admin',
    call: `removeMention(input: { statement: "${missing('Statement')}", target: "${missing('Country')}" })`,
  },
  createStatementRelation: {
    scope: 'write',
    call: `createStatementRelation(input: { from: "${missing('Statement')}", to: "${encodeGlobalId('Statement', 999_998)}", kind: SUPPORTS })`,
  },
  deleteStatementRelation: { scope: 'admin', call: `deleteStatementRelation(id: "${missing('StatementRelation')}")` },
  confirmClaimLink: { scope: 'write', call: `confirmClaimLink(id: "${missing('ClaimLink')}")` },
  rejectClaimLink: { scope: 'write', call: `rejectClaimLink(id: "${missing('ClaimLink')}")` },
  confirmStatement: { scope: 'write', call: `confirmStatement(input: { id: "${missing('Statement')}" })` },
  rejectStatement: { scope: 'write', call: `rejectStatement(input: { id: "${missing('Statement')}" })` },
  reattributeStatement: { scope: 'write', call: `reattributeStatement(input: { id: "${missing('Statement')}", speaker: null })` },
  correctStatementSpan: { scope: 'write', call: `correctStatementSpan(input: { id: "${missing('Statement')}", spanStart: 0 })` },
  createSpeaker: { scope: 'write', call: `createSpeaker(input: { name: "Auth Matrix", country: "${missing('Country')}" })` },
  updateSpeaker: { scope: 'write', call: `updateSpeaker(input: { id: "${missing('Speaker')}", name: "x" })` },
  deleteSpeaker: { scope: 'admin', call: `deleteSpeaker(id: "${missing('Speaker')}")` },
  mergeSpeakers: {
    scope: 'admin',
    call: `mergeSpeakers(input: { keep: "${missing('Speaker')}", absorb: "${encodeGlobalId('Speaker', 999_998)}" })`,
  },
  addSpeakerRole: { scope: 'write', call: `addSpeakerRole(input: { speaker: "${missing('Speaker')}", title: "x" })` },
  updateSpeakerRole: { scope: 'write', call: `updateSpeakerRole(input: { id: "${missing('SpeakerRole')}", title: "x" })` },
  deleteSpeakerRole: { scope: 'admin', call: `deleteSpeakerRole(id: "${missing('SpeakerRole')}")` },
  createCountry: { scope: 'write', call: 'createCountry(input: { name: "Iran again", alpha2: "IR", alpha3: "IRN" })' },
  updateCountry: { scope: 'write', call: `updateCountry(input: { id: "${missing('Country')}", name: "x" })` },
  deleteCountry: { scope: 'admin', call: `deleteCountry(id: "${missing('Country')}")` },
  createOrganization: {
    scope: 'write',
    call: `createOrganization(input: { name: "Auth matrix", kind: NGO, country: "${missing('Country')}" })`,
  },
  updateOrganization: { scope: 'write', call: `updateOrganization(input: { id: "${missing('Organization')}", name: "x" })` },
  deleteOrganization: { scope: 'admin', call: `deleteOrganization(id: "${missing('Organization')}")` },
  mergeOrganizations: {
    scope: 'admin',
    call: `mergeOrganizations(input: { keep: "${missing('Organization')}", absorb: "${encodeGlobalId('Organization', 999_998)}" })`,
  },
  addMembership: {
    scope: 'write',
    call: `addMembership(input: { organization: "${missing('Organization')}", country: "${missing('Country')}" })`,
  },
  updateMembership: { scope: 'write', call: `updateMembership(input: { id: "${missing('Membership')}", since: "2020-01-01" })` },
  deleteMembership: { scope: 'admin', call: `deleteMembership(id: "${missing('Membership')}")` },
};

describe('the auth matrix', () => {
  it('covers every mutation in the schema', async () => {
    const { data } = (await send('{ __type(name: "Mutation") { fields { name } } }')).body;
    const inSchema = data.__type.fields
      .map((field: { name: string }) => field.name)
      .filter((name: string) => !EXTRA_MATRICES.includes(name));
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
      const result = await send(
        `mutation { ${call} { __typename ... on UserError { message path } } }`,
        {},
        held ? tokens[held] : undefined,
      );
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
  const [counts] = await kb.db
    .execute<Record<string, number>>(sql`
    select (select count(*) from articles)::int as articles, (select count(*) from statements)::int as statements,
           (select count(*) from speakers)::int as speakers, (select count(*) from organizations)::int as organizations,
           (select count(*) from countries)::int as countries, (select count(*) from mentions)::int as mentions,
           (select count(*) from memberships)::int as memberships, (select count(*) from speaker_roles)::int as roles`)
    .then(rowsOfResult);
  return counts;
}
const rowsOfResult = (result: unknown) => ((result as { rows?: unknown[] }).rows ?? (result as unknown[])) as Record<string, number>[];

const userErrorFields = '... on UserError { __typename message path } ... on NotFoundError { id } ... on ConflictError { constraint }';

describe('writing', () => {
  it('creates a speaker with a slug made from the name, and a second one of the same name gets another slug', async () => {
    const mutation = `mutation($input: CreateSpeakerInput!) { createSpeaker(input: $input) {
      __typename ... on CreateSpeakerSuccess { speaker { id slug name aliases createdAt updatedAt } } ${userErrorFields} } }`;
    const first = await kb.data(mutation, { input: { name: 'Nasser Kanaani', aliases: ['Kanaani', 'kanaani'] } }, tokens.write);
    expect(first.createSpeaker.speaker).toMatchObject({ slug: 'nasser-kanaani', name: 'Nasser Kanaani', aliases: ['Kanaani'] });
    const second = await kb.data(mutation, { input: { name: 'Nasser Kanaani' } }, tokens.write);
    expect(second.createSpeaker.speaker.slug).toBe('nasser-kanaani-2');
    const read = await kb.data('query($id: ID!) { node(id: $id) { ... on Speaker { name } } }', { id: first.createSpeaker.speaker.id });
    expect(read.node.name).toBe('Nasser Kanaani');
  });

  it('answers bad input with a ValidationError naming the field, and writes nothing', async () => {
    const before = await rowCounts();
    const cases: [string, Record<string, unknown>, string[]][] = [
      ['createSpeaker', { name: '   ' }, ['input', 'name']],
      ['createSpeaker', { name: 'A', slug: 'Not A Slug' }, ['input', 'slug']],
      ['createSpeaker', { name: 'A', wikidataId: '42' }, ['input', 'wikidataId']],
      ['createSpeaker', { name: 'A', country: 'not-an-id' }, ['input', 'country']],
      ['createSpeaker', { name: 'x'.repeat(301) }, ['input', 'name']],
    ];
    for (const [, input, path] of cases) {
      const result = await kb.data(
        `mutation($input: CreateSpeakerInput!) { createSpeaker(input: $input) { ${userErrorFields} } }`,
        { input },
        tokens.write,
      );
      expect(result.createSpeaker).toMatchObject({ __typename: 'ValidationError', path });
    }
    const article = await kb.data(
      `mutation { createArticle(input: { title: "T", url: "ftp://example.org/x", language: "english" }) { ${userErrorFields} } }`,
      {},
      tokens.write,
    );
    expect(article.createArticle).toMatchObject({ __typename: 'ValidationError', path: ['input', 'url'] });
    expect(await rowCounts()).toEqual(before);
  });

  it('answers an ID that names nothing with a NotFoundError carrying the ID', async () => {
    const result = await kb.data(
      `mutation { updateSpeaker(input: { id: "${missing('Speaker')}", name: "x" }) { ${userErrorFields} } }`,
      {},
      tokens.write,
    );
    expect(result.updateSpeaker).toEqual({
      __typename: 'NotFoundError',
      message: expect.stringContaining('no Speaker'),
      path: ['input', 'id'],
      id: missing('Speaker'),
    });
  });

  it('answers a duplicate URL or slug with a ConflictError, and a speaker ID where an article belongs with a ValidationError', async () => {
    const create = (url: string) =>
      kb.data(`mutation { createArticle(input: { title: "Dup", url: "${url}" }) { __typename ${userErrorFields} } }`, {}, tokens.write);
    expect((await create('https://example.org/dup')).createArticle.__typename).toBe('CreateArticleSuccess');
    expect((await create('https://example.org/dup')).createArticle).toMatchObject({
      __typename: 'ConflictError',
      path: ['input', 'url'],
      constraint: 'articles_url_unique',
    });
    const slug = await kb.data(
      `mutation { createSpeaker(input: { name: "Someone", slug: "joe-biden" }) { ${userErrorFields} } }`,
      {},
      tokens.write,
    );
    expect(slug.createSpeaker).toMatchObject({ __typename: 'ConflictError', path: ['input', 'slug'] });
    const biden = await seedId('Speaker', 'joe-biden');
    const wrongType = await kb.data(
      `mutation { updateArticle(input: { id: "${biden}", title: "x" }) { ${userErrorFields} } }`,
      {},
      tokens.write,
    );
    expect(wrongType.updateArticle).toMatchObject({ __typename: 'ValidationError', path: ['input', 'id'] });
  });

  it('files a statement only where its span holds its text, and the article keeps its statements true', async () => {
    const { createArticle } = await kb.data(
      `mutation { createArticle(input: { title: "Span test", body: "She said: \\"We will win.\\" Then left." }) { ... on CreateArticleSuccess { article { id } } } }`,
      {},
      tokens.write,
    );
    const articleId = createArticle.article.id;
    const file = (spanStart: number, spanEnd: number, text?: string) =>
      kb.data(
        `mutation($input: CreateStatementInput!) { createStatement(input: $input) { __typename ... on CreateStatementSuccess { statement { text position span { start end } } } ${userErrorFields} } }`,
        { input: { article: articleId, kind: 'DIRECT_QUOTE', spanStart, spanEnd, text } },
        tokens.write,
      );
    expect((await file(11, 23)).createStatement.statement).toEqual({ text: 'We will win.', position: 1, span: { start: 11, end: 23 } });
    expect((await file(11, 23, 'We will lose.')).createStatement).toMatchObject({ __typename: 'ValidationError', path: ['input', 'text'] });
    expect((await file(11, 500)).createStatement).toMatchObject({ __typename: 'ValidationError', path: ['input', 'spanEnd'] });
    expect((await file(20, 11)).createStatement).toMatchObject({ __typename: 'ValidationError', path: ['input', 'spanEnd'] });
    // Editing the body under the statement is refused; the statement still reads as filed.
    const edit = await kb.data(
      `mutation { updateArticle(input: { id: "${articleId}", body: "She said: \\"We will lose.\\" Then left." }) { ${userErrorFields} } }`,
      {},
      tokens.write,
    );
    expect(edit.updateArticle).toMatchObject({ __typename: 'ValidationError', path: ['input', 'spanStart'] });
    const read = await kb.data(`{ node(id: "${articleId}") { ... on Article { body statements { nodes { text } } } } }`);
    expect(read.node).toEqual({ body: 'She said: "We will win." Then left.', statements: { nodes: [{ text: 'We will win.' }] } });
  });

  it('refuses to delete a speaker who said something, and deletes one who did not', async () => {
    const amir = await seedId('Speaker', 'hossein-amir-abdollahian');
    const refused = await kb.data(`mutation { deleteSpeaker(id: "${amir}") { ${userErrorFields} } }`, {}, tokens.admin);
    expect(refused.deleteSpeaker).toMatchObject({
      __typename: 'ConflictError',
      path: ['id'],
      message: expect.stringContaining('statement(s) are attributed'),
    });
    const { createSpeaker } = await kb.data(
      'mutation { createSpeaker(input: { name: "Short Lived" }) { ... on CreateSpeakerSuccess { speaker { id } } } }',
      {},
      tokens.write,
    );
    const deleted = await kb.data(
      `mutation { deleteSpeaker(id: "${createSpeaker.speaker.id}") { ... on DeleteSpeakerSuccess { deletedId } } }`,
      {},
      tokens.admin,
    );
    expect(deleted.deleteSpeaker.deletedId).toBe(createSpeaker.speaker.id);
    const gone = await kb.graphql(`{ node(id: "${createSpeaker.speaker.id}") { id } }`);
    expect(gone.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('refuses to delete a publisher, and cascades an article delete to its statements', async () => {
    const [{ id: publisherId }] = (await kb.db
      .execute<{ id: number }>(sql`select id from organizations where slug = 'iran-press'`)
      .then(rowsOfResult)) as unknown as { id: number }[];
    const refused = await kb.data(
      `mutation { deleteOrganization(id: "${encodeGlobalId('Organization', publisherId)}") { ${userErrorFields} } }`,
      {},
      tokens.admin,
    );
    expect(refused.deleteOrganization).toMatchObject({ __typename: 'ConflictError', message: expect.stringContaining('publisher') });

    const article = await seedId('Article', 'iran-sold-drones-to-russia-before-ukraine-war');
    const statementIds = (await kb.db.select({ id: statements.id }).from(statements)).length;
    const deleted = await kb.data(`mutation { deleteArticle(id: "${article}") { __typename } }`, {}, tokens.admin);
    expect(deleted.deleteArticle.__typename).toBe('DeleteArticleSuccess');
    expect((await kb.db.select({ id: statements.id }).from(statements)).length).toBeLessThan(statementIds);
    expect((await kb.data('{ speaker(slug: "hossein-amir-abdollahian") { statementCount } }')).speaker.statementCount).toBe(0);
  });
});

describe('merging', () => {
  const ok = (result: any, field: string) => {
    expect(result[field].__typename).toBe(`${field[0].toUpperCase()}${field.slice(1)}Success`);
    return result[field];
  };

  it('folds a duplicate speaker into the real one, keeping statements, roles, mentions and names', async () => {
    const amir = await seedId('Speaker', 'hossein-amir-abdollahian');
    const before = (await kb.data(`{ node(id: "${amir}") { ... on Speaker { statementCount roles { id title } } } }`)).node;
    const duplicate = ok(
      await kb.data(
        'mutation { createSpeaker(input: { name: "H. Amirabdollahian", aliases: ["Dr. Amir-Abdollahian"] }) { __typename ... on CreateSpeakerSuccess { speaker { id } } } }',
        {},
        tokens.write,
      ),
      'createSpeaker',
    ).speaker.id;
    // A role both hold (same title and start) and one only the duplicate holds.
    const twinRole = ok(
      await kb.data(
        `mutation { addSpeakerRole(input: { speaker: "${duplicate}", title: "${before.roles[0].title}", startDate: "2021-08-25" }) { __typename ... on AddSpeakerRoleSuccess { role { id } } } }`,
        {},
        tokens.write,
      ),
      'addSpeakerRole',
    ).role.id;
    const ownRole = ok(
      await kb.data(
        `mutation { addSpeakerRole(input: { speaker: "${duplicate}", title: "Deputy Foreign Minister", startDate: "2011-01-01", endDate: "2016-01-01" }) { __typename ... on AddSpeakerRoleSuccess { role { id } } } }`,
        {},
        tokens.write,
      ),
      'addSpeakerRole',
    ).role.id;
    const article = ok(
      await kb.data(
        'mutation { createArticle(input: { title: "Merge test", body: "He said: \\"One.\\" And: \\"Two.\\"" }) { __typename ... on CreateArticleSuccess { article { id } } } }',
        {},
        tokens.write,
      ),
      'createArticle',
    ).article.id;
    const fileStatement = (start: number, end: number, role: string) =>
      kb.data(
        `mutation { createStatement(input: { article: "${article}", kind: DIRECT_QUOTE, spanStart: ${start}, spanEnd: ${end}, speaker: "${duplicate}", speakerRole: "${role}" }) { __typename } }`,
        {},
        tokens.write,
      );
    expect((await fileStatement(10, 14, twinRole)).createStatement.__typename).toBe('CreateStatementSuccess');
    expect((await fileStatement(23, 27, ownRole)).createStatement.__typename).toBe('CreateStatementSuccess');
    expect(
      (await kb.data(`mutation { addMention(input: { article: "${article}", target: "${duplicate}" }) { __typename } }`, {}, tokens.write))
        .addMention.__typename,
    ).toBe('AddMentionSuccess');

    const merged = ok(
      await kb.data(
        `mutation { mergeSpeakers(input: { keep: "${amir}", absorb: "${duplicate}" }) { __typename ... on MergeSpeakersSuccess { speaker { aliases statementCount roles { id title } } } } }`,
        {},
        tokens.admin,
      ),
      'mergeSpeakers',
    ).speaker;
    expect(merged.statementCount).toBe(before.statementCount + 2);
    expect(merged.aliases).toEqual(expect.arrayContaining(['Amir-Abdollahian', 'H. Amirabdollahian', 'Dr. Amir-Abdollahian']));
    expect(merged.roles.map((role: any) => role.title).sort()).toEqual([before.roles[0].title, 'Deputy Foreign Minister'].sort());
    expect(merged.roles.map((role: any) => role.id)).toContain(ownRole);
    const statementsNow = (
      await kb.data(`{ node(id: "${article}") { ... on Article { statements { nodes { speaker { slug } speakerRole { id } } } } } }`)
    ).node.statements.nodes;
    expect(statementsNow).toEqual([
      { speaker: { slug: 'hossein-amir-abdollahian' }, speakerRole: { id: before.roles[0].id } },
      { speaker: { slug: 'hossein-amir-abdollahian' }, speakerRole: { id: ownRole } },
    ]);
    expect((await kb.graphql(`{ node(id: "${duplicate}") { id } }`)).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const self = await kb.data(
      `mutation { mergeSpeakers(input: { keep: "${amir}", absorb: "${amir}" }) { ${userErrorFields} } }`,
      {},
      tokens.admin,
    );
    expect(self.mergeSpeakers).toMatchObject({ __typename: 'ValidationError', path: ['input', 'absorb'] });
  });

  it('folds a duplicate organization into the real one, keeping members, roles, articles and names', async () => {
    const un = (await kb.data('{ organization(slug: "united-nations") { id memberCount aliases } }')).organization;
    const duplicate = ok(
      await kb.data(
        'mutation { createOrganization(input: { name: "U.N. Organisation", kind: INTERGOVERNMENTAL, acronym: "UNO" }) { __typename ... on CreateOrganizationSuccess { organization { id } } } }',
        {},
        tokens.write,
      ),
      'createOrganization',
    ).organization.id;
    const tuvalu = (await kb.data('{ country(code: "TV") { id } }')).country.id;
    ok(
      await kb.data(
        `mutation { addMembership(input: { organization: "${duplicate}", country: "${tuvalu}", since: "2000-09-05" }) { __typename } }`,
        {},
        tokens.write,
      ),
      'addMembership',
    );
    ok(
      await kb.data(
        `mutation { createArticle(input: { title: "Published by the duplicate", publisher: "${duplicate}" }) { __typename } }`,
        {},
        tokens.write,
      ),
      'createArticle',
    );

    const merged = ok(
      await kb.data(
        `mutation { mergeOrganizations(input: { keep: "${un.id}", absorb: "${duplicate}" }) { __typename ... on MergeOrganizationsSuccess { organization { aliases memberCount publishedArticles { nodes { title } } } } } }`,
        {},
        tokens.admin,
      ),
      'mergeOrganizations',
    ).organization;
    expect(merged.aliases).toEqual(expect.arrayContaining([...un.aliases, 'U.N. Organisation', 'UNO']));
    expect(merged.memberCount).toBe(un.memberCount + 1);
    expect(merged.publishedArticles.nodes).toContainEqual({ title: 'Published by the duplicate' });
    expect((await kb.graphql(`{ node(id: "${duplicate}") { id } }`)).errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('runs a merge in one transaction: a failure part-way leaves both speakers as they were', async () => {
    const keep = ok(
      await kb.data(
        'mutation { createSpeaker(input: { name: "Keep Me" }) { __typename ... on CreateSpeakerSuccess { speaker { id } } } }',
        {},
        tokens.write,
      ),
      'createSpeaker',
    ).speaker.id;
    const absorb = ok(
      await kb.data(
        'mutation { createSpeaker(input: { name: "Absorb Me", aliases: ["AM"] }) { __typename ... on CreateSpeakerSuccess { speaker { id } } } }',
        {},
        tokens.write,
      ),
      'createSpeaker',
    ).speaker.id;
    ok(
      await kb.data(`mutation { addSpeakerRole(input: { speaker: "${absorb}", title: "Envoy" }) { __typename } }`, {}, tokens.write),
      'addSpeakerRole',
    );
    // A fault injected in the database: the last write of a merge (deleting the duplicate) fails.
    await kb.db.execute(sql`CREATE FUNCTION refuse_speaker_delete() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'injected failure' USING ERRCODE = 'check_violation'; END $$`);
    await kb.db.execute(
      sql`CREATE TRIGGER refuse_speaker_delete BEFORE DELETE ON speakers FOR EACH ROW EXECUTE FUNCTION refuse_speaker_delete()`,
    );
    try {
      const result = await kb.data(
        `mutation { mergeSpeakers(input: { keep: "${keep}", absorb: "${absorb}" }) { __typename } }`,
        {},
        tokens.admin,
      );
      expect(result.mergeSpeakers.__typename).toBe('ValidationError');
    } finally {
      await kb.db.execute(sql`DROP TRIGGER refuse_speaker_delete ON speakers`);
      await kb.db.execute(sql`DROP FUNCTION refuse_speaker_delete()`);
    }
    const after = await kb.data(
      `{ keep: node(id: "${keep}") { ... on Speaker { aliases roles { title } } } absorb: node(id: "${absorb}") { ... on Speaker { aliases roles { title } } } }`,
    );
    expect(after).toEqual({ keep: { aliases: [], roles: [] }, absorb: { aliases: ['AM'], roles: [{ title: 'Envoy' }] } });
  });
});
