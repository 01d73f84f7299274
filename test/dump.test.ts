import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { countries } from '../schema';
import { createToken } from '../src/auth/tokens';
import { createApp } from '../src/app';
import { rowsOf, type DatabaseHandle } from '../src/db';
import { writeDump } from '../src/dump/dump';
import { DumpError } from '../src/dump/manifest';
import { restoreDump } from '../src/dump/restore';
import { exampleQueries } from '../src/graphiql-examples';
import { encodeGlobalId } from '../src/core/global-id';
import { openTestApp, type TestApp } from './support/harness';
import { insertAwkwardQuotations } from './support/quotations';
import { emptyScratchDatabase, type ScratchDatabase } from './support/scratch-databases';

let kb: TestApp;
let adminToken: string;
let folders: string[] = [];
const scratches: { scratch: ScratchDatabase; handle: DatabaseHandle }[] = [];

beforeAll(async () => {
  kb = await openTestApp();
  await insertAwkwardQuotations(kb.db, 'dump');
  adminToken = (await createToken(kb.db, { name: 'dump desk', scope: 'admin' })).token;
  // A relation filed with a token: its createdByToken reference is what --with-tokens keeps.
  const { statements } = await kb.data('{ statements(first: 3, filter: { search: "drones" }) { nodes { id } } }');
  await kb.data(
    `mutation ($from: ID!, $to: ID!) { createStatementRelation(input: { from: $from, to: $to, kind: REPEATS, note: "Same claim, \\"again\\"" }) { __typename } }`,
    { from: statements.nodes[1].id, to: statements.nodes[2].id },
    adminToken,
  );
});

afterAll(async () => {
  for (const { scratch, handle } of scratches) {
    await handle.close();
    await scratch.remove();
  }
  await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
  await kb.close();
});

async function newFolder() {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'newskb-dump-'));
  folders.push(folder);
  return folder;
}

async function emptyDatabase() {
  const scratch = await emptyScratchDatabase();
  const handle = await scratch.open();
  scratches.push({ scratch, handle });
  return handle;
}

/** Every file of a dump folder, by name. */
async function filesOf(folder: string): Promise<Record<string, string>> {
  const names = (await readdir(folder)).sort();
  return Object.fromEntries(await Promise.all(names.map(async (name) => [name, await readFile(path.join(folder, name), 'utf8')])));
}

const countOf = async (handle: DatabaseHandle, table: string) =>
  Number(rowsOf(await handle.db.execute(sql`select count(*)::int as n from ${sql.identifier(table)}`))[0].n);

