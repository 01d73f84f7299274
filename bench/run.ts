/**
 * The benchmark: newskb against PostGraphile v4 (bench/peers/postgraphile, same database,
 * equivalent queries), against itself with DataLoaders off, and against a hand-written floor.
 *
 *   npm run bench -- [--duration 10] [--connections 10] [--quick] [--scenarios a,b]
 *                    [--skip-data] [--pool 10] [--warmup 3] [--rounds 2] [--skip-peer]
 *
 * Each scenario runs every variant `--rounds` times, alternating (the order rotates each round),
 * `--duration` seconds each; the figures pool the rounds.
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
import { readCpuMs, readRssKiB, sleep, startServer, stats, stopServers, type RunningServer } from './servers';

const repoRoot = path.resolve(__dirname, '..');

// ---- requests -----------------------------------------------------------------------------------

/**
 * A scenario's variables, ready for each variant: newskb's pool and PostGraphile's (same index,
 * same rows), or for the mixed workload the component scenario of each request.
 */
interface Prepared {
  pool: Variables[];
  peerPool: Variables[] | null;
}

function requestBody(scenario: Scenario, variant: Variant, variables: Variables, peerVariables?: Variables): string {
  if (variant === 'floor') return JSON.stringify(variables);
  if (variant === 'postgraphile') {
    if (!('query' in scenario.peer)) throw new Error(`${scenario.name} has no PostGraphile query`);
    return JSON.stringify({ query: scenario.peer.query, variables: peerVariables });
  }
  return JSON.stringify({ query: scenario.query, variables });
}

/** One request body per pool entry, for one variant. */
function requestBodies(scenario: Scenario, variant: Variant, prepared: Map<string, Prepared>): string[] {
  if (!scenario.mix) {
    const { pool, peerPool } = prepared.get(scenario.name)!;
    return pool.map((variables, i) => requestBody(scenario, variant, variables, peerPool?.[i]));
  }
  // The mix in a fixed interleaving (every component spread over the cycle), each component
  // walking its own pool, so every variant gets the same sequence of rows.
  const slots: string[] = [];
  const total = scenario.mix.reduce((sum, part) => sum + part.weight, 0);
  const credit = new Map(scenario.mix.map((part) => [part.scenario, 0]));
  for (let i = 0; i < total; i++) {
    for (const part of scenario.mix) credit.set(part.scenario, credit.get(part.scenario)! + part.weight);
    const best = [...credit.entries()].reduce((a, b) => (b[1] > a[1] ? b : a));
    credit.set(best[0], best[1] - total);
    slots.push(best[0]);
  }
  const next = new Map<string, number>();
  const bodies: string[] = [];
  for (let cycle = 0; cycle < 50; cycle++) {
    for (const name of slots) {
      const component = scenarios.find((s) => s.name === name)!;
      const { pool, peerPool } = prepared.get(name)!;
      const i = (next.get(name) ?? 0) % pool.length;
      next.set(name, i + 1);
      bodies.push(
        variant === 'floor'
          ? JSON.stringify({ scenario: name, variables: pool[i] })
          : requestBody(component, variant, pool[i], peerPool?.[i]),
      );
    }
  }
  return bodies;
}

function requestPath(scenario: Scenario, variant: Variant) {
  return variant === 'floor' ? scenario.floorPath : '/graphql';
}

