import { execFile } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { type ScratchDatabase, seededScratchDatabase } from './support/scratch-databases';
import { startServerProcess } from './support/server-process';

/**
 * Issue 14, item 5: with `npm start` on the embedded database, `npm run import` and
 * `npm run token -- create` said "done" and exited 0, and their writes were lost. Real processes,
 * as a user runs them: the folder belongs to one process, and a second one is told so.
 */
const onPglite = process.env.NEWSKB_TEST_DB === 'pglite' ? describe : describe.skip;

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(dataDir: string, script: string, ...args: string[]): Promise<CliRun> {
  return promisify(execFile)(process.execPath, ['--import', 'tsx', `src/cli/${script}.ts`, ...args], {
    env: { ...process.env, PGLITE_DIR: dataDir, DATABASE_URL: '', REDIS_URL: '' },
    timeout: 60_000,
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
}

onPglite('the embedded database folder', () => {
  // A copy of the seeded template on disk: a fresh folder made each server initdb, migrate and seed first.
  let folder: ScratchDatabase;
  let dataDir: string;
  beforeEach(async () => {
    folder = await seededScratchDatabase();
    dataDir = folder.env.PGLITE_DIR;
  });
  afterEach(() => folder.remove());

  it('refuses a CLI while the server holds it, in one line and with a non-zero exit; the CLI works once the server stops', async () => {
    const server = await startServerProcess({ PGLITE_DIR: dataDir, DATABASE_URL: '', SHUTDOWN_DRAIN_MS: '0' });
    try {
      const token = await cli(dataDir, 'token', 'create', '--scope', 'read', '--name', 'while the server runs');
      expect(token.code).not.toBe(0);
      expect(token.stdout).not.toContain('Token ');
      const refusal = token.stderr.trim();
      expect(refusal.split('\n')).toHaveLength(1);
      expect(refusal).toContain(`${dataDir} is in use by the newskb server (pid ${server.child.pid})`);

      const article = path.join(dataDir, '..', `${path.basename(dataDir)}-article.txt`);
      await writeFile(article, '"We will not be moved," said Jane Lockwood.');
      const imported = await cli(dataDir, 'import', '--url', 'https://example.com/locked', '--title', 'Locked', article);
      await rm(article);
      expect(imported.code).not.toBe(0);
      expect(imported.stderr.trim()).toContain('is in use by the newskb server');
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
      server.kill();
    }

    const created = await cli(dataDir, 'token', 'create', '--scope', 'read', '--name', 'after the server stopped');
    expect(created.code).toBe(0);
    const listed = await cli(dataDir, 'token', 'list');
    expect(listed.stdout).toContain('after the server stopped');
    expect(listed.stdout).not.toContain('while the server runs');
  }, 240_000);

  it('refuses a second server, and takes over a lock whose process was killed', async () => {
    const server = await startServerProcess({ PGLITE_DIR: dataDir, DATABASE_URL: '' });
    const second = await startServerProcess({ PGLITE_DIR: dataDir, DATABASE_URL: '' }).then(
      (started) => {
        started.kill();
        return 'started';
      },
      (error: Error) => error.message,
    );
    expect(second).toBe('the server exited with 1');
    // kill -9 leaves the lock file behind, with a PID nobody has any more.
    server.child.kill('SIGKILL');
    await server.exited;
    const created = await cli(dataDir, 'token', 'create', '--scope', 'admin', '--name', 'after a crash');
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
  }, 240_000);
});