describe('dump and restore', () => {
  let original: string;
  let restored: DatabaseHandle;

  beforeAll(async () => {
    original = await newFolder();
    await writeDump(kb.db, original);
    restored = await emptyDatabase();
    await restoreDump(restored.db, original);
  });

  it('writes one JSON Lines file per table and a manifest counting their rows', async () => {
    const files = await filesOf(original);
    const manifest = JSON.parse(files['manifest.json']);
    expect(manifest).toMatchObject({ format: 'newskb-dump', version: 2, apiTokens: false });
    expect(Object.keys(files).sort()).toEqual(['manifest.json', ...manifest.files.map((entry: any) => entry.file)].sort());
    for (const { file, rows } of manifest.files) {
      const lines = files[file].split('\n').filter(Boolean);
      expect(lines).toHaveLength(rows);
      for (const line of lines) expect(JSON.parse(line)).toEqual(expect.any(Object));
    }
    const counts = Object.fromEntries(manifest.files.map((entry: any) => [entry.file, entry.rows]));
    expect(counts['countries.jsonl']).toBe(249);
    expect(counts['statements.jsonl']).toBe(8 + 5);
    expect(counts['statement-relations.jsonl']).toBe(2);
    expect(counts['mentions.jsonl']).toBeGreaterThan(0);
    expect(files['api-tokens.jsonl']).toBeUndefined();
  });

  it('refers to other rows by global ID', async () => {
    const files = await filesOf(original);
    const statement = JSON.parse(files['statements.jsonl'].split('\n')[0]);
    expect(statement).toMatchObject({
      id: encodeGlobalId('Statement', 1),
      article: encodeGlobalId('Article', 1),
      speaker: encodeGlobalId('Speaker', 1),
    });
    const mention = JSON.parse(files['mentions.jsonl'].split('\n')[0]);
    expect(Object.keys(mention)).toEqual(['article', 'statement', 'country', 'organization', 'speaker', 'createdAt', 'updatedAt']);
    // Timestamps keep Postgres's microseconds, so a restore is exact.
    expect(statement.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
  });

  it('round-trips: dumping the restored database gives identical files', async () => {
    const again = await newFolder();
    await writeDump(restored.db, again);
    expect(await filesOf(again)).toEqual(await filesOf(original));
  });

  it('restores a knowledge base that answers every example query as the original does, under the same IDs', async () => {
    const restoredApp = createApp({ db: restored.db });
    const ask = async (app: typeof restoredApp, query: string) => {
      const response = await app.fetch('http://newskb.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ query }),
      });
      return response.json();
    };
    for (const { query } of exampleQueries) {
      const answer = await ask(restoredApp, query);
      expect(answer.errors).toBeUndefined();
      expect(answer).toEqual(await ask(kb.app, query));
    }
    const awkward = `{ statements(first: 100, filter: { search: "rocket" }) { nodes { id text span { start end } speaker { id name aliases } createdAt updatedAt } } }`;
    expect(await ask(restoredApp, awkward)).toEqual(await ask(kb.app, awkward));
  });

  it('continues every identity after the restored ids', async () => {
    const [max] = rowsOf(await restored.db.execute(sql`select max(id)::int as id from countries`));
    const [created] = await restored.db
      .insert(countries)
      .values({ alpha2: 'XK', alpha3: 'XKX', name: 'Kosovo' })
      .returning({ id: countries.id });
    expect(created.id).toBe(Number(max.id) + 1);
  });

  it('refuses a database that is not empty, and writes nothing to it', async () => {
    const before = await countOf(restored, 'statements');
    await expect(restoreDump(restored.db, original)).rejects.toThrow(/not empty \(countries, .*statements.*\)/);
    expect(await countOf(restored, 'statements')).toBe(before);
  });
});

describe('API tokens in dumps', () => {
  it('are left out by default: a relation keeps its assertedBy, not the token that filed it', async () => {
    const folder = await newFolder();
    await writeDump(kb.db, folder);
    const relations = (await readFile(path.join(folder, 'statement-relations.jsonl'), 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));
    const filed = relations.find((relation) => relation.note === 'Same claim, "again"');
    expect(filed).toMatchObject({ kind: 'REPEATS', assertedBy: 'dump desk' });
    expect(filed).not.toHaveProperty('createdByToken');
    expect((await readdir(folder)).some((file) => file.includes('token'))).toBe(false);
  });

  it('are kept with withTokens, as digests, and a token works on the restored server', async () => {
    const folder = await newFolder();
    await writeDump(kb.db, folder, { withTokens: true });
    const tokens = await readFile(path.join(folder, 'api-tokens.jsonl'), 'utf8');
    expect(tokens).toContain('"dump desk"');
    expect(tokens).not.toContain(adminToken);

    const target = await emptyDatabase();
    await restoreDump(target.db, folder);
    const response = await createApp({ db: target.db }).fetch('http://newskb.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
      body: JSON.stringify({ query: '{ viewer { tokenName scope } }' }),
    });
    expect(await response.json()).toEqual({ data: { viewer: { tokenName: 'dump desk', scope: 'ADMIN' } } });

    const again = await newFolder();
    await writeDump(target.db, again, { withTokens: true });
    expect(await filesOf(again)).toEqual(await filesOf(folder));
  });
});

