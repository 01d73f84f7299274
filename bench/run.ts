/**
 * The benchmark: newskb against itself with DataLoaders off and against a hand-written floor.
 *
 *   npm run bench -- [--duration 10] [--connections 10] [--quick] [--scenarios a,b]
 *                    [--skip-data] [--pool 10] [--warmup 3]
 *
 * Checks the bench database (generating it with the default sizes when missing or empty),
 * starts the three servers as child processes on free ports of 127.0.0.1, checks that they
 * return the same data, warms each up, then for every scenario and variant runs autocannon and
 * records requests/s, latency percentiles, errors, SQL statements per request and peak RSS.
 * Writes bench/results/<timestamp>.json and latest.json, BENCHMARKS.md and bench/results/chart.svg.
 */
import autocannon from 'autocannon';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { openDatabase } from '../src/db';
import { benchDatabaseUrl, gitCommit, log, MIGRATIONS_DIR, parseFlags } from './common';
import { ensureBenchData } from './generate';
import {
  judgeTargets,
  VARIANT_LABELS,
  VARIANTS,
  writeReport,
  type BenchResults,
  type Latency,
  type ScenarioResult,
  type Variant,
  type VariantResult,
} from './report';
import { scenarioNames, scenarios, type Scenario, type Variables } from './scenarios';
import { readRssKiB, sleep, startServer, stats, stopServers, type RunningServer } from './servers';

const repoRoot = path.resolve(__dirname, '..');

// ---- requests -----------------------------------------------------------------------------------

function requestBody(scenario: Scenario, variant: Variant, variables: Variables): string {
  return variant === 'floor' ? JSON.stringify(variables) : JSON.stringify({ query: scenario.query, variables });
}

function requestPath(scenario: Scenario, variant: Variant) {
  return variant === 'floor' ? scenario.floorPath : '/graphql';
}

async function send(server: RunningServer, scenario: Scenario, variables: Variables) {
  const response = await fetch(`http://127.0.0.1:${server.port}${requestPath(scenario, server.variant)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: requestBody(scenario, server.variant, variables),
  });
  const text = await response.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = { errors: [{ message: `not JSON (${response.status}): ${text.slice(0, 200)}` }] };
  }
  return { status: response.status, json };
}

/** Deep equality; numbers equal within 1e-9 relative (float8 text round trips). */
function sameData(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a === b || Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return a === b;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a as object);
  const keysB = Object.keys(b as object);
  if (keysA.length !== keysB.length) return false;
  return keysA.every((key) => sameData((a as any)[key], (b as any)[key]));
}

// ---- measurement --------------------------------------------------------------------------------

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))];
}

interface LoadOptions {
  server: RunningServer;
  scenario: Scenario;
  bodies: string[];
  connections: number;
  duration: number;
  label: string;
}

async function load({ server, scenario, bodies, connections, duration, label }: LoadOptions) {
  let next = 0;
  let graphqlErrors = 0;
  let times = new Float64Array(1 << 16);
  let count = 0;
  let finish!: (result: autocannon.Result) => void;
  let fail!: (error: Error) => void;
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  const instance = autocannon({
    url: `http://127.0.0.1:${server.port}`,
    connections,
    duration,
    pipelining: 1,
    timeout: 30,
    requests: [
      {
        method: 'POST',
        path: requestPath(scenario, server.variant),
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        setupRequest: (request) => {
          request.body = bodies[next++ % bodies.length];
          return request;
        },
        onResponse: (_status, body) => {
          // GraphQL reports failures in a 200 response; the floor never writes this key.
          if (body && body.includes('"errors":')) graphqlErrors++;
        },
      },
    ],
  }, (error, result) => (error ? fail(error) : finish(result)));
  // The typings lag behind: the tracker emits ('response', client, status, bytes, ms) and ('tick', { counter }).
  const events = instance as unknown as NodeJS.EventEmitter;
  events.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    if (statusCode < 200 || statusCode >= 300) return;
    if (count === times.length) {
      const bigger = new Float64Array(times.length * 2);
      bigger.set(times);
      times = bigger;
    }
    times[count++] = responseTime;
  });
  const started = Date.now();
  let ticks = 0;
  events.on('tick', ({ counter }: { counter: number }) => {
    ticks++;
    const elapsed = ((Date.now() - started) / 1000).toFixed(0);
    log(`[bench] ${label}  ${elapsed}/${duration} s  ${counter} req in the last second`);
  });
  const result = await done;
  void ticks;
  const sorted = times.slice(0, count).sort();
  let sum = 0;
  for (const t of sorted) sum += t;
  return { result, graphqlErrors, sorted, mean: count ? sum / count : NaN };
}

