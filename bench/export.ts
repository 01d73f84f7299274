/**
 * The export benchmark: how fast GET /export/statements.ndjson and .csv stream every statement
 * of the bench database (100,000 by default), and how much memory the server holds meanwhile;
 * beside it, the same statements paged through GraphQL (`statements(first: 100)`), as a script
 * without exports would read them.
 *
 *   npm run bench:export -- [--runs 3] [--pool 10] [--skip-data] [--skip-walk] [--note "…"]
 *
 * Starts newskb as shipped (bench/server.ts) on the bench database, samples the server's VmRSS
 * every 20 ms while each export is read to the end, writes bench/results/export-<timestamp>.json
 * and export-latest.json, and rewrites BENCHMARKS.md (its export section comes from the latter).
 * `--note` records the conditions of the run (what else the machine was doing) in the results.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { benchDatabaseUrl, gitCommit, log, parseFlags } from './common';
import type { ExportBenchResults, ExportRun, GraphQLWalk } from './export-report';
import { ensureBenchData } from './generate';
import { writeReport, type BenchResults } from './report';
import { readRssKiB, startServer, stopServers, type RunningServer } from './servers';

const repoRoot = path.resolve(__dirname, '..');
const SAMPLE_EVERY_MS = 20;
/**
 * V8 lets its heap grow well past what is live before collecting, so a peak RSS alone cannot
 * tell garbage from rows held. A second server runs with its old space capped at 64 MiB, most of
 * which the idle app itself uses (it does not start under 40 MiB): less room than one export's
 * output. Were an export holding its rows, that server would die of it.
 */
const CAPPED_HEAP_MIB = 64;
const NEWLINE = 10;

/** Samples the server's resident memory until stopped: its peak, and its value at a given moment. */
function rssSampler(pid: number) {
  const idle = readRssKiB(pid, 'VmRSS') ?? 0;
  let peak = idle;
  const timer = setInterval(() => {
    peak = Math.max(peak, readRssKiB(pid, 'VmRSS') ?? 0);
  }, SAMPLE_EVERY_MS);
  return {
    idleMiB: idle / 1024,
    nowMiB: () => (readRssKiB(pid, 'VmRSS') ?? 0) / 1024,
    stop() {
      clearInterval(timer);
      return Math.max(peak, readRssKiB(pid, 'VmRSS') ?? 0) / 1024;
    },
  };
}

/** Reads one export to its end, as fast as the client can, counting bytes and lines. */
async function readExport(
  server: RunningServer,
  format: 'ndjson' | 'csv',
  expectedRows: number,
  run: number,
  heapLimitMiB: number | null = null,
): Promise<ExportRun> {
  const memory = rssSampler(server.pid);
  const started = performance.now();
  const response = await fetch(`http://127.0.0.1:${server.port}/export/statements.${format}`);
  if (!response.ok || !response.body) throw new Error(`export answered ${response.status}: ${await response.text()}`);
  let firstByteMs = NaN;
  let bytes = 0;
  let lines = 0;
  let rssAtTenthMiB = NaN;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    if (Number.isNaN(firstByteMs)) firstByteMs = performance.now() - started;
    bytes += chunk.byteLength;
    for (const byte of chunk) if (byte === NEWLINE) lines++;
    if (Number.isNaN(rssAtTenthMiB) && lines >= expectedRows / 10) rssAtTenthMiB = memory.nowMiB();
  }
  const seconds = (performance.now() - started) / 1000;
  const peakRssMiB = memory.stop();
  // The generated statements hold no line breaks, so lines count rows (CSV adds its header).
  const rows = format === 'csv' ? lines - 1 : lines;
  if (rows !== expectedRows) throw new Error(`${format}: ${rows} rows arrived, the database holds ${expectedRows}`);
  const result: ExportRun = {
    format,
    run,
    heapLimitMiB,
    rows,
    bytes,
    seconds,
    rowsPerSecond: rows / seconds,
    megabytesPerSecond: bytes / 1024 / 1024 / seconds,
    firstByteMs,
    idleRssMiB: memory.idleMiB,
    rssAtTenthMiB,
    peakRssMiB,
  };
  log(
    `[bench:export] ${format} #${run}${heapLimitMiB ? ` (heap capped at ${heapLimitMiB} MiB)` : ''}: ${rows} rows in ${seconds.toFixed(2)} s = ${Math.round(result.rowsPerSecond)} rows/s, ` +
      `${result.megabytesPerSecond.toFixed(1)} MiB/s, first byte ${firstByteMs.toFixed(0)} ms, RSS ${memory.idleMiB.toFixed(0)} → peak ${peakRssMiB.toFixed(0)} MiB`,
  );
  return result;
}

