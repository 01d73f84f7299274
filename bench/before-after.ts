/**
 * Read scenarios before and after a range of commits (issue 14: hardening must cost no
 * measurable slowdown on reads). Checks the baseline commit out into a git worktree of its own,
 * starts its bench server and this checkout's side by side on the bench database, checks that
 * they return the same data, and runs each read scenario on both in alternating rounds.
 *
 *   npm run bench:before-after -- [--baseline 36b6a03] [--duration 8] [--rounds 3]
 *                                 [--connections 10] [--scenarios lookup,list,nested,speaker]
 *
 * The baseline shares this checkout's node_modules (a symlink) when its package.json names the
 * same dependencies, and runs `npm ci` in its worktree otherwise. Writes
 * bench/results/before-after-latest.json and its section of BENCHMARKS.md between markers.
 */
import autocannon from 'autocannon';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { benchDatabaseUrl, log, parseFlags } from './common';
import { ensureBenchData } from './generate';
import { scenarios, type Variables } from './scenarios';
import { startServer, stopServers, type RunningServer } from './servers';

const repoRoot = path.resolve(__dirname, '..');
const flags = parseFlags(process.argv.slice(2), {
  baseline: 'string',
  duration: 'number',
  rounds: 'number',
  connections: 'number',
  scenarios: 'string',
});
// 36b6a03 is the last commit before issue 14's fixes (and before issue 15's per-request work).
const baseline = flags.baseline ?? '36b6a03';
const duration = flags.duration ?? 8;
const rounds = flags.rounds ?? 3;
const connections = flags.connections ?? 10;
const wanted = (flags.scenarios ?? 'lookup,list,nested,speaker').split(',');

function git(args: string[], cwd = repoRoot): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();
}

/** The baseline's worktree, with its dependencies installed. */
function prepareBaseline(commit: string): string {
  // Outside the checkout, so that neither tsc nor jest reads the baseline's files.
  const directory = path.join(os.tmpdir(), `newskb-baseline-${commit}`);
  if (!existsSync(directory)) git(['worktree', 'add', '--detach', directory, commit]);
  if (!existsSync(path.join(directory, 'node_modules'))) {
    const dependencies = (file: string) => JSON.stringify(JSON.parse(readFileSync(file, 'utf8')).dependencies);
    if (dependencies(path.join(directory, 'package.json')) === dependencies(path.join(repoRoot, 'package.json'))) {
      symlinkSync(path.join(repoRoot, 'node_modules'), path.join(directory, 'node_modules'));
    } else {
      execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: directory, stdio: 'inherit' });
    }
  }
  return directory;
}

/** A running bench server and which side of the comparison it is. */
type Server = RunningServer & { name: 'before' | 'after' };

async function ask(server: Server, query: string, variables?: Variables) {
  const response = await fetch(`http://127.0.0.1:${server.port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: unknown; errors?: { message: string }[] };
}

async function measure(server: Server, bodies: string[]) {
  let next = 0;
  let errors = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${server.port}`,
    connections,
    duration,
    requests: [
      {
        method: 'POST',
        path: '/graphql',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        setupRequest: (request) => ({ ...request, body: bodies[next++ % bodies.length] }),
        onResponse: (_status, body) => {
          if (body && body.includes('"errors":')) errors++;
        },
      },
    ],
  });
  return { requestsPerSecond: result.requests.average, p95: result.latency.p97_5 ?? result.latency.p99, non2xx: result.non2xx, errors };
}

