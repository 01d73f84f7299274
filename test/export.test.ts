import { parse as parseCsv } from 'csv-parse/sync';
import { createToken, revokeToken } from '../src/auth/tokens';
import { createApp } from '../src/app';
import { createRateLimiter } from '../src/limits';
import { EXPORT_BATCH_SIZE } from '../src/export/rows';
import { encodeGlobalId } from '../src/core/global-id';
import { insertNewsroom } from './support/fixtures';
import { openTestApp, type TestApp } from './support/harness';
import { AWKWARD_QUOTATIONS, insertAwkwardQuotations } from './support/quotations';
import { walkConnection } from './support/walk';

let kb: TestApp;
let ids: Record<string, string>;
let awkward: { articleId: string; speakerId: string };

beforeAll(async () => {
  kb = await openTestApp();
  // More statements than two batches, so that exports really come in several.
  await insertNewsroom(kb.db, { tag: 'export', articleCount: 3, statementsPerArticle: 400, speakerCount: 12 });
  const inserted = await insertAwkwardQuotations(kb.db, 'export-awkward');
  awkward = { articleId: encodeGlobalId('Article', inserted.articleId), speakerId: encodeGlobalId('Speaker', inserted.speakerId) };
  const result = await kb.data(`{
    amir: speaker(slug: "hossein-amir-abdollahian") { id }
    biden: speaker(slug: "joe-biden") { id }
    iran: country(code: "IR") { id }
    germany: country(code: "DE") { id }
    group: organization(slug: "group-of-friends-in-defense-of-the-un-charter") { id }
    ministry: organization(slug: "ministry-of-foreign-affairs-of-iran") { id }
    iranPress: organization(slug: "iran-press") { id }
    seedArticle: article(slug: "iran-sold-drones-to-russia-before-ukraine-war") { id }
  }`);
  ids = Object.fromEntries(Object.entries(result).map(([name, value]: [string, any]) => [name, value.id]));
});
afterAll(() => kb.close());

type Parameters = Record<string, string | string[]> | [string, string][];

function exportUrl(path: string, parameters: Parameters = {}) {
  const search = new URLSearchParams();
  const entries = Array.isArray(parameters)
    ? parameters
    : Object.entries(parameters).flatMap(([name, value]) => [value].flat().map((item) => [name, item]));
  for (const [name, value] of entries) search.append(name, value as string);
  return `http://newskb.test/export/${path}${search.size ? `?${search}` : ''}`;
}

async function fetchExport(path: string, parameters?: Parameters, init?: RequestInit) {
  return kb.app.fetch(exportUrl(path, parameters), init ?? {});
}

async function ndjson(type: string, parameters?: Parameters): Promise<any[]> {
  const response = await fetchExport(`${type}.ndjson`, parameters);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
  return linesOf(await response.text());
}

const csvRecords = (text: string) => parseCsv(text, { columns: true }) as Record<string, string>[];
const linesOf = (text: string) =>
  text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
const byId = (rows: { id: string }[]) => [...rows].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
const idsOf = (rows: { id: string }[]) => rows.map((row) => row.id).sort();

