/**
 * The soak: newskb as deployed (src/server.ts, every limit and plugin on) under mixed reads and
 * writes for ten minutes against Postgres, watching latency, errors and the server's memory.
 *
 *   npm run soak -- [--minutes 10] [--warmup 30] [--connections 8] [--rate 80 | --rate 0] [--note "..."]
 *
 * `--rate` is the requests per second sent whatever the answers' pace (an open load, as traffic
 * arrives); 80 is about half of what this machine serves with this mix at saturation. `--rate 0`
 * sends as fast as the connections go, which measures capacity and queueing rather than how
 * the server holds up over time.
 *
 * `--warmup` seconds of the same load come first, right after the server starts: they measure
 * V8 compiling the hot paths and Postgres filling its caches, not how the server holds up, and
 * are reported on their own (their p95, their errors, and the p95 with them included) rather
 * than in the figures of the measured minutes.
 *
 * Copies the bench database (made by npm run bench:data when missing) into newskb_soak, so the
 * writes never touch the benchmark's data, starts the server on it as a child process, and
 * drives it with autocannon. Every response's latency is kept per 10-second window; the server's
 * RSS and V8 heap are sampled every 5 s. Writes bench/results/soak-latest.json, the chart
 * bench/results/soak.svg and the "Soak" section of BENCHMARKS.md.
 */
import autocannon from 'autocannon';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createToken } from '../src/auth/tokens';
import { openDatabase } from '../src/db';
import { gitCommit, log, MIGRATIONS_DIR, parseFlags } from './common';
import { copyBenchDatabase } from './generate';
import { readRssKiB, startDeployedServer } from './servers';
import { writeSoakReport, type SoakResults, type SoakWindow } from './soak-report';

const repoRoot = path.resolve(__dirname, '..');
const WINDOW_MS = 10_000;
const SAMPLE_MS = 5_000;

const flags = parseFlags(process.argv.slice(2), {
  minutes: 'number',
  warmup: 'number',
  connections: 'number',
  rate: 'number',
  note: 'string',
});
const minutes = flags.minutes ?? 10;
const warmupSeconds = flags.warmup ?? 30;
const connections = flags.connections ?? 8;
const rate = flags.rate ?? 80;

async function writeToken(url: string): Promise<string> {
  const database = await openDatabase({ url, migrationsDir: MIGRATIONS_DIR, poolMax: 1 });
  try {
    await database.migrate();
    return (await createToken(database.db, { name: 'soak', scope: 'write' })).token;
  } finally {
    await database.close();
  }
}

async function graphql(origin: string, query: string): Promise<any> {
  const response = await fetch(`${origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  return ((await response.json()) as any).data;
}

/** The reads: what a newsroom frontend and a script ask, over IDs picked from the data. */
async function readRequests(origin: string) {
  const picked = await graphql(origin, '{ articles(first: 100) { nodes { id } } speakers(first: 100) { nodes { id } } }');
  const articleIds: string[] = picked.articles.nodes.map((node: any) => node.id);
  const speakerIds: string[] = picked.speakers.nodes.map((node: any) => node.id);
  const words = ['minister', 'drones', 'budget', 'election', 'strike', 'water', 'talks', 'prices'];
  const pick = <T>(list: T[]) => list[Math.floor(Math.random() * list.length)];
  return [
    {
      name: 'article page',
      variables: () => ({ id: pick(articleIds) }),
      query:
        'query ArticlePage($id: ID!) { node(id: $id) { ... on Article { title publishedAt publisher { name } statements(first: 10) { totalCount nodes { text kind speaker { name country { name } } speakerRole { title } } } } } }',
    },
    {
      name: 'newest articles',
      variables: () => ({}),
      query: 'query Newest { articles(first: 20) { nodes { id title publishedAt publisher { name } } } }',
    },
    {
      name: 'speaker page',
      variables: () => ({ id: pick(speakerIds) }),
      query:
        'query SpeakerPage($id: ID!) { node(id: $id) { ... on Speaker { name country { name } statements(first: 10) { totalCount nodes { text article { title url } } } } } }',
    },
    {
      name: 'quotes by speaker',
      variables: () => ({ speaker: pick(speakerIds) }),
      query:
        'query QuotesBy($speaker: ID!) { statements(first: 20, filter: { speaker: $speaker }) { totalCount nodes { text article { title } } } }',
    },
    {
      name: 'search',
      variables: () => ({ words: pick(words) }),
      query:
        'query Search($words: String!) { search(query: $words, first: 10) { nodes { __typename ... on Statement { text } ... on Article { title } ... on Speaker { name } } } }',
    },
  ];
}

/** The writes: an editor's new speaker, and an article imported with its quotations. */
const writeRequests = [
  {
    name: 'createSpeaker',
    variables: () => ({ input: { name: `Soak Speaker ${randomUUID().slice(0, 8)}` } }),
    query: 'mutation NewSpeaker($input: CreateSpeakerInput!) { createSpeaker(input: $input) { __typename ... on UserError { message } } }',
  },
  {
    name: 'importArticle',
    variables: () => {
      const id = randomUUID();
      return {
        input: {
          url: `https://soak.example/${id}`,
          title: `Soak ${id.slice(0, 8)}`,
          body: `Mayor Lena Brandt said: "The tram line ${id.slice(0, 4)} opens in May." She added: "Fares will not rise this year."`,
        },
      };
    },
    query: 'mutation Import($input: ImportArticleInput!) { importArticle(input: $input) { __typename ... on UserError { message } } }',
  },
];