async function main() {
  const url = benchDatabaseUrl();
  await ensureBenchData(url, false);
  const baselineRoot = prepareBaseline(git(['rev-parse', '--short', baseline]));
  const sql = postgres(url, { max: 2, onnotice: () => {} });
  const rows: { scenario: string; before: number[]; after: number[]; p95Before: number[]; p95After: number[] }[] = [];
  try {
    const before: Server = { ...(await startServer('shipped', 10, url, [], baselineRoot)), name: 'before' };
    const after: Server = { ...(await startServer('shipped', 10, url)), name: 'after' };
    for (const scenario of scenarios.filter((s) => wanted.includes(s.name) && !s.mix)) {
      const pool = (await scenario.variables({ sql, graphql: (query, variables) => ask(after, query, variables) })).slice(0, 200);
      const first = pool[0];
      const [a, b] = await Promise.all([ask(before, scenario.query, first), ask(after, scenario.query, first)]);
      if (a.errors || b.errors || JSON.stringify(a.data) !== JSON.stringify(b.data)) {
        throw new Error(`${scenario.name}: the two servers disagree (${JSON.stringify(a.errors ?? b.errors ?? 'different data')})`);
      }
      const bodies = pool.map((variables) => JSON.stringify({ query: scenario.query, variables }));
      const row = {
        scenario: scenario.name,
        before: [] as number[],
        after: [] as number[],
        p95Before: [] as number[],
        p95After: [] as number[],
      };
      // Warm both up, then alternate, the order rotating each round.
      await measure(before, bodies.slice(0, 50));
      await measure(after, bodies.slice(0, 50));
      for (let round = 0; round < rounds; round++) {
        const order = round % 2 === 0 ? [before, after] : [after, before];
        for (const server of order) {
          const figures = await measure(server, bodies);
          if (figures.non2xx || figures.errors)
            throw new Error(`${scenario.name} on ${server.name}: ${figures.non2xx} non-2xx, ${figures.errors} errors`);
          (server === before ? row.before : row.after).push(figures.requestsPerSecond);
          (server === before ? row.p95Before : row.p95After).push(figures.p95);
          log(`[before-after] ${scenario.name} ${server.name} round ${round + 1}: ${figures.requestsPerSecond.toFixed(0)} req/s`);
        }
      }
      rows.push(row);
    }
  } finally {
    await stopServers();
    await sql.end();
  }
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  const when = new Date().toISOString();
  mkdirSync(path.join(repoRoot, 'bench', 'results'), { recursive: true });
  writeFileSync(
    path.join(repoRoot, 'bench', 'results', 'before-after-latest.json'),
    `${JSON.stringify({ when, baseline, after: git(['rev-parse', 'HEAD']), duration, rounds, connections, rows }, null, 2)}\n`,
  );
  const table = [
    `Measured ${when.slice(0, 16).replace('T', ' ')} UTC: \`${git(['rev-parse', '--short', baseline])}\` (before) against \`${git(['rev-parse', '--short', 'HEAD'])}\` (after),`,
    `${rounds} alternating rounds of ${duration} s, ${connections} connections, production mode, on the bench database. Requests/s is the`,
    "mean of the rounds (each round in brackets); p95 in ms is the mean of the rounds' p97.5.",
    '',
    '| scenario | before req/s (rounds) | after req/s (rounds) | after ÷ before | p95 before / after (ms) |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...rows.map(
      (row) =>
        `| ${row.scenario} | ${mean(row.before).toFixed(0)} (${row.before.map((v) => v.toFixed(0)).join(', ')}) | ${mean(row.after).toFixed(0)} (${row.after.map((v) => v.toFixed(0)).join(', ')}) | ${(mean(row.after) / mean(row.before)).toFixed(2)}× | ${mean(row.p95Before).toFixed(1)} / ${mean(row.p95After).toFixed(1)} |`,
    ),
  ].join('\n');
  const START = '<!-- before-after: written by npm run bench:before-after -->';
  const END = '<!-- /before-after -->';
  const file = path.join(repoRoot, 'BENCHMARKS.md');
  const text = readFileSync(file, 'utf8');
  const section = `${START}\n${table}\n${END}`;
  writeFileSync(
    file,
    text.includes(START) ? text.replace(new RegExp(`${START}[\\s\\S]*?${END}`), () => section) : `${text.trimEnd()}\n\n${section}\n`,
  );
  log(table);
}

main().catch((error) => {
  log(String(error?.stack ?? error));
  process.exit(1);
});
