import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createToken } from '../src/auth/tokens';
import { writeDump } from '../src/dump/dump';
import { extractQuotations, type ExtractedQuotation } from '../src/extraction';
import type { Extract } from '../src/extraction/threads';
import { openTestApp, type TestApp } from './support/harness';

/**
 * Institutions and unnamed sources as the source of a statement: what importArticle files for
 * them, and how the API, filters, search, exports and dumps show them.
 */

const body = [
  'The Ministry of Foreign Affairs said the talks would resume on Monday.',
  '"We remain committed to dialogue," the Ministry of Foreign Affairs said in a statement.',
  '"The ministry has nothing to add at this stage of the talks," the ministry said.',
  '"They were told to leave the building before noon," a senior police source said.',
  '"I saw the convoy leave at dawn," said Mara Quell, a resident.',
  'A Police Scotland spokeswoman said: "Officers are in attendance and inquiries are ongoing."',
].join('\n');

const sourceOf = (text: string): Partial<Pick<ExtractedQuotation, 'sourceOrganization' | 'sourceDescription'>> => {
  // The spokeswoman's sources are the extractor's own.
  if (text.startsWith('Officers are')) return {};
  if (text.startsWith('We remain')) return { sourceOrganization: 'the Ministry of Foreign Affairs', sourceDescription: null };
  if (text.startsWith('The ministry')) return { sourceOrganization: 'the ministry', sourceDescription: null };
  if (text.startsWith('They were')) return { sourceOrganization: null, sourceDescription: 'a senior police source' };
  return { sourceOrganization: null, sourceDescription: null };
};

/**
 * The real extractor, with the institution and unnamed-source fields set as the attribution stage
 * is to set them for this text: the test is of what the import files from them.
 */
const extract: Extract = async (text) =>
  extractQuotations(text).map((quote) => (quote.speaker ? quote : { ...quote, ...sourceOf(quote.text) }));

let kb: TestApp;
let writer: string;
let admin: string;
const folders: string[] = [];
beforeAll(async () => {
  kb = await openTestApp({ app: { extract } });
  writer = (await createToken(kb.db, { name: 'sources desk', scope: 'write' })).token;
  admin = (await createToken(kb.db, { name: 'sources admin', scope: 'admin' })).token;
});
afterAll(async () => {
  await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
  await kb.close();
});

const statementFields = 'id text sourceKind sourceDescription sourceOrganization { id name kind } speaker { name }';

async function importSources() {
  const result = await kb.data(
    `mutation($input: ImportArticleInput!) { importArticle(input: $input) {
      __typename ... on ImportArticleSuccess { articleImport { article { id } statements { ${statementFields} } } }
      ... on UserError { message } } }`,
    {
      input: {
        url: 'https://news.example/sources',
        title: 'Talks to resume, ministry says',
        body,
        publisher: 'News Example',
        publishedAt: '2024-03-01',
      },
    },
    writer,
  );
  expect(result.importArticle.__typename).toBe('ImportArticleSuccess');
  return result.importArticle.articleImport as { article: { id: string }; statements: any[] };
}

const byText = (statements: any[], start: string) => statements.find((statement) => statement.text.startsWith(start));