/** Each export's columns, read from GraphQL fields of the same node. */
const throughGraphQL = {
  statements: {
    selection: `id position kind location text span { start end } attributionVerb attributionConfidence reviewStatus reviewedBy reviewedAt createdAt updatedAt
      article { id url title publishedAt } speaker { id name } speakerRole { id title } sourceKind sourceOrganization { id name } sourceDescription`,
    row: (node: any) => ({
      id: node.id,
      articleId: node.article.id,
      articleUrl: node.article.url,
      articleTitle: node.article.title,
      articlePublishedAt: node.article.publishedAt,
      position: node.position,
      kind: node.kind,
      location: node.location,
      text: node.text,
      spanStart: node.span.start,
      spanEnd: node.span.end,
      speakerId: node.speaker?.id ?? null,
      speakerName: node.speaker?.name ?? null,
      speakerRoleId: node.speakerRole?.id ?? null,
      speakerRoleTitle: node.speakerRole?.title ?? null,
      sourceKind: node.sourceKind,
      sourceOrganizationId: node.sourceOrganization?.id ?? null,
      sourceOrganizationName: node.sourceOrganization?.name ?? null,
      sourceDescription: node.sourceDescription,
      attributionVerb: node.attributionVerb,
      attributionConfidence: node.attributionConfidence,
      reviewStatus: node.reviewStatus,
      reviewedBy: node.reviewedBy,
      reviewedAt: node.reviewedAt,
      createdAt: node.createdAt,
      updatedAt: node.updatedAt,
    }),
  },
  articles: {
    selection: 'id slug title url publisher { id name } publishedAt dateline language body createdAt updatedAt',
    row: ({ publisher, ...node }: any) => ({
      id: node.id,
      slug: node.slug,
      title: node.title,
      url: node.url,
      publisherId: publisher?.id ?? null,
      publisherName: publisher?.name ?? null,
      publishedAt: node.publishedAt,
      dateline: node.dateline,
      language: node.language,
      body: node.body,
      createdAt: node.createdAt,
      updatedAt: node.updatedAt,
    }),
  },
  speakers: {
    selection: 'id slug name aliases country { id name } description wikidataId createdAt updatedAt',
    row: ({ country, ...node }: any) => ({
      id: node.id,
      slug: node.slug,
      name: node.name,
      aliases: node.aliases,
      countryId: country?.id ?? null,
      countryName: country?.name ?? null,
      description: node.description,
      wikidataId: node.wikidataId,
      createdAt: node.createdAt,
      updatedAt: node.updatedAt,
    }),
  },
  countries: {
    selection: 'id alpha2 alpha3 name officialName aliases demonyms wikidataId createdAt updatedAt',
    row: (node: any) => node,
  },
  organizations: {
    selection: 'id slug name acronym kind aliases country { id name } description wikidataId createdAt updatedAt',
    row: ({ country, ...node }: any) => ({
      id: node.id,
      slug: node.slug,
      name: node.name,
      acronym: node.acronym,
      kind: node.kind,
      aliases: node.aliases,
      countryId: country?.id ?? null,
      countryName: country?.name ?? null,
      description: node.description,
      wikidataId: node.wikidataId,
      createdAt: node.createdAt,
      updatedAt: node.updatedAt,
    }),
  },
};

type ExportType = keyof typeof throughGraphQL;

describe('GET /export/<type>.ndjson', () => {
  it.each(Object.keys(throughGraphQL) as ExportType[])('%s: every row, equal to the same rows walked through GraphQL', async (type) => {
    const { selection, row } = throughGraphQL[type];
    const walked = (await walkConnection(kb, type, selection)).map(row);
    const exported = await ndjson(type);
    expect(exported.length).toBeGreaterThan(0);
    expect(byId(exported)).toEqual(byId(walked));
    // Column order is the CSV header's, and the same on every line.
    for (const line of exported) expect(Object.keys(line)).toEqual(Object.keys(walked[0]));
  });

  it('comes in primary key order, so that `after` can resume it', async () => {
    const exported = await ndjson('statements');
    const databaseIds = exported.map((line) => Number(Buffer.from(line.id, 'base64url').toString().split(':')[1]));
    expect(databaseIds).toEqual([...databaseIds].sort((a, b) => a - b));
    expect(new Set(databaseIds).size).toBe(databaseIds.length);
  });

  it('sends the first batch before reading the next: the first chunk holds one batch of rows', async () => {
    const total = (await kb.data('{ statements { totalCount } }')).statements.totalCount;
    expect(total).toBeGreaterThan(2 * EXPORT_BATCH_SIZE);
    const response = await fetchExport('statements.ndjson');
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(linesOf(new TextDecoder().decode(first.value))).toHaveLength(EXPORT_BATCH_SIZE);
    await reader.cancel();
  });

  it('frees the database when a client leaves half-way (a cursor per cut export would exhaust the pool)', async () => {
    // The harness's Postgres pool has 4 connections: eight abandoned exports would hold them all.
    for (let i = 0; i < 8; i++) {
      const reader = (await fetchExport('statements.csv')).body!.getReader();
      await reader.read();
      await reader.cancel();
    }
    expect((await kb.data('{ statements(first: 1) { totalCount } }')).statements.totalCount).toBeGreaterThan(1000);
  });
});

