/**
 * The benchmark's server processes, shared by npm run bench and npm run bench:export: each
 * variant started as a child process on a free port of 127.0.0.1, stopped with the runner, and
 * its memory read from /proc.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { log } from './common';
import { STATS_PATH, type BenchStats } from './http';
import type { Variant } from './report';

const repoRoot = path.resolve(__dirname, '..');

export interface RunningServer {
  variant: Variant;
  port: number;
  child: ChildProcess;
  pid: number;
}

const children = new Set<ChildProcess>();

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function stats(server: RunningServer): Promise<BenchStats> {
  const response = await fetch(`http://127.0.0.1:${server.port}${STATS_PATH}`);
  if (!response.ok) throw new Error(`${server.variant}: stats answered ${response.status}`);
  return (await response.json()) as BenchStats;
}

export const PEER_DIR = path.join(repoRoot, 'bench', 'peers', 'postgraphile');

/**
 * PostGraphile v4 lives in its own folder with its own lockfile (it needs graphql 15): the
 * project's npm ci never installs it; the benchmark does, once, when its node_modules is missing.
 */
export function ensurePeerInstalled() {
  if (existsSync(path.join(PEER_DIR, 'node_modules', 'postgraphile', 'package.json'))) return;
  log('[bench] installing PostGraphile v4 (npm ci --prefix bench/peers/postgraphile)');
  execFileSync('npm', ['ci', '--prefix', PEER_DIR, '--no-audit', '--no-fund'], { cwd: repoRoot, stdio: 'inherit' });
}

/**
 * `nodeFlags` go to the server's node (the export benchmark caps V8's heap with one); `cwd` is the
 * checkout whose code runs (bench:before-after starts an older commit's beside this one).
 */
export async function startServer(
  variant: Variant,
  pool: number,
  url: string,
  nodeFlags: string[] = [],
  cwd = repoRoot,
): Promise<RunningServer> {
  const port = await freePort();
  let args: string[];
  if (variant === 'postgraphile') {
    ensurePeerInstalled();
    // Plain node, no tsx: the peer must not load anything of the project (graphql 16).
    args = [...nodeFlags, path.join(PEER_DIR, 'server.js'), '--port', String(port), '--pool', String(pool)];
  } else {
    const script = variant === 'floor' ? 'bench/floor.ts' : 'bench/server.ts';
    args = [...nodeFlags, '--import', 'tsx', script, '--port', String(port), '--pool', String(pool)];
    if (variant !== 'floor') args.push('--variant', variant);
  }
  const child = spawn(process.execPath, args, {
    cwd,
    env: { ...process.env, BENCH_DATABASE_URL: url, NODE_ENV: 'production' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  const server: RunningServer = { variant, port, child, pid: child.pid ?? 0 };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${variant} server exited with code ${child.exitCode}`);
    try {
      const answer = await stats(server);
      server.pid = answer.pid;
      return server;
    } catch {
      if (Date.now() > deadline) throw new Error(`${variant} server did not answer within 60 s`);
      await sleep(200);
    }
  }
}

export async function stopServers() {
  const exiting = [...children].map(
    (child) =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const timer = setTimeout(() => {
          child.kill('SIGKILL');
          resolve();
        }, 5000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  );
  await Promise.all(exiting);
}

process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`\n[bench] ${signal}: stopping the servers`);
    stopServers().finally(() => process.exit(130));
  });
}

/** A process's resident memory now (VmRSS) or at its highest (VmHWM), in KiB; null once it exited. */
export function readRssKiB(pid: number, field: 'VmRSS' | 'VmHWM'): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

/**
 * CPU time (user + system, ms) the process has used so far, from /proc/<pid>/stat; null where
 * there is no /proc. On a machine shared with other work, a server's CPU per request moves far
 * less than its requests per second, which depend on how much CPU it was given.
 */
export function readCpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (in brackets) may hold spaces: the fields are counted after it.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are the 14th and 15th fields, the 12th and 13th after the name; in clock ticks of 1/100 s.
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** USER_HZ, 100 on every Linux this runs on (`getconf CLK_TCK`). */
const CLOCK_TICKS_PER_SECOND = 100;

/**
 * newskb as deployed (src/server.ts, every limit and plugin on) on `url`, ready: what the soak
 * and the extraction-threads benchmark measure. `env` adds settings (EXTRACTION_THREADS);
 * `checkout` is the code that runs (the metric-labels benchmark measures an older commit's too),
 * `readyWithinMs` how long a first start (migrations) may take.
 */
export async function startDeployedServer(
  url: string,
  env: Record<string, string> = {},
  { checkout = repoRoot, readyWithinMs = 60_000 }: { checkout?: string; readyWithinMs?: number } = {},
): Promise<{ child: ChildProcess; origin: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: checkout,
    env: {
      ...process.env,
      DATABASE_URL: url,
      PORT: String(port),
      HOST: '127.0.0.1',
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      // One client on one address: the rate limits would measure themselves.
      RATE_LIMIT_ANONYMOUS: '0',
      RATE_LIMIT_TOKEN: '0',
      ...env,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const origin = `http://127.0.0.1:${port}`;
  for (const deadline = Date.now() + readyWithinMs; Date.now() < deadline && child.exitCode === null; await sleep(200)) {
    if (
      (await fetch(`${origin}/readyz`).then(
        (response) => response.status,
        () => 0,
      )) === 200
    )
      return { child, origin };
  }
  child.kill('SIGKILL');
  throw new Error('the server never became ready');
}