function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)];
}

async function main() {
  const url = await copyBenchDatabase('newskb_soak');
  const token = await writeToken(url);
  const server = await startDeployedServer(url);
  const pid = server.child.pid!;
  const reads = await readRequests(server.origin);
  // One round, over and over on each connection: six reads (the article page twice, the page
  // most visited) and two writes, a quarter of the requests.
  const round = [
    ...[reads[0], ...reads].map((read) => ({ ...read, token: undefined as string | undefined })),
    ...writeRequests.map((write) => ({ ...write, token })),
  ];

  const warmupStartedAt = Date.now();
  const startedAt = warmupStartedAt + warmupSeconds * 1000;
  const warmup = { latencies: [] as number[], errors: 0 };
  let metricsAtStart = '';
  const warmupTimer = setTimeout(async () => {
    metricsAtStart = await fetch(`${server.origin}/metrics`).then(
      (response) => response.text(),
      () => '',
    );
  }, warmupSeconds * 1000);
  const windows: { latencies: number[]; errors: number }[] = [];
  const windowAt = (time: number) => {
    const index = Math.floor((time - startedAt) / WINDOW_MS);
    while (windows.length <= index) windows.push({ latencies: [], errors: 0 });
    return windows[index];
  };
  const memory: { second: number; rssMiB: number; heapUsedMiB: number | null }[] = [];
  const sampler = setInterval(async () => {
    if (Date.now() < startedAt) return;
    const rss = readRssKiB(pid, 'VmRSS');
    const metrics = await fetch(`${server.origin}/metrics`).then(
      (response) => response.text(),
      () => '',
    );
    const heap = /^newskb_nodejs_heap_size_used_bytes (\d+(?:\.\d+)?)/m.exec(metrics);
    if (rss)
      memory.push({
        second: Math.round((Date.now() - startedAt) / 1000),
        rssMiB: rss / 1024,
        heapUsedMiB: heap ? Number(heap[1]) / 1024 / 1024 : null,
      });
  }, SAMPLE_MS);

  log(
    `[soak] ${warmupSeconds} s of warm-up, then ${minutes} min, ${rate > 0 ? `${rate} requests/s over ` : ''}${connections} connections, ${writeRequests.length} writes in every ${round.length} requests, server pid ${pid}`,
  );
  const errorsSeen = new Map<string, number>();
  const options: autocannon.Options = {
    url: server.origin,
    connections,
    duration: warmupSeconds + minutes * 60,
    ...(rate > 0 ? { overallRate: rate } : {}),
    requests: round.map((request) => ({
      method: 'POST',
      path: '/graphql',
      headers: { 'content-type': 'application/json', ...(request.token ? { authorization: `Bearer ${request.token}` } : {}) },
      setupRequest: (req: any) => ({ ...req, body: JSON.stringify({ query: request.query, variables: request.variables() }) }),
      onResponse: (status: number, body: string) => {
        const failed = status !== 200 || body.includes('"errors"') || body.includes('"message"');
        const window = Date.now() < startedAt ? warmup : windowAt(Date.now());
        if (failed) {
          window.errors += 1;
          const key = `${request.name}: ${status} ${/"code":"(\w+)"/.exec(body)?.[1] ?? /"__typename":"(\w+)"/.exec(body)?.[1] ?? ''}`;
          errorsSeen.set(key, (errorsSeen.get(key) ?? 0) + 1);
        }
      },
    })),
  };
  let sent = 0;
  const progress = setInterval(() => log(`[soak] ${Math.round((Date.now() - warmupStartedAt) / 1000)} s, ${sent} responses`), 60_000);
  const summary = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
    instance.on('response', (_client, _status, _bytes, responseTime) => {
      (Date.now() < startedAt ? warmup : windowAt(Date.now())).latencies.push(responseTime);
      sent += 1;
    });
  });
  clearInterval(sampler);
  clearInterval(progress);
  clearTimeout(warmupTimer);
  const byOperation = serverTimeByOperation(await fetch(`${server.origin}/metrics`).then((response) => response.text()), metricsAtStart);
  server.child.kill('SIGTERM');

  const all = windows.flatMap((window) => window.latencies).sort((a, b) => a - b);
  const warmupSorted = [...warmup.latencies].sort((a, b) => a - b);
  const withWarmup = [...warmupSorted, ...all].sort((a, b) => a - b);
  const soakWindows: SoakWindow[] = windows.map((window, index) => {
    const sorted = [...window.latencies].sort((a, b) => a - b);
    return {
      second: ((index + 1) * WINDOW_MS) / 1000,
      requests: sorted.length,
      p50: percentile(sorted, 0.5),
      p95: percentile(sorted, 0.95),
      errors: window.errors,
    };
  });
  const results: SoakResults = {
    finishedAt: new Date().toISOString(),
    commit: gitCommit(),
    minutes,
    connections,
    rate,
    note: flags.note ?? null,
    round: round.map((request) => request.name),
    requests: all.length,
    requestsPerSecond: all.length / (minutes * 60),
    errors: soakWindows.reduce((total, window) => total + window.errors, 0),
    warmup: {
      seconds: warmupSeconds,
      requests: warmupSorted.length,
      p95: percentile(warmupSorted, 0.95),
      errors: warmup.errors,
      p95WithWarmup: percentile(withWarmup, 0.95),
    },
    errorKinds: Object.fromEntries(errorsSeen),
    timeouts: summary.timeouts,
    latency: { p50: percentile(all, 0.5), p95: percentile(all, 0.95), p99: percentile(all, 0.99), max: all[all.length - 1] },
    byOperation,
    windows: soakWindows,
    memory,
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', loadAverageAfter: os.loadavg() },
  };
  writeFileSync(path.join(repoRoot, 'bench/results/soak-latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  writeSoakReport(results);
  log(
    `[soak] p95 ${results.latency.p95.toFixed(1)} ms, ${results.errors} errors in ${results.requests} requests; wrote bench/results/soak-latest.json, soak.svg and BENCHMARKS.md`,
  );
}

/**
 * Mean execution time per operation as the server measured it (its Prometheus histogram): the
 * client sees one latency per response, not which of the round's requests it was.
 */
function serverTimeByOperation(metrics: string, metricsAtStart: string): Record<string, { requests: number; meanMs: number }> {
  const read = (text: string, suffix: 'sum' | 'count') =>
    new Map(
      [
        ...text.matchAll(new RegExp(`^graphql_envelop_request_duration_${suffix}\\{operationName="(\\w+)"[^}]*\\} ([\\d.e+-]+)$`, 'gm')),
      ].map((match) => [match[1], Number(match[2])]),
    );
  // The warm-up's requests are taken out: the counters at the end minus those at its end.
  const since = (suffix: 'sum' | 'count') => {
    const before = read(metricsAtStart, suffix);
    return new Map([...read(metrics, suffix)].map(([name, value]) => [name, value - (before.get(name) ?? 0)]));
  };
  const sums = since('sum');
  return Object.fromEntries(
    [...since('count')]
      .filter(([, count]) => count > 0)
      .map(([name, count]) => [name, { requests: count, meanMs: ((sums.get(name) ?? 0) / count) * 1000 }]),
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