const WALK_QUERY = `query Walk($after: String) {
  statements(first: 100, after: $after) {
    pageInfo { hasNextPage endCursor }
    nodes { id position kind location text span { start end } attributionVerb attributionConfidence createdAt updatedAt
      article { id url title publishedAt } speaker { id name } speakerRole { id title } }
  }
}`;

/** The same statements, with the same fields, paged through GraphQL one request after another. */
async function walkThroughGraphQL(server: RunningServer, expectedRows: number): Promise<GraphQLWalk> {
  const memory = rssSampler(server.pid);
  const started = performance.now();
  let after: string | null = null;
  let rows = 0;
  let requests = 0;
  for (;;) {
    const response = await fetch(`http://127.0.0.1:${server.port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query: WALK_QUERY, variables: { after } }),
    });
    const body = (await response.json()) as { data?: any; errors?: { message: string }[] };
    if (body.errors?.length || !body.data) throw new Error(`GraphQL walk: ${JSON.stringify(body.errors)}`);
    requests++;
    rows += body.data.statements.nodes.length;
    if (!body.data.statements.pageInfo.hasNextPage) break;
    after = body.data.statements.pageInfo.endCursor;
  }
  const seconds = (performance.now() - started) / 1000;
  const peakRssMiB = memory.stop();
  if (rows !== expectedRows) throw new Error(`GraphQL walk: ${rows} rows, the database holds ${expectedRows}`);
  log(
    `[bench:export] GraphQL walk: ${rows} rows in ${requests} requests, ${seconds.toFixed(1)} s = ${Math.round(rows / seconds)} rows/s, peak RSS ${peakRssMiB.toFixed(0)} MiB`,
  );
  return { rows, requests, seconds, rowsPerSecond: rows / seconds, idleRssMiB: memory.idleMiB, peakRssMiB };
}

async function main() {
  const flags = parseFlags(process.argv.slice(2), {
    runs: 'number',
    pool: 'number',
    'skip-data': 'boolean',
    'skip-walk': 'boolean',
    note: 'string',
  });
  const runs = flags.runs ?? 3;
  const pool = flags.pool ?? 10;
  const url = benchDatabaseUrl();
  const startedAt = new Date().toISOString();
  const { counts } = await ensureBenchData(url, Boolean(flags['skip-data']));
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  const [{ version }] = await sql`select version()`;
  await sql.end();
  const loadBefore = os.loadavg();

  const exports: ExportRun[] = [];
  let walk: GraphQLWalk | null = null;
  try {
    const server = await startServer('shipped', pool, url);
    log(`[bench:export] newskb pid ${server.pid} on :${server.port}; ${counts.statements} statements`);
    // One export left out of the figures first (the table read from disk, V8 warming up); its
    // RSS before is the idle server's.
    exports.push(await readExport(server, 'ndjson', counts.statements, 0));
    for (let run = 1; run <= runs; run++) {
      for (const format of ['ndjson', 'csv'] as const) exports.push(await readExport(server, format, counts.statements, run));
    }
    if (!flags['skip-walk']) walk = await walkThroughGraphQL(server, counts.statements);
    await stopServers();

    const capped = await startServer('shipped', pool, url, [`--max-old-space-size=${CAPPED_HEAP_MIB}`]);
    for (const format of ['ndjson', 'csv'] as const) exports.push(await readExport(capped, format, counts.statements, 1, CAPPED_HEAP_MIB));
  } finally {
    await stopServers();
  }

  const results: ExportBenchResults = {
    startedAt,
    finishedAt: new Date().toISOString(),
    commit: gitCommit(),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      node: process.version,
      postgres: version,
      loadAverageBefore: loadBefore,
      loadAverageAfter: os.loadavg(),
    },
    note: flags.note ?? null,
    flags: { runs, pool },
    statements: counts.statements,
    exports,
    walk,
  };
  const resultsDir = path.join(repoRoot, 'bench', 'results');
  mkdirSync(resultsDir, { recursive: true });
  const json = `${JSON.stringify(results, null, 2)}\n`;
  writeFileSync(path.join(resultsDir, `export-${results.finishedAt.replace(/[:.]/g, '-')}.json`), json);
  writeFileSync(path.join(resultsDir, 'export-latest.json'), json);
  log('[bench:export] wrote bench/results/export-latest.json');
  // BENCHMARKS.md is generated from both result files: rewrite it with the main run as it was.
  const main = path.join(resultsDir, 'latest.json');
  if (existsSync(main)) writeReport(JSON.parse(readFileSync(main, 'utf8')) as BenchResults, repoRoot);
}

main().catch(async (error) => {
  console.error(error);
  await stopServers();
  process.exit(1);
});