describe('statements said by institutions and unnamed sources', () => {
  let imported: Awaited<ReturnType<typeof importSources>>;
  beforeAll(async () => {
    imported = await importSources();
  });

  it('importArticle files an institution as the source organization, creating it once when the knowledge base does not hold it', async () => {
    const ministry = byText(imported.statements, 'We remain');
    expect(ministry).toMatchObject({
      sourceKind: 'ORGANIZATION',
      speaker: null,
      sourceDescription: null,
      sourceOrganization: { name: 'Ministry of Foreign Affairs', kind: 'OTHER' },
    });
    const again = await importSources();
    expect(byText(again.statements, 'We remain').sourceOrganization.id).toBe(ministry.sourceOrganization.id);
    const named = await kb.data(`{ organizations(first: 100, filter: { name: "Ministry of Foreign Affairs" }) { nodes { name } } }`);
    expect(named.organizations.nodes.filter((node: any) => node.name === 'Ministry of Foreign Affairs')).toHaveLength(1);
  });

  it('keeps a generic institution ("the ministry") and an unnamed source as the article describes them', async () => {
    expect(byText(imported.statements, 'The ministry')).toMatchObject({
      sourceKind: 'UNNAMED',
      sourceOrganization: null,
      sourceDescription: 'the ministry',
    });
    expect(byText(imported.statements, 'They were')).toMatchObject({
      sourceKind: 'UNNAMED',
      speaker: null,
      sourceDescription: 'a senior police source',
    });
    expect(byText(imported.statements, 'I saw')).toMatchObject({
      sourceKind: 'PERSON',
      speaker: { name: 'Mara Quell' },
      sourceDescription: null,
      sourceOrganization: null,
    });
  });

  it("files a spokesperson as the institution spoken for, keeping the article's words for the person", async () => {
    expect(byText(imported.statements, 'Officers are')).toMatchObject({
      speaker: null,
      sourceDescription: 'A Police Scotland spokeswoman',
      sourceOrganization: { name: 'Police Scotland' },
    });
  });

  it('filters statements by source kind and by source organization, and lists what an organization said', async () => {
    const article = imported.article.id;
    const unnamed = await kb.data(
      `query($article: ID!) { statements(filter: { article: $article, sourceKind: UNNAMED }) { nodes { text } } }`,
      { article },
    );
    expect(unnamed.statements.nodes.map((node: any) => node.text).sort()).toEqual([
      'The ministry has nothing to add at this stage of the talks,',
      'They were told to leave the building before noon,',
    ]);
    const ministryId = byText(imported.statements, 'We remain').sourceOrganization.id;
    const said = await kb.data(
      `query($org: ID!) { statements(filter: { sourceOrganization: $org }) { totalCount nodes { text } }
        node(id: $org) { ... on Organization { statements(first: 5) { totalCount nodes { sourceKind } } } } }`,
      { org: ministryId },
    );
    // The second import of the same URL kept the statement (same span, same text): one, not two.
    expect(said.statements.totalCount).toBe(1);
    expect(said.node.statements.nodes.every((node: any) => node.sourceKind === 'ORGANIZATION')).toBe(true);
    const people = await kb.data(
      `query($article: ID!) { statements(filter: { article: $article, sourceKind: PERSON }) { nodes { speaker { name } } } }`,
      { article },
    );
    expect(people.statements.nodes).toEqual([{ speaker: { name: 'Mara Quell' } }]);
  });

  it("finds a statement by its unnamed source's description in search", async () => {
    const found = await kb.data(`{ statements(filter: { search: "police source" }) { nodes { sourceDescription } } }`);
    expect(found.statements.nodes).toContainEqual({ sourceDescription: 'a senior police source' });
  });

  it('exports and dumps the source of each statement', async () => {
    const response = await kb.app.fetch(
      `http://newskb.test/export/statements.ndjson?sourceKind=UNNAMED&article=${encodeURIComponent(imported.article.id)}`,
    );
    expect(response.status).toBe(200);
    const rows = (await response.text())
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));
    expect(rows.map((row) => [row.sourceKind, row.sourceDescription]).sort()).toEqual([
      ['UNNAMED', 'a senior police source'],
      ['UNNAMED', 'the ministry'],
    ]);
    const folder = await mkdtemp(path.join(os.tmpdir(), 'newskb-sources-'));
    folders.push(folder);
    await writeDump(kb.db, path.join(folder, 'dump'));
    const dumped = (await readFile(path.join(folder, 'dump', 'statements.jsonl'), 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));
    const ministryId = byText(imported.statements, 'We remain').sourceOrganization.id;
    expect(dumped.some((row) => row.sourceOrganization === ministryId)).toBe(true);
    expect(dumped.some((row) => row.sourceDescription === 'a senior police source')).toBe(true);
  });

  it('an editor moves a statement between a person and an institution; both at once is refused', async () => {
    const police = byText(imported.statements, 'They were');
    const mara = await kb.data(`{ speakers(filter: { name: "Mara Quell" }) { nodes { id } } }`);
    const speakerId = mara.speakers.nodes[0].id;
    const update = `mutation($input: UpdateStatementInput!) { updateStatement(input: $input) {
      __typename ... on UpdateStatementSuccess { statement { ${statementFields} attributionConfidence } } ... on UserError { message path } } }`;
    const toPerson = await kb.data(update, { input: { id: police.id, speaker: speakerId } }, writer);
    expect(toPerson.updateStatement.statement).toMatchObject({
      sourceKind: 'PERSON',
      sourceDescription: null,
      attributionConfidence: null,
    });
    const ministryId = byText(imported.statements, 'We remain').sourceOrganization.id;
    const toMinistry = await kb.data(update, { input: { id: police.id, sourceOrganization: ministryId } }, writer);
    expect(toMinistry.updateStatement.statement).toMatchObject({
      sourceKind: 'ORGANIZATION',
      speaker: null,
      sourceOrganization: { id: ministryId },
    });
    const both = await kb.data(update, { input: { id: police.id, speaker: speakerId, sourceDescription: 'a resident' } }, writer);
    expect(both.updateStatement).toMatchObject({ __typename: 'ValidationError', path: ['input', 'speaker'] });
  });

  it('an organization statements are attributed to is not deleted, and a merge moves its statements', async () => {
    const ministry = byText(imported.statements, 'We remain').sourceOrganization.id;
    const refused = await kb.data(
      `mutation($id: ID!) { deleteOrganization(id: $id) { __typename ... on ConflictError { message constraint } } }`,
      { id: ministry },
      admin,
    );
    expect(refused.deleteOrganization).toMatchObject({
      __typename: 'ConflictError',
      constraint: 'statements_source_organization_id_organizations_id_fk',
    });
    const created = await kb.data(
      `mutation { createOrganization(input: { name: "Foreign Ministry", kind: GOVERNMENT }) { ... on CreateOrganizationSuccess { organization { id } } } }`,
      {},
      writer,
    );
    const keep = created.createOrganization.organization.id;
    const merged = await kb.data(
      `mutation($keep: ID!, $absorb: ID!) { mergeOrganizations(input: { keep: $keep, absorb: $absorb }) { __typename ... on MergeOrganizationsSuccess { organization { statements { totalCount } } } } }`,
      { keep, absorb: ministry },
      admin,
    );
    expect(merged.mergeOrganizations.organization.statements.totalCount).toBeGreaterThanOrEqual(2);
  });
});