async function measure(
  server: RunningServer,
  scenario: Scenario,
  bodies: string[],
  options: { connections: number; duration: number; warmup: number },
): Promise<VariantResult> {
  const label = `${scenario.name} / ${VARIANT_LABELS[server.variant]}`;
  if (options.warmup > 0) {
    await load({ server, scenario, bodies, connections: options.connections, duration: options.warmup, label: `${label} (warm-up)` });
  }
  await sleep(300);
  const before = await stats(server);
  let peakRss = readRssKiB(server.pid, 'VmRSS') ?? 0;
  const sampler = setInterval(() => {
    const rss = readRssKiB(server.pid, 'VmRSS');
    if (rss !== null && rss > peakRss) peakRss = rss;
  }, 100);
  let measured: Awaited<ReturnType<typeof load>>;
  try {
    measured = await load({ server, scenario, bodies, connections: options.connections, duration: options.duration, label });
  } finally {
    clearInterval(sampler);
  }
  // Let requests that were in flight when autocannon stopped finish on the server.
  await sleep(500);
  const after = await stats(server);
  const { result, graphqlErrors, sorted, mean } = measured;
  const serverRequests = after.requests - before.requests;
  const sqlStatements = after.sqlStatements - before.sqlStatements;
  const latency: Latency = {
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p95: percentile(sorted, 95),
    p97_5: percentile(sorted, 97.5),
    p99: percentile(sorted, 99),
    mean,
    max: sorted.length ? sorted[sorted.length - 1] : NaN,
    autocannon: {
      p50: result.latency.p50,
      p97_5: result.latency.p97_5,
      p99: result.latency.p99,
      average: result.latency.average,
    },
  };
  return {
    requestsPerSecond: result.requests.average,
    requestsPerSecondStddev: result.requests.stddev,
    completedRequests: result.requests.total,
    durationSeconds: result.duration,
    latency,
    non2xx: result.non2xx,
    socketErrors: result.errors,
    timeouts: result.timeouts,
    graphqlErrors,
    serverRequests,
    sqlStatements,
    sqlPerRequest: serverRequests ? sqlStatements / serverRequests : NaN,
    peakRssMiB: peakRss / 1024,
  };
}

// ---- environment ---------------------------------------------------------------------------------

function packageVersions(): Record<string, string> {
  const versions: Record<string, string> = {};
  for (const name of ['graphql', 'graphql-yoga', '@pothos/core', '@pothos/plugin-relay', 'dataloader', 'drizzle-orm', 'postgres', 'autocannon']) {
    try {
      versions[name] = JSON.parse(readFileSync(path.join(repoRoot, 'node_modules', name, 'package.json'), 'utf8')).version;
    } catch {
      versions[name] = 'unknown';
    }
  }
  return versions;
}

function gitState(): { commit: string; dirty: string[] } {
  try {
    const commit = gitCommit();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src', 'schema', 'seeds'], { cwd: repoRoot, encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map((line) => line.slice(3));
    return { commit, dirty };
  } catch {
    return { commit: 'unknown', dirty: [] };
  }
}

// ---- main ------------------------------------------------------------------------------------------