describe('filters', () => {
  const cases: [ExportType, (ids: Record<string, string>) => Record<string, unknown>][] = [
    ['statements', (ids) => ({ speaker: ids.amir })],
    ['statements', (ids) => ({ mentions: [ids.germany, ids.biden, ids.group] })],
    ['statements', (ids) => ({ speakerCountry: ids.iran, search: 'drones' })],
    ['statements', (ids) => ({ speakerOrganization: ids.ministry, kind: 'PARAPHRASE' })],
    ['statements', (ids) => ({ speakerCountryMemberOf: ids.group })],
    ['statements', (ids) => ({ article: ids.seedArticle })],
    ['statements', () => ({ publishedAfter: '2023-01-02', publishedBefore: '2023-01-03' })],
    ['articles', (ids) => ({ publisher: ids.iranPress })],
    ['articles', (ids) => ({ speaker: ids.amir, search: 'drones' })],
    ['articles', (ids) => ({ mentions: [ids.germany] })],
    ['articles', () => ({ publishedBefore: '2023-01-01' })],
    ['speakers', (ids) => ({ country: ids.iran })],
    ['speakers', (ids) => ({ organization: ids.ministry })],
    ['speakers', () => ({ name: 'Amir Abdolahian' })],
    ['countries', (ids) => ({ memberOf: ids.group })],
    ['countries', () => ({ name: 'german' })],
    ['organizations', () => ({ kind: 'MEDIA' })],
    ['organizations', (ids) => ({ memberCountry: ids.iran })],
    ['organizations', () => ({ name: 'Group of Friends' })],
  ];

  const labelled = cases.map(([type, filterOf]) => [type, Object.keys(filterOf({})).join(' + '), filterOf] as const);

  it.each(labelled)('%s by %s: the same rows as the GraphQL filter, fewer than all', async (type, _label, filterOf) => {
    const filter = filterOf(ids);
    const walked = await walkConnection(kb, type, 'id', filter);
    const exported = await ndjson(type, filter as Parameters);
    expect(idsOf(exported)).toEqual(idsOf(walked));
    expect(exported.length).toBeGreaterThan(0);
    expect(exported.length).toBeLessThan((await ndjson(type)).length);
  });

  it('takes several mention IDs as a repeated parameter or as one list with commas', async () => {
    const repeated = await ndjson('statements', [
      ['mentions', ids.germany],
      ['mentions', ids.biden],
    ]);
    const commas = await ndjson('statements', { mentions: `${ids.germany},${ids.biden}` });
    expect(repeated.length).toBe(2);
    expect(idsOf(commas)).toEqual(idsOf(repeated));
  });

  it.each([
    ['an unknown parameter', 'statements', { speakr: 'x' }, 'speakr'],
    ['a malformed ID', 'statements', { speaker: 'not-an-id' }, 'speaker'],
    ['an ID of the wrong type', 'statements', { speaker: encodeGlobalId('Country', 1) }, 'speaker'],
    ['an ID that matches nothing', 'statements', { speaker: encodeGlobalId('Speaker', 999999) }, 'speaker'],
    ['a mention of a statement', 'articles', { mentions: encodeGlobalId('Statement', 1) }, 'mentions'],
    ['a malformed date', 'statements', { publishedAfter: '5 Nov 2022' }, 'publishedAfter'],
    ['an impossible date', 'articles', { publishedBefore: '2023-02-30' }, 'publishedBefore'],
    ['an inverted date range', 'statements', { publishedAfter: '2023-01-01', publishedBefore: '2022-01-01' }, 'publishedAfter'],
    ['an unknown kind', 'organizations', { kind: 'CLUB' }, 'kind'],
    ['an empty search', 'statements', { search: '  ' }, 'search'],
    [
      'a parameter given twice',
      'speakers',
      [
        ['country', 'a'],
        ['country', 'b'],
      ],
      'country',
    ],
    ['`after` of another type', 'articles', { after: encodeGlobalId('Statement', 1) }, 'after'],
  ] as [string, string, Parameters, string][])(
    'refuses %s with HTTP 400 and BAD_USER_INPUT naming the parameter',
    async (_case, type, parameters, argument) => {
      for (const format of ['ndjson', 'csv']) {
        const response = await fetchExport(`${type}.${format}`, parameters);
        expect(response.status).toBe(400);
        expect(response.headers.get('content-type')).toMatch(/^application\/json/);
        const body = await response.json();
        expect(body).toEqual({ errors: [{ message: expect.any(String), extensions: { code: 'BAD_USER_INPUT', argument } }] });
        expect(body.errors[0].message).not.toMatch(/\n\s+at /);
      }
    },
  );

  it('answers 404 for a type or format that does not exist, and 405 for anything but GET', async () => {
    for (const path of ['mentions.ndjson', 'statements.xml', 'statements', 'statements.csv/extra']) {
      const response = await fetchExport(path);
      expect(response.status).toBe(404);
      expect((await response.json()).errors[0].extensions.code).toBe('NOT_FOUND');
    }
    const post = await fetchExport('statements.ndjson', {}, { method: 'POST', body: '{}' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET');
  });
});

describe('resuming', () => {
  it('continues after the last ID delivered by an export that was cut mid-line', async () => {
    const complete = await ndjson('statements');
    const response = await fetchExport('statements.ndjson');
    const reader = response.body!.getReader();
    let received = '';
    while (received.split('\n').length < EXPORT_BATCH_SIZE + 100) received += new TextDecoder().decode((await reader.read()).value);
    await reader.cancel();
    // A connection breaks anywhere: keep the lines that arrived whole.
    const cut = received.slice(0, received.lastIndexOf('\n', received.length - 2) + 40);
    const delivered = linesOf(cut.slice(0, cut.lastIndexOf('\n') + 1));
    expect(delivered.length).toBeGreaterThan(EXPORT_BATCH_SIZE);

    const rest = await ndjson('statements', { after: delivered[delivered.length - 1].id });
    expect([...delivered, ...rest]).toEqual(complete);
  });

  it('resumes a filtered CSV export with the same filter', async () => {
    const filter = { speaker: awkward.speakerId };
    const all = csvRecords(await (await fetchExport('statements.csv', filter)).text());
    expect(all).toHaveLength(AWKWARD_QUOTATIONS.length);
    const rest = csvRecords(await (await fetchExport('statements.csv', { ...filter, after: all[1].id })).text());
    expect(rest).toEqual(all.slice(2));
  });

  it('treats `after` as a position: an ID deleted since still resumes after it', async () => {
    const all = await ndjson('countries');
    const gone = encodeGlobalId('Country', 999_999);
    expect(await ndjson('countries', { after: gone })).toEqual([]);
    expect(await ndjson('countries', { after: all[0].id })).toEqual(all.slice(1));
  });
});

describe('CSV', () => {
  /** A JSON row as the CSV writes it: null empty, lists as JSON, everything as text. */
  const asCsvRecord = (row: Record<string, unknown>) =>
    Object.fromEntries(
      Object.entries(row).map(([name, value]) => [
        name,
        value === null ? '' : Array.isArray(value) ? JSON.stringify(value) : String(value),
      ]),
    );

  it.each(['statements', 'articles', 'speakers'])('%s: parses back (csv-parse) to exactly the rows of the JSON export', async (type) => {
    const response = await fetchExport(`${type}.csv`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="${type}.csv"`);
    const records = csvRecords(await response.text());
    expect(records).toEqual((await ndjson(type)).map(asCsvRecord));
  });

  it('gives back quotations holding quotation marks, commas, line breaks and emoji exactly', async () => {
    const text = await (await fetchExport('statements.csv', { article: awkward.articleId })).text();
    const records = csvRecords(text);
    expect(records.map((record: any) => record.text)).toEqual(AWKWARD_QUOTATIONS);
    expect(records[0].speakerName).toBe(`O'Brien, "Jr."`);
    expect(records[0].articleTitle).toBe('Quotes, "marks" and\nbreaks');
    expect(records[0].articleUrl).toBe('https://example.org/export-awkward?a=1,2');
    // The quotation marks really were escaped, by doubling, inside a quoted field.
    expect(text).toContain('"She said ""no"", then ""yes"", then nothing at all."');
  });

  it('writes lists as JSON arrays, one field each', async () => {
    const [record] = csvRecords(await (await fetchExport('speakers.csv', { name: "O'Brien" })).text());
    expect(JSON.parse(record.aliases)).toEqual(['Brien, O', 'The "Senator"']);
  });

  it('writes the header even when no row matches', async () => {
    const header = (await (await fetchExport('statements.csv')).text()).split('\n')[0];
    expect(header).toMatch(/^id,articleId,articleUrl,/);
    expect(await (await fetchExport('statements.csv', { search: 'zzzyzzx' })).text()).toBe(`${header}\n`);
  });
});

describe('tokens', () => {
  it('refuses an unknown or revoked token, as GraphQL does', async () => {
    const created = await createToken(kb.db, { name: 'export revoked', scope: 'read' });
    await revokeToken(kb.db, created.id);
    for (const authorization of [`Bearer ${created.token}`, 'Bearer nkb_unknown', 'Basic abc']) {
      const response = await fetchExport('countries.ndjson', {}, { headers: { authorization } });
      expect(response.status).toBe(401);
      expect((await response.json()).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    }
  });

  it('needs a token when the server requires one to read (REQUIRE_READ_TOKEN)', async () => {
    const closed = createApp({ db: kb.db, requireReadToken: true });
    const anonymous = await closed.fetch(exportUrl('statements.csv'));
    expect(anonymous.status).toBe(401);
    expect((await anonymous.json()).errors[0].extensions.code).toBe('UNAUTHENTICATED');

    const { token } = await createToken(kb.db, { name: 'export reader', scope: 'read' });
    const allowed = await closed.fetch(exportUrl('countries.ndjson'), { headers: { authorization: `Bearer ${token}` } });
    expect(allowed.status).toBe(200);
    expect(linesOf(await allowed.text())).toHaveLength(249);
  });
});

// Last: it closes the database under the app.
describe('limits on exports', () => {
  it('counts exports against the rate limit, with the same 429 and headers as GraphQL', async () => {
    const rateLimiter = createRateLimiter({ anonymous: 2, token: 10, windowSeconds: 60, trustProxy: true });
    const app = createApp({ db: kb.db, rateLimiter });
    try {
      const from = { headers: { 'x-forwarded-for': `10.${Math.floor(Math.random() * 250)}.7.7` } };
      const statuses = [];
      for (let request = 0; request < 3; request += 1) {
        const response = await app.fetch(exportUrl('countries.ndjson'), from);
        await response.text();
        statuses.push([response.status, response.headers.get('x-ratelimit-remaining')]);
        if (response.status === 429) {
          expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
          const again = await app.fetch(exportUrl('countries.ndjson'), from);
          expect((await again.json()).errors[0].extensions.code).toBe('RATE_LIMITED');
        }
      }
      expect(statuses).toEqual([
        [200, '1'],
        [200, '0'],
        [429, '0'],
      ]);
    } finally {
      await rateLimiter.close();
    }
  });

  it('turns away an export past MAX_CONCURRENT_EXPORTS with 503 EXPORTS_BUSY, and takes one again when one ends', async () => {
    const app = createApp({ db: kb.db, maxConcurrentExports: 1 });
    const slow = await app.fetch(exportUrl('statements.ndjson'));
    expect(slow.status).toBe(200);
    const reader = slow.body!.getReader();
    await reader.read();
    const busy = await app.fetch(exportUrl('countries.ndjson'));
    expect(busy.status).toBe(503);
    expect(busy.headers.get('retry-after')).toBe('5');
    expect((await busy.json()).errors[0].extensions).toMatchObject({ code: 'EXPORTS_BUSY', limit: 1 });
    await reader.cancel();
    const after = await app.fetch(exportUrl('countries.ndjson'));
    expect(after.status).toBe(200);
    await after.text();
  });
});

describe('a database failure', () => {
  it('is masked as GraphQL masks it: a code, no stack, no SQL, no driver message', async () => {
    await kb.close();
    const response = await fetchExport('statements.csv', { speaker: ids.amir });
    const body = await response.json();
    const [error] = body.errors;
    const expected = kb.kind === 'postgres' ? { status: 503, code: 'SERVICE_UNAVAILABLE' } : { status: 500, code: 'INTERNAL_SERVER_ERROR' };
    expect({ status: response.status, code: error.extensions.code }).toEqual(expected);
    expect(Object.keys(error.extensions)).toEqual(['code']);
    expect(error.message).toMatch(/^(Internal server error: it has been logged\.|The database is unavailable; try again in \d+ s\.)$/);
  });
});