async function send(server: RunningServer, scenario: Scenario, variables: Variables, peerVariables?: Variables) {
  const response = await fetch(`http://127.0.0.1:${server.port}${requestPath(scenario, server.variant)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: requestBody(scenario, server.variant, variables, peerVariables),
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
  const instance = autocannon(
    {
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
    },
    (error, result) => (error ? fail(error) : finish(result)),
  );
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

interface Measured {
  result: VariantResult;
  /** Every 2xx response time, sorted. */
  times: Float64Array;
}

async function measure(
  server: RunningServer,
  scenario: Scenario,
  bodies: string[],
  options: { connections: number; duration: number; warmup: number },
): Promise<Measured> {
  const label = `${scenario.name} / ${VARIANT_LABELS[server.variant]}`;
  if (options.warmup > 0) {
    await load({ server, scenario, bodies, connections: options.connections, duration: options.warmup, label: `${label} (warm-up)` });
  }
  await sleep(300);
  const before = await stats(server);
  const cpuBefore = readCpuMs(server.pid);
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
  const cpuAfter = readCpuMs(server.pid);
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
  const variantResult: VariantResult = {
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
    ...(cpuBefore !== null && cpuAfter !== null && serverRequests ? { cpuMsPerRequest: (cpuAfter - cpuBefore) / serverRequests } : {}),
    peakRssMiB: peakRss / 1024,
    roundsRequestsPerSecond: [result.requests.average],
  };
  return { result: variantResult, times: sorted };
}

function latencyOf(sorted: Float64Array, autocannonSummary: Latency['autocannon']): Latency {
  let sum = 0;
  for (const t of sorted) sum += t;
  return {
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p95: percentile(sorted, 95),
    p97_5: percentile(sorted, 97.5),
    p99: percentile(sorted, 99),
    mean: sorted.length ? sum / sorted.length : NaN,
    max: sorted.length ? sorted[sorted.length - 1] : NaN,
    autocannon: autocannonSummary,
  };
}

/**
 * Alternating rounds pooled: requests/s is the mean of the rounds' (equal durations), latency
 * percentiles are taken over every response of every round, counts add up, peak RSS is the
 * highest. autocannon's own summary is kept from the first round only.
 */
function poolRounds(rounds: Measured[]): VariantResult {
  if (rounds.length === 1) return rounds[0].result;
  const all = new Float64Array(rounds.reduce((n, r) => n + r.times.length, 0));
  let offset = 0;
  for (const round of rounds) {
    all.set(round.times, offset);
    offset += round.times.length;
  }
  all.sort();
  const results = rounds.map((r) => r.result);
  const sum = (f: (v: VariantResult) => number) => results.reduce((n, v) => n + f(v), 0);
  const serverRequests = sum((v) => v.serverRequests);
  const sqlStatements = sum((v) => v.sqlStatements);
  const perRound = results.map((v) => v.requestsPerSecond);
  const mean = perRound.reduce((a, b) => a + b, 0) / perRound.length;
  return {
    requestsPerSecond: mean,
    requestsPerSecondStddev: Math.sqrt(perRound.reduce((n, x) => n + (x - mean) ** 2, 0) / perRound.length),
    completedRequests: sum((v) => v.completedRequests),
    durationSeconds: sum((v) => v.durationSeconds),
    latency: latencyOf(all, results[0].latency.autocannon),
    non2xx: sum((v) => v.non2xx),
    socketErrors: sum((v) => v.socketErrors),
    timeouts: sum((v) => v.timeouts),
    graphqlErrors: sum((v) => v.graphqlErrors),
    serverRequests,
    sqlStatements,
    sqlPerRequest: serverRequests ? sqlStatements / serverRequests : NaN,
    ...cpuPerRequestOf(results),
    peakRssMiB: Math.max(...results.map((v) => v.peakRssMiB)),
    roundsRequestsPerSecond: perRound,
  };
}

/** CPU per request over every round: each round's CPU (its per-request figure times its requests) added up. */
function cpuPerRequestOf(results: VariantResult[]): { cpuMsPerRequest?: number } {
  if (results.some((v) => v.cpuMsPerRequest === undefined)) return {};
  const requests = results.reduce((n, v) => n + v.serverRequests, 0);
  const cpuMs = results.reduce((n, v) => n + v.cpuMsPerRequest! * v.serverRequests, 0);
  return requests ? { cpuMsPerRequest: cpuMs / requests } : {};
}

// ---- environment ---------------------------------------------------------------------------------

function packageVersions(): Record<string, string> {
  const versions: Record<string, string> = {};
  for (const name of [
    'graphql',
    'graphql-yoga',
    '@pothos/core',
    '@pothos/plugin-relay',
    'dataloader',
    'drizzle-orm',
    'postgres',
    'autocannon',
  ]) {
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
    rounds: 'number',
    'skip-peer': 'boolean',
  });
  const roundCount = Math.max(1, flags.rounds ?? 2);
  const duration = flags.duration ?? (flags.quick ? 3 : 10);
  const warmup = flags.warmup ?? (flags.quick ? 1 : 3);
  const connections = flags.connections ?? 10;
  const pool = flags.pool ?? 10;
  const wanted = flags.scenarios
    ? flags.scenarios
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : scenarioNames;
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
  log(
    `[bench] data: ${Object.entries(counts)
      .map(([t, n]) => `${t} ${n}`)
      .join(', ')}`,
  );

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

  // PostGraphile orders by published_at DESC NULLS LAST, id DESC (orderByNullsLast, the same
  // order as newskb's coalesce(published_at, '-infinity') DESC, id DESC): an index a PostGraphile
  // deployment would add for its list pages, as newskb's migration 0002 adds one for its order.
  if (!flags['skip-peer']) {
    await sql`create index if not exists bench_peer_articles_published_at_idx on articles (published_at desc nulls last, id desc)`;
  }
  const variants = VARIANTS.filter((v) => v !== 'postgraphile' || !flags['skip-peer']);

  const servers = {} as Record<Variant, RunningServer>;
  try {
    for (const variant of variants) {
      servers[variant] = await startServer(variant, pool, url);
    }
    log(`[bench] servers: ${variants.map((v) => `${v} :${servers[v].port} pid ${servers[v].pid}`).join(', ')}`);

    const ask = (server: RunningServer) => async (query: string, variables?: Variables) => {
      const response = await fetch(`http://127.0.0.1:${server.port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as { data?: any; errors?: { message: string }[] };
    };
    const graphql = ask(servers.shipped);
    const peer = servers.postgraphile ? ask(servers.postgraphile) : null;

    const prepared = new Map<string, Prepared>();
    const scenarioResults: ScenarioResult[] = [];
    // The mixed workload needs its components' variables even when they are not run on their own.
    const mixComponents = new Set(selected.flatMap((s) => (s.mix ?? []).map((part) => part.scenario)));
    const toPrepare = scenarios.filter((s) => !s.mix && (wanted.includes(s.name) || mixComponents.has(s.name)));
    const skippedWhy = new Map<string, string>();
    for (const scenario of toPrepare) {
      let scenarioPool: Variables[];
      try {
        scenarioPool = await scenario.variables({ sql, graphql });
      } catch (error) {
        skippedWhy.set(scenario.name, `its variables could not be prepared: ${(error as Error).message}`);
        continue;
      }
      let peerPool: Variables[] | null = null;
      if (peer && 'query' in scenario.peer) {
        peerPool = await scenario.peer.variables({ sql, graphql, peer }, scenarioPool);
        if (peerPool.length !== scenarioPool.length) {
          throw new Error(`${scenario.name}: PostGraphile's pool has ${peerPool.length} sets, newskb's ${scenarioPool.length}`);
        }
      }
      prepared.set(scenario.name, { pool: scenarioPool, peerPool });
    }

    for (const scenario of selected) {
      const entry: ScenarioResult = {
        name: scenario.name,
        title: scenario.title,
        description: scenario.description,
        query: scenario.query,
        depthBound: scenario.depthBound,
        variableSets: 0,
        notes: [],
        checks: { unbatchedMatches: null, floorMatches: null, compared: 0, peerMatches: null },
        results: {},
      };
      if ('unsupported' in scenario.peer) entry.peerUnsupported = scenario.peer.unsupported;
      else if (!scenario.mix) entry.peerQuery = scenario.peer.query;
      scenarioResults.push(entry);

      const parts = scenario.mix ? scenario.mix.map((part) => part.scenario) : [scenario.name];
      const missing = parts.find((name) => !prepared.has(name));
      if (missing) {
        entry.skipped = skippedWhy.get(missing) ?? `${missing} was not prepared`;
        log(`[bench] ${scenario.name}: skipped (${entry.skipped})`);
        continue;
      }

      if (!scenario.mix) {
        const { pool: scenarioPool, peerPool } = prepared.get(scenario.name)!;
        entry.variableSets = scenarioPool.length;
        // Does the API have this scenario's fields? A validation error says it does not (yet).
        const probe = await send(servers.shipped, scenario, scenarioPool[0]);
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

        // Same answers from every variant, on the first few variable sets.
        const compared = Math.min(5, scenarioPool.length);
        let unbatchedMatches = true;
        let floorMatches = true;
        let peerMatches: boolean | null = peerPool ? true : null;
        for (let i = 0; i < compared; i++) {
          const variables = scenarioPool[i];
          const [shipped, unbatched, floor] = await Promise.all(
            (['shipped', 'unbatched', 'floor'] as const).map((v) => send(servers[v], scenario, variables)),
          );
          if (!sameData(shipped.json.data, unbatched.json.data)) unbatchedMatches = false;
          if (!sameData(shipped.json.data, floor.json.data)) {
            if (floorMatches) {
              entry.notes.push(
                `the floor's answer differs from newskb's for ${JSON.stringify(variables)}: newskb ${JSON.stringify(shipped.json.data).slice(0, 300)}… floor ${JSON.stringify(floor.json.data).slice(0, 300)}…`,
              );
            }
            floorMatches = false;
          }
          if (peerPool && 'query' in scenario.peer) {
            const answer = await send(servers.postgraphile, scenario, variables, peerPool[i]);
            const errors: { message: string }[] = answer.json.errors ?? [];
            const mapped = errors.length || !answer.json.data ? null : scenario.peer.toNewskb(answer.json.data);
            if (!sameData(shipped.json.data, mapped)) {
              if (peerMatches) {
                entry.notes.push(
                  `PostGraphile's answer differs from newskb's for ${JSON.stringify(peerPool[i])}: ` +
                    (errors.length
                      ? `errors ${errors.map((e) => e.message).join('; ')}`
                      : `newskb ${JSON.stringify(shipped.json.data).slice(0, 300)}… PostGraphile ${JSON.stringify(mapped).slice(0, 300)}…`),
                );
              }
              peerMatches = false;
            }
          }
        }
        entry.checks = { unbatchedMatches, floorMatches, compared, peerMatches };
        if (!unbatchedMatches) entry.notes.push('DataLoaders off returned different data from newskb.');
      } else {
        entry.variableSets = requestBodies(scenario, 'shipped', prepared).length;
        entry.notes.push("Each component's answers are checked in its own scenario; the mix is not compared again.");
      }

      // The variants this scenario runs on, measured in alternating rounds: each round runs every
      // variant once, the order rotated from round to round, so that a noisy stretch of this
      // shared machine falls on all of them rather than on one.
      const runs = variants.filter((v) => v !== 'postgraphile' || !('unsupported' in scenario.peer));
      const bodies = new Map(runs.map((v) => [v, requestBodies(scenario, v, prepared)]));
      const rounds = new Map<Variant, Measured[]>(runs.map((v) => [v, []]));
      for (let round = 0; round < roundCount; round++) {
        const order = runs.map((_, i) => runs[(i + round) % runs.length]);
        for (const variant of order) {
          const measured = await measure(servers[variant], scenario, bodies.get(variant)!, {
            connections,
            duration,
            warmup: round === 0 ? warmup : 0,
          });
          rounds.get(variant)!.push(measured);
          log(
            `[bench] ${scenario.name} / ${VARIANT_LABELS[variant]} (round ${round + 1}/${roundCount}): ` +
              `${measured.result.requestsPerSecond.toFixed(1)} req/s, p95 ${measured.result.latency.p95.toFixed(2)} ms` +
              (measured.result.cpuMsPerRequest === undefined ? '' : `, ${measured.result.cpuMsPerRequest.toFixed(3)} ms CPU/request`),
          );
        }
      }
      for (const variant of runs) {
        const result = poolRounds(rounds.get(variant)!);
        entry.results[variant] = result;
        log(
          `[bench] ${scenario.name} / ${VARIANT_LABELS[variant]}: ${result.requestsPerSecond.toFixed(1)} req/s, ` +
            `p50 ${result.latency.p50.toFixed(2)} ms, p95 ${result.latency.p95.toFixed(2)} ms, ` +
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
        const searchBodies = requestBodies(scenario, 'shipped', prepared);
        entry.singleClient = (await measure(servers.shipped, scenario, searchBodies, { connections: 1, duration, warmup })).result;
        log(
          `[bench] search / newskb, one client: p50 ${entry.singleClient.latency.p50.toFixed(2)} ms, ` +
            `p95 ${entry.singleClient.latency.p95.toFixed(2)} ms, ${entry.singleClient.requestsPerSecond.toFixed(1)} req/s`,
        );
      }
    }

    const serverPeaks = Object.fromEntries(
      variants.map((v) => {
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
      flags: { duration, warmup, connections, pool, scenarios: wanted, rounds: roundCount },
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
