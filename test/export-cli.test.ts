import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse as parseCsv } from 'csv-parse/sync';
import { encodeGlobalId } from '../src/core/global-id';
import { emptyScratchDatabase, seededScratchDatabase, type ScratchDatabase } from './support/scratch-databases';

/**
 * npm run export, dump and restore as a user runs them: child processes that open the database
 * their environment names (a PGlite folder or a Postgres URL), never the test's own connection.
 */

const run = promisify(execFile);
const AMIR = encodeGlobalId('Speaker', 1);

let seeded: ScratchDatabase;
let empty: ScratchDatabase;
let folder: string;

beforeAll(async () => {
  [seeded, empty] = await Promise.all([seededScratchDatabase(), emptyScratchDatabase()]);
  folder = await mkdtemp(path.join(os.tmpdir(), 'newskb-cli-'));
});
afterAll(async () => {
  await Promise.all([seeded.remove(), empty.remove(), rm(folder, { recursive: true, force: true })]);
});

async function cli(script: string, args: string[], database: ScratchDatabase) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', `src/cli/${script}.ts`, ...args], {
      env: { ...process.env, ...database.env, LOG_LEVEL: 'silent' },
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('npm run export', () => {
  it('writes the filtered rows as CSV on stdout, nothing else', async () => {
    const { code, stdout } = await cli('export', ['statements', '--format', 'csv', '--speaker', AMIR], seeded);
    expect(code).toBe(0);
    const records = parseCsv(stdout, { columns: true }) as Record<string, string>[];
    expect(records.length).toBe(7);
    for (const record of records) expect(record.speakerName).toBe('Hossein Amir-Abdollahian');
  });

  it('takes every filter of the HTTP export, repeated ones too, and --after', async () => {
    const all = await cli('export', ['countries', '--memberOf', encodeGlobalId('Organization', 3)], seeded);
    const countries = all.stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));
    expect(countries).toHaveLength(19);
    const rest = await cli('export', ['countries', '--memberOf', encodeGlobalId('Organization', 3), '--after', countries[9].id], seeded);
    expect(
      rest.stdout
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line)),
    ).toEqual(countries.slice(10));

    const mentioning = async (...ids: string[]) => {
      const { stdout } = await cli('export', ['statements', ...ids.flatMap((id) => ['--mentions', id])], seeded);
      return stdout
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line).id)
        .sort();
    };
    const biden = encodeGlobalId('Speaker', 2);
    const group = encodeGlobalId('Organization', 3);
    // One after the other: a PGlite folder is opened by one process at a time.
    const byBiden = await mentioning(biden);
    const byGroup = await mentioning(group);
    const byEither = await mentioning(biden, group);
    expect(byBiden.length).toBeGreaterThan(0);
    expect(byGroup.length).toBeGreaterThan(0);
    expect(byEither).toEqual([...new Set([...byBiden, ...byGroup])].sort());
  });

  it('says what is wrong with exit code 2: an unknown option, a filter another type takes, an ID that matches nothing', async () => {
    for (const args of [
      ['statements', '--speakr', AMIR],
      ['countries', '--speaker', AMIR],
      ['statements', '--speaker', encodeGlobalId('Speaker', 999)],
      ['tweets'],
    ]) {
      const { code, stdout, stderr } = await cli('export', args, seeded);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toContain('usage:');
    }
  });
});

describe('npm run dump and npm run restore', () => {
  it('dump, restore into an empty database, dump again: identical folders', async () => {
    const first = path.join(folder, 'first');
    const second = path.join(folder, 'second');
    expect((await cli('dump', [first], seeded)).code).toBe(0);
    const restored = await cli('restore', [first], empty);
    expect(restored).toMatchObject({ code: 0 });
    // Nine tables of the knowledge base, statement relations and claim links (docs/dump-format.md).
    expect(restored.stderr).toMatch(/Restored \d+ rows from 12 files/);
    expect((await cli('dump', [second], empty)).code).toBe(0);
    const files = (await readdir(first)).sort();
    expect(await readdir(second).then((names) => names.sort())).toEqual(files);
    for (const file of files) expect(await readFile(path.join(second, file), 'utf8')).toBe(await readFile(path.join(first, file), 'utf8'));
  });

  it('restore refuses a database that is not empty, in words', async () => {
    const dump = path.join(folder, 'third');
    await cli('dump', [dump], seeded);
    const { code, stderr } = await cli('restore', [dump], seeded);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^The database is not empty \(.*\): restore into a new database/);
  });
});