async function main() {
  const flags = parseFlags(process.argv.slice(2), {
    duration: 'number',
    connections: 'number',
    quick: 'boolean',
    scenarios: 'string',
    'skip-data': 'boolean',
    pool: 'number',
    warmup: 'number',
  });
  const duration = flags.duration ?? (flags.quick ? 3 : 10);
  const warmup = flags.warmup ?? (flags.quick ? 1 : 3);
  const connections = flags.connections ?? 10;
  const pool = flags.pool ?? 10;
  const wanted = flags.scenarios ? flags.scenarios.split(',').map((s) => s.trim()).filter(Boolean) : scenarioNames;
  for (const name of wanted) {
    if (!scenarioNames.includes(name)) throw new Error(`Unknown scenario "${name}"; known: ${scenarioNames.join(', ')}`);
  }
  const selected = scenarios.filter((scenario) => wanted.includes(scenario.name));
  const url = benchDatabaseUrl();
  const startedAt = new Date().toISOString();

  const { info, counts } = await ensureBenchData(url, Boolean(flags['skip-data']));
  // Like `npm start`, apply migrations the code has and the database not yet (a no-op usually).
  const handle = await openDatabase({ url, migrationsDir: MIGRATIONS_DIR, poolMax: 1 });
  try {
    await handle.migrate();
  } finally {
    await handle.close();
  }
  log(`[bench] data: ${Object.entries(counts).map(([t, n]) => `${t} ${n}`).join(', ')}`);

  const sql = postgres(url, { max: 2, onnotice: () => {} });
  const [{ version: postgresVersion }] = await sql`select version()`;
  const settingRows = await sql<{ name: string; setting: string; unit: string | null }[]>`
    select name, setting, unit from pg_settings
    where name in ('jit', 'shared_buffers', 'work_mem', 'effective_cache_size', 'max_connections', 'random_page_cost', 'max_parallel_workers_per_gather')
    order by name`;
  const sizeUnits: Record<string, number> = { kB: 1 / 1024, '8kB': 8 / 1024, MB: 1 };
  const postgresSettings = Object.fromEntries(
    settingRows.map((row) => [
      row.name,
      row.unit && sizeUnits[row.unit] ? `${Math.round(Number(row.setting) * sizeUnits[row.unit])} MB` : row.setting,
    ]),
  );

  const servers = {} as Record<Variant, RunningServer>;
  try {
    for (const variant of VARIANTS) {
      servers[variant] = await startServer(variant, pool, url);
    }
    log(`[bench] servers: ${VARIANTS.map((v) => `${v} :${servers[v].port} pid ${servers[v].pid}`).join(', ')}`);

    const graphql = async (query: string, variables?: Variables) => {
      const response = await fetch(`http://127.0.0.1:${servers.shipped.port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as { data?: any; errors?: { message: string }[] };
    };

    const scenarioResults: ScenarioResult[] = [];
    for (const scenario of selected) {
      const entry: ScenarioResult = {
        name: scenario.name,
        title: scenario.title,
        description: scenario.description,
        query: scenario.query,
        depthBound: scenario.depthBound,
        variableSets: 0,
        notes: [],
        checks: { unbatchedMatches: null, floorMatches: null, compared: 0 },
        results: {},
      };
      scenarioResults.push(entry);

      let pool: Variables[];
      try {
        pool = await scenario.variables({ sql, graphql });
      } catch (error) {
        entry.skipped = `its variables could not be prepared: ${(error as Error).message}`;
        log(`[bench] ${scenario.name}: skipped (${entry.skipped})`);
        continue;
      }
      entry.variableSets = pool.length;

      // Does the API have this scenario's fields? A validation error says it does not (yet).
      const probe = await send(servers.shipped, scenario, pool[0]);
      const probeErrors: { message: string; extensions?: { code?: string } }[] = probe.json.errors ?? [];
      if (probeErrors.length) {
        const invalid = probe.status === 400 || probeErrors.some((e) => e.extensions?.code === 'GRAPHQL_VALIDATION_FAILED');
        const messages = probeErrors.map((e) => e.message).join('; ');
        if (invalid) {
          entry.skipped = `the schema does not have this query's fields yet (${messages})`;
          log(`[bench] ${scenario.name}: skipped: ${messages}`);
          continue;
        }
        entry.notes.push(`the first request returned errors: ${messages}`);
      }

      // Same answers from all three, on the first few variable sets.
      const compared = pool.slice(0, Math.min(5, pool.length));
      let unbatchedMatches = true;
      let floorMatches = true;
      for (const variables of compared) {
        const [shipped, unbatched, floor] = await Promise.all(VARIANTS.map((v) => send(servers[v], scenario, variables)));
        if (!sameData(shipped.json.data, unbatched.json.data)) unbatchedMatches = false;
        if (!sameData(shipped.json.data, floor.json.data)) {
          if (floorMatches) {
            entry.notes.push(
              `the floor's answer differs from newskb's for ${JSON.stringify(variables)}: newskb ${JSON.stringify(shipped.json.data).slice(0, 300)}… floor ${JSON.stringify(floor.json.data).slice(0, 300)}…`,
            );
          }
          floorMatches = false;
        }
      }
      entry.checks = { unbatchedMatches, floorMatches, compared: compared.length };
      if (!unbatchedMatches) entry.notes.push('DataLoaders off returned different data from newskb.');

      for (const variant of VARIANTS) {
        const bodies = pool.map((variables) => requestBody(scenario, variant, variables));
        const result = await measure(servers[variant], scenario, bodies, { connections, duration, warmup });
        entry.results[variant] = result;
        log(
          `[bench] ${scenario.name} / ${VARIANT_LABELS[variant]}: ${result.requestsPerSecond.toFixed(1)} req/s, ` +
            `p50 ${result.latency.p50.toFixed(2)} ms, p99 ${result.latency.p99.toFixed(2)} ms, ` +
            `${result.sqlPerRequest.toFixed(2)} SQL/request, peak RSS ${result.peakRssMiB.toFixed(0)} MiB` +
            (result.non2xx + result.graphqlErrors + result.socketErrors + result.timeouts
              ? `, errors: ${result.non2xx} non-2xx, ${result.graphqlErrors} GraphQL, ${result.socketErrors} socket, ${result.timeouts} timeouts`
              : ''),
        );
        if (result.non2xx || result.graphqlErrors || result.socketErrors || result.timeouts) {
          entry.notes.push(
            `${VARIANT_LABELS[variant]}: ${result.non2xx} non-2xx responses, ${result.graphqlErrors} with GraphQL errors, ${result.socketErrors} socket errors, ${result.timeouts} timeouts.`,
          );
        }
      }
      if (scenario.name === 'search') {
        const bodies = pool.map((variables) => requestBody(scenario, 'shipped', variables));
        entry.singleClient = await measure(servers.shipped, scenario, bodies, { connections: 1, duration, warmup });
        log(
          `[bench] search / newskb, one client: p50 ${entry.singleClient.latency.p50.toFixed(2)} ms, ` +
            `p95 ${entry.singleClient.latency.p95.toFixed(2)} ms, ${entry.singleClient.requestsPerSecond.toFixed(1)} req/s`,
        );
      }
    }

    const serverPeaks = Object.fromEntries(
      VARIANTS.map((v) => {
        const hwm = readRssKiB(servers[v].pid, 'VmHWM');
        return [v, { lifetimePeakRssMiB: hwm === null ? null : hwm / 1024 }];
      }),
    ) as BenchResults['servers'];

    const results: BenchResults = {
      startedAt,
      finishedAt: new Date().toISOString(),
      git: gitState(),
      machine: {
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model ?? 'unknown',
        memoryGiB: os.totalmem() / 1024 ** 3,
        os: `${os.type()} ${os.release()} (${os.platform()} ${os.arch()})`,
        node: process.version,
        postgres: postgresVersion,
        postgresSettings,
      },
      packages: packageVersions(),
      flags: { duration, warmup, connections, pool, scenarios: wanted },
      data: { generatedAt: info?.generatedAt ?? null, flags: info?.flags ?? null, counts },
      servers: serverPeaks,
      scenarios: scenarioResults,
      targets: judgeTargets(scenarioResults),
    };

    const resultsDir = path.join(repoRoot, 'bench', 'results');
    mkdirSync(resultsDir, { recursive: true });
    const stamp = results.finishedAt.replace(/[:.]/g, '-');
    const json = JSON.stringify(results, null, 2) + '\n';
    writeFileSync(path.join(resultsDir, `${stamp}.json`), json);
    writeFileSync(path.join(resultsDir, 'latest.json'), json);
    log(`[bench] wrote bench/results/${stamp}.json and latest.json`);
    writeReport(results, repoRoot);

    log('[bench] targets:');
    for (const target of results.targets) {
      log(`  ${target.met === null ? '–' : target.met ? 'met    ' : 'NOT MET'}  ${target.name}: ${target.measured} (goal ${target.goal})`);
    }
  } finally {
    await sql.end();
    await stopServers();
  }
}

main().catch(async (error) => {
  console.error(error);
  await stopServers();
  process.exit(1);
});