describe('restore checks the dump', () => {
  let original: string;
  let target: DatabaseHandle;

  beforeAll(async () => {
    original = await newFolder();
    await writeDump(kb.db, original);
    target = await emptyDatabase();
  });

  /** A copy of the dump with one file changed line by line. */
  async function corrupted(file: string, change: (lines: string[]) => string[]) {
    const folder = await newFolder();
    await cp(original, folder, { recursive: true });
    const lines = (await readFile(path.join(folder, file), 'utf8')).split('\n').filter(Boolean);
    await writeFile(
      path.join(folder, file),
      change(lines)
        .map((line) => `${line}\n`)
        .join(''),
    );
    return folder;
  }

  /** Edits the first line whose record `matches` (the line at `index` when a number). */
  const editLine = (matches: number | ((record: any) => boolean), edit: (record: any) => void) => (lines: string[]) => {
    const index = typeof matches === 'number' ? matches : lines.findIndex((line) => matches(JSON.parse(line)));
    return lines.map((line, i) => {
      if (i !== index) return line;
      const record = JSON.parse(line);
      edit(record);
      return JSON.stringify(record);
    });
  };

  const cases: [string, string, (lines: string[]) => string[], RegExp][] = [
    [
      'a reference to a row no file holds',
      'statements.jsonl',
      editLine(2, (r) => (r.speaker = encodeGlobalId('Speaker', 999_999))),
      /statements\.jsonl, line 3: `speaker` is \S+, which no earlier file holds/,
    ],
    [
      'an ID of the wrong type',
      'statements.jsonl',
      editLine(0, (r) => (r.article = encodeGlobalId('Speaker', 1))),
      /statements\.jsonl, line 1: .*is the ID of a Speaker, not of a Article/,
    ],
    [
      "a role that is not the speaker's",
      'statements.jsonl',
      editLine(0, (r) => (r.speakerRole = encodeGlobalId('SpeakerRole', 3))),
      /statements\.jsonl, line 1: `speakerRole` is a role of another speaker/,
    ],
    [
      'a mention whose statement is in another article',
      'mentions.jsonl',
      editLine(
        (r) => r.statement !== null,
        (r) => (r.article = encodeGlobalId('Article', 2)),
      ),
      /mentions\.jsonl, line \d+: `statement` is in another article/,
    ],
    ['the same ID twice', 'speakers.jsonl', (lines) => [...lines, lines[0]], /speakers\.jsonl, line \d+: the ID \S+ appears twice/],
    ['an unknown field', 'countries.jsonl', editLine(5, (r) => (r.colour = 'green')), /countries\.jsonl, line 6: unknown colour/],
    ['a missing field', 'articles.jsonl', editLine(0, (r) => delete r.title), /articles\.jsonl, line 1: missing title/],
    ['a line that is not JSON', 'memberships.jsonl', (lines) => [lines[0], '{"id": ', ...lines.slice(1)], /memberships\.jsonl, line 2: /],
    ['a truncated file', 'mentions.jsonl', (lines) => lines.slice(0, -1), /mentions\.jsonl holds \d+ rows where manifest\.json says \d+/],
    [
      'a row the database refuses',
      'statements.jsonl',
      editLine(1, (r) => (r.text = 'Not what the article says.')),
      /statements\.jsonl, lines 1–\d+: .*span/,
    ],
  ];

  it.each(cases)('refuses %s, naming the file and line, and restores nothing', async (_case, file, change, message) => {
    const folder = await corrupted(file, change);
    const failure = restoreDump(target.db, folder);
    await expect(failure).rejects.toThrow(DumpError);
    await expect(failure).rejects.toThrow(message);
    // One transaction: the files before the bad one were rolled back too.
    for (const table of ['countries', 'organizations', 'speakers', 'articles', 'statements']) expect(await countOf(target, table)).toBe(0);
  });

  it('refuses a manifest of another format version', async () => {
    const folder = await corrupted('countries.jsonl', (lines) => lines);
    const manifest = JSON.parse(await readFile(path.join(folder, 'manifest.json'), 'utf8'));
    await writeFile(path.join(folder, 'manifest.json'), JSON.stringify({ ...manifest, version: 1 }));
    await expect(restoreDump(target.db, folder)).rejects.toThrow(/format version 1; this newskb reads version 2/);
  });

  it('restores the untouched dump into the same database after all those refusals', async () => {
    await restoreDump(target.db, original);
    expect(await countOf(target, 'countries')).toBe(249);
  });
});

describe('dump folders', () => {
  it('refuses to write into a folder that is not empty', async () => {
    const folder = await newFolder();
    await writeFile(path.join(folder, 'notes.txt'), 'mine');
    await expect(writeDump(kb.db, folder)).rejects.toThrow(/is not empty/);
  });
});
