import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { seededScratchDatabase, type ScratchDatabase } from './support/scratch-databases';

/**
 * The command-line tools as a user runs them, when something is wrong: each says what in one
 * line (no stack trace) and exits non-zero. Child processes on a scratch copy of the seeded
 * database their environment names (src/cli/run.ts is the shared ending).
 */

const run = promisify(execFile);

let seeded: ScratchDatabase;
let folder: string;

beforeAll(async () => {
  seeded = await seededScratchDatabase();
  folder = await mkdtemp(path.join(os.tmpdir(), 'newskb-cli-errors-'));
}, 120_000);
afterAll(async () => {
  await Promise.all([seeded.remove(), rm(folder, { recursive: true, force: true })]);
});

async function cli(script: string, args: string[], env: Record<string, string> = seeded.env) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', `src/cli/${script}.ts`, ...args], {
      env: { ...process.env, ...env, LOG_LEVEL: 'silent', NEWSKB_DEBUG: '' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** No stack frame, no object dump: what a person can read. */
function expectReadable(stderr: string) {
  expect(stderr).not.toMatch(/\n\s+at /);
  expect(stderr).not.toMatch(/^\s*[{}]\s*$/m);
}

describe('the command-line tools, when something is wrong', () => {
  it('token revoke of a token that does not exist exits 1 and says so', async () => {
    const { code, stderr } = await cli('token', ['revoke', '99']);
    expect(code).toBe(1);
    expect(stderr.trim()).toBe('No active token 99: `npm run token -- list` shows them.');
  }, 60_000);

  it('import of a file with no metadata says what to add, and exits 1', async () => {
    const article = path.join(folder, 'no-metadata.txt');
    await writeFile(article, 'Ana Ferreira said: "We reopen on Monday."');
    const { code, stderr } = await cli('import', [article]);
    expect(code).toBe(1);
    expect(stderr.trim()).toBe(
      `${article}: no metadata: write ${path.join(folder, 'no-metadata.json')} ({ "url", "title", "publisher"?, "publishedAt"? }) or give --url and --title`,
    );
  }, 60_000);

  it('import of a file that does not exist names it in one line', async () => {
    const missing = path.join(folder, 'missing.txt');
    const { code, stderr } = await cli('import', ['--url', 'https://example.org/a', '--title', 'A', missing]);
    expect(code).toBe(1);
    expect(stderr.trim()).toBe(`No such file or folder: ${missing}`);
  }, 60_000);

  it('a bad setting is one line naming the setting', async () => {
    const { code, stderr } = await cli('token', ['list'], { ...seeded.env, PORT: 'not-a-port' });
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^Invalid configuration: PORT: /);
  }, 60_000);

  it('a database that does not answer is one line naming where it was looked for', async () => {
    const { code, stderr } = await cli('token', ['list'], { DATABASE_URL: 'postgres://newskb@127.0.0.1:1/newskb' });
    expect(code).toBe(1);
    expectReadable(stderr);
    expect(stderr.trim()).toBe('Cannot reach the database at 127.0.0.1:1 (ECONNREFUSED): is it running, and is DATABASE_URL right?');
  }, 60_000);

  it('an unknown option prints the usage and exits 2', async () => {
    const { code, stderr } = await cli('token', ['list', '--bogus']);
    expect(code).toBe(2);
    expectReadable(stderr);
    expect(stderr).toContain("Unknown option '--bogus'");
    expect(stderr).toContain('npm run token -- revoke <id>');
  }, 60_000);
});
