import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sparePort } from './server-process';

const run = promisify(execFile);

/** The machine's PostgreSQL binaries (Debian keeps them off the PATH). */
function binary(name: string): string {
  const root = '/usr/lib/postgresql';
  const version = readdirSync(root).sort((a, b) => Number(b) - Number(a))[0];
  return path.join(root, version, 'bin', name);
}

/** Postgres refuses to run as root: as root, its commands run as the postgres user. */
async function asPostgres(command: string, args: string[]) {
  const asRoot = process.getuid?.() === 0;
  return asRoot ? run('runuser', ['-u', 'postgres', '--', binary(command), ...args]) : run(binary(command), args);
}

export interface Cluster {
  port: number;
  dataDir: string;
  /** A connection URL as the superuser `root` (trust authentication). */
  url(database?: string): string;
  start(): Promise<void>;
  /** `fast` ends connections cleanly; `immediate` is the database vanishing. */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  /** Stops it and deletes its files. */
  destroy(): Promise<void>;
}

/**
 * A throwaway PostgreSQL of the test's own, on a spare port, from the machine's binaries: tests
 * that stop a database or stream to a replica must not touch the shared one. With `replicaOf`,
 * a hot standby made by pg_basebackup that streams from that cluster.
 */
export async function startCluster(options: { replicaOf?: Cluster } = {}): Promise<Cluster> {
  const folder = mkdtempSync(path.join(tmpdir(), 'newskb-pg-'));
  const dataDir = path.join(folder, 'data');
  const logFile = path.join(folder, 'postgres.log');
  if (process.getuid?.() === 0)
    chownSync(
      folder,
      Number((await run('id', ['-u', 'postgres'])).stdout.trim()),
      Number((await run('id', ['-g', 'postgres'])).stdout.trim()),
    );
  const port = await sparePort();

  if (options.replicaOf) {
    // A fast checkpoint: the default, spread over checkpoint_timeout, kept the copy waiting about two minutes.
    await asPostgres('pg_basebackup', [
      '-h',
      '127.0.0.1',
      '-p',
      String(options.replicaOf.port),
      '-U',
      'root',
      '-D',
      dataDir,
      '-R',
      '-X',
      'stream',
      '--checkpoint=fast',
    ]);
  } else {
    await asPostgres('initdb', ['-D', dataDir, '-A', 'trust', '-U', 'root', '--no-sync', '-E', 'UTF8']);
  }

  const cluster: Cluster = {
    port,
    dataDir,
    url: (database = 'postgres') => `postgres://root@127.0.0.1:${port}/${database}`,
    async start() {
      // The socket goes in the cluster's own folder: /var/run/postgresql belongs to the shared one.
      await asPostgres('pg_ctl', [
        '-D',
        dataDir,
        '-l',
        logFile,
        '-w',
        '-o',
        `-p ${port} -k ${folder} -c listen_addresses=127.0.0.1 -c fsync=off`,
        'start',
      ]);
    },
    async stop(mode = 'fast') {
      if (existsSync(path.join(dataDir, 'postmaster.pid'))) await asPostgres('pg_ctl', ['-D', dataDir, '-m', mode, '-w', 'stop']);
    },
    async destroy() {
      await cluster.stop('immediate').catch(() => {});
      rmSync(folder, { recursive: true, force: true });
    },
  };
  await cluster.start();
  return cluster;
}
