/**
 * The benchmark's results file and what is made from it: BENCHMARKS.md and an SVG bar chart.
 * `tsx bench/report.ts [results.json]` rewrites both from a results file (latest.json by default).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { log } from './common';
import { renderExportSection, type ExportBenchResults } from './export-report';
import { lastSoakSection } from './soak-report';

export const VARIANTS = ['shipped', 'postgraphile', 'unbatched', 'floor'] as const;
export type Variant = (typeof VARIANTS)[number];

export const VARIANT_LABELS: Record<Variant, string> = {
  shipped: 'newskb',
  postgraphile: 'PostGraphile v4',
  unbatched: 'DataLoaders off',
  floor: 'floor',
};

/** Scenarios the issue's PostGraphile target covers (≥ 1.2× its req/s, p95 no worse). */
export const PEER_TARGET_SCENARIOS = ['lookup', 'list', 'nested', 'speaker', 'mixed'];
export const PEER_TARGET_RATIO = 1.2;

export interface Latency {
  /** Milliseconds, computed from every 2xx response time autocannon reported. */
  p50: number;
  p90: number;
  p95: number;
  p97_5: number;
  p99: number;
  mean: number;
  max: number;
  /** autocannon's own summary (whole milliseconds), for reference. */
  autocannon: { p50: number; p97_5: number; p99: number; average: number };
}

export interface VariantResult {
  requestsPerSecond: number;
  requestsPerSecondStddev: number;
  completedRequests: number;
  durationSeconds: number;
  latency: Latency;
  non2xx: number;
  socketErrors: number;
  timeouts: number;
  /** 2xx responses whose body holds a GraphQL "errors" key. */
  graphqlErrors: number;
  /** From the server's /__bench/stats deltas. */
  serverRequests: number;
  sqlStatements: number;
  sqlPerRequest: number;
  /**
   * The server process's CPU time (user + system) per request it answered, ms, from /proc: the
   * figure the machine's other work moves least. Postgres' own CPU is not in it.
   */
  cpuMsPerRequest?: number;
  /** Highest VmRSS sampled every 100 ms during the measurement, MiB. */
  peakRssMiB: number;
  /** requests/s of each alternating round, in the order they ran (the figures above pool them). */
  roundsRequestsPerSecond?: number[];
}

export interface ScenarioResult {
  name: string;
  title: string;
  description: string;
  query: string;
  depthBound: { statements: number; exact: boolean; why: string };
  variableSets: number;
  skipped?: string;
  notes: string[];
  checks: {
    unbatchedMatches: boolean | null;
    floorMatches: boolean | null;
    compared: number;
    /** PostGraphile's answers mapped to newskb's shape; null when not compared. */
    peerMatches?: boolean | null;
  };
  /** Why PostGraphile has no column in this scenario. */
  peerUnsupported?: string;
  /** PostGraphile's query for this scenario. */
  peerQuery?: string;
  results: Partial<Record<Variant, VariantResult>>;
  /**
   * newskb with one connection: the latency of a request on its own. Under 10 connections on two
   * cores, latency is mostly time spent queueing behind the other nine.
   */
  singleClient?: VariantResult;
}

export interface Target {
  name: string;
  goal: string;
  measured: string;
  met: boolean | null;
}

export interface BenchResults {
  startedAt: string;
  finishedAt: string;
  git: { commit: string; dirty: string[] };
  machine: {
    cpus: number;
    cpuModel: string;
    memoryGiB: number;
    os: string;
    node: string;
    postgres: string;
    postgresSettings: Record<string, string>;
  };
  packages: Record<string, string>;
  flags: {
    duration: number;
    warmup: number;
    connections: number;
    pool: number;
    scenarios: string[];
    rounds?: number;
    /** When the file joins the scenarios of more than one run: which ran when, and how. */
    note?: string;
  };
  data: { generatedAt: string | null; flags: Record<string, number> | null; counts: Record<string, number> };
  servers: Record<Variant, { lifetimePeakRssMiB: number | null }>;
  scenarios: ScenarioResult[];
  targets: Target[];
}

const fixed = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : '–');
const thousands = (value: number) => Math.round(value).toLocaleString('en-US');
const ratio = (a: number | undefined, b: number | undefined) => (a && b ? `${fixed(a / b, 2)}×` : '–');

/** The targets from the issue, judged on a run's numbers. */
export function judgeTargets(scenarios: ScenarioResult[]): Target[] {
  const byName = new Map(scenarios.map((s) => [s.name, s]));
  const targets: Target[] = [];
  const nested = byName.get('nested');
  const n = nested?.results;
  if (n?.shipped && n.unbatched) {
    const r = n.shipped.requestsPerSecond / n.unbatched.requestsPerSecond;
    targets.push({ name: 'nested: throughput vs DataLoaders off', goal: '≥ 10× req/s', measured: `${fixed(r, 1)}×`, met: r >= 10 });
  } else {
    targets.push({ name: 'nested: throughput vs DataLoaders off', goal: '≥ 10× req/s', measured: 'not run', met: null });
  }
  if (n?.shipped && n.floor) {
    const r = n.shipped.requestsPerSecond / n.floor.requestsPerSecond;
    targets.push({ name: 'nested: throughput vs floor', goal: '≥ 0.5× req/s', measured: `${fixed(r, 2)}×`, met: r >= 0.5 });
  } else {
    targets.push({ name: 'nested: throughput vs floor', goal: '≥ 0.5× req/s', measured: 'not run', met: null });
  }
  for (const name of PEER_TARGET_SCENARIOS) {
    const scenario = byName.get(name);
    const shipped = scenario?.results.shipped;
    const peer = scenario?.results.postgraphile;
    const goal = `≥ ${PEER_TARGET_RATIO}× req/s, p95 no worse`;
    if (!shipped || !peer) {
      targets.push({ name: `${name}: newskb vs PostGraphile v4`, goal, measured: 'not run', met: null });
      continue;
    }
    const r = shipped.requestsPerSecond / peer.requestsPerSecond;
    targets.push({
      name: `${name}: newskb vs PostGraphile v4`,
      goal,
      measured: `${fixed(r, 2)}× req/s; p95 ${fixed(shipped.latency.p95)} vs ${fixed(peer.latency.p95)} ms`,
      met: r >= PEER_TARGET_RATIO && shipped.latency.p95 <= peer.latency.p95,
    });
  }
  for (const scenario of scenarios) {
    const shipped = scenario.results.shipped;
    const bound = scenario.depthBound;
    const goal = `${bound.exact ? '=' : '≤'} ${bound.statements} (${bound.why})`;
    if (!shipped || scenario.skipped) {
      targets.push({
        name: `${scenario.name}: SQL statements per request`,
        goal,
        measured: scenario.skipped ? 'skipped' : 'not run',
        met: null,
      });
      continue;
    }
    const measured = shipped.sqlPerRequest;
    const met = bound.exact ? Math.abs(measured - bound.statements) < 0.005 : measured <= bound.statements + 0.005;
    targets.push({ name: `${scenario.name}: SQL statements per request`, goal, measured: fixed(measured, 2), met });
  }
  const search = byName.get('search');
  if (search?.results.shipped && !search.skipped) {
    const single = search.singleClient?.latency;
    const loaded = search.results.shipped.latency;
    targets.push({
      name: 'search: latency p95 (one client)',
      goal: '< 30 ms',
      measured: single ? `p95 ${fixed(single.p95)} ms (p50 ${fixed(single.p50)} ms)` : 'not run',
      met: single ? single.p95 < 30 : null,
    });
    targets.push({
      name: 'search: latency p95 (10 connections, saturated)',
      goal: '< 30 ms',
      measured: `p95 ${fixed(loaded.p95)} ms (p97.5 ${fixed(loaded.p97_5)} ms)`,
      met: loaded.p95 < 30,
    });
  } else {
    targets.push({ name: 'search: latency p95', goal: '< 30 ms', measured: search?.skipped ? 'skipped' : 'not run', met: null });
  }
  return targets;
}

const verdict = (met: boolean | null) => (met === null ? '–' : met ? '**met**' : '**not met**');

export function renderMarkdown(results: BenchResults, chartPath: string): string {
  const lines: string[] = [];
  const { machine, flags, data } = results;
  lines.push('# Benchmarks');
  lines.push('');
  lines.push(
    `_Generated by \`npm run bench\` (bench/run.ts) on ${results.finishedAt.slice(0, 10)}; raw numbers in ` +
      '[`bench/results/latest.json`](bench/results/latest.json). Rerun to refresh this file; do not edit it by hand._',
  );
  lines.push('');
  lines.push('## Results');
  lines.push('');
  lines.push(`![Requests per second by scenario](${chartPath})`);
  lines.push('');
  lines.push('### Targets');
  lines.push('');
  lines.push('| target | goal | measured | verdict |');
  lines.push('| --- | --- | --- | --- |');
  for (const target of results.targets) {
    lines.push(`| ${target.name} | ${target.goal} | ${target.measured} | ${verdict(target.met)} |`);
  }
  lines.push('');
  lines.push(
    'Latency percentiles are computed from every 2xx response time autocannon reports (its ' +
      "`response` event, sub-millisecond resolution), so the p95 above is a real p95; autocannon's " +
      'own summary only offers p50, p97.5 and p99 in whole milliseconds, and those are kept in the JSON.',
  );
  lines.push('');

  for (const scenario of results.scenarios) {
    lines.push(`### ${scenario.title}`);
    lines.push('');
    lines.push(scenario.description);
    lines.push('');
    lines.push('```graphql');
    lines.push(scenario.query);
    lines.push('```');
    lines.push('');
    if (scenario.skipped) {
      lines.push(`**Skipped:** ${scenario.skipped}`);
      lines.push('');
      continue;
    }
    const r = scenario.results;
    const cell = (f: (v: VariantResult) => string) => VARIANTS.map((variant) => (r[variant] ? f(r[variant]!) : '–'));
    const row = (label: string, f: (v: VariantResult) => string) => lines.push(`| ${label} | ${cell(f).join(' | ')} |`);
    lines.push(`| | ${VARIANTS.map((v) => VARIANT_LABELS[v]).join(' | ')} |`);
    lines.push(`| --- |${VARIANTS.map(() => ' ---: |').join('')}`);
    row('requests/s (mean of 1 s samples)', (v) => thousands(v.requestsPerSecond));
    row('latency p50 (ms)', (v) => fixed(v.latency.p50, 2));
    row('latency p95 (ms)', (v) => fixed(v.latency.p95, 2));
    row('latency p99 (ms)', (v) => fixed(v.latency.p99, 2));
    row('SQL statements per request', (v) => fixed(v.sqlPerRequest, 2));
    row('server CPU per request (ms, Postgres not counted)', (v) => (v.cpuMsPerRequest === undefined ? '–' : fixed(v.cpuMsPerRequest, 3)));
    row('peak RSS (MiB)', (v) => fixed(v.peakRssMiB, 0));
    row('requests completed', (v) => thousands(v.completedRequests));
    row('errors (non-2xx / GraphQL / socket+timeouts)', (v) => `${v.non2xx} / ${v.graphqlErrors} / ${v.socketErrors + v.timeouts}`);
    row('requests/s in each round', (v) => (v.roundsRequestsPerSecond ?? []).map((x) => thousands(x)).join(', '));
    lines.push('');
    lines.push(
      `newskb ÷ PostGraphile v4: **${ratio(r.shipped?.requestsPerSecond, r.postgraphile?.requestsPerSecond)}** req/s` +
        (r.shipped?.cpuMsPerRequest && r.postgraphile?.cpuMsPerRequest
          ? ` (PostGraphile's server CPU per request ÷ newskb's: **${ratio(r.postgraphile.cpuMsPerRequest, r.shipped.cpuMsPerRequest)}**)`
          : '') +
        '; ' +
        `newskb ÷ DataLoaders off: **${ratio(r.shipped?.requestsPerSecond, r.unbatched?.requestsPerSecond)}** req/s; ` +
        `newskb ÷ floor: **${ratio(r.shipped?.requestsPerSecond, r.floor?.requestsPerSecond)}** req/s. ` +
        `Depth bound: ${scenario.depthBound.exact ? '' : 'at most '}${scenario.depthBound.statements} statements (${scenario.depthBound.why}).`,
    );
    const checks: string[] = [];
    if (scenario.checks.unbatchedMatches !== null) {
      checks.push(`DataLoaders off ${scenario.checks.unbatchedMatches ? 'returned the same data' : 'returned **different** data'}`);
    }
    if (scenario.checks.floorMatches !== null) {
      checks.push(`the floor ${scenario.checks.floorMatches ? 'returned the same data' : 'returned **different** data'}`);
    }
    if (scenario.checks.peerMatches !== null && scenario.checks.peerMatches !== undefined) {
      checks.push(
        `PostGraphile ${scenario.checks.peerMatches ? "returned the same data (mapped to newskb's field names)" : 'returned **different** data'}`,
      );
    }
    if (checks.length) lines.push(`Checked on ${scenario.checks.compared} variable sets before the run: ${checks.join('; ')}.`);
    if (scenario.singleClient) {
      const { latency, requestsPerSecond } = scenario.singleClient;
      lines.push(
        `With one client instead of the connections above, newskb answers in p50 ${fixed(latency.p50, 2)} ms, p95 ${fixed(latency.p95, 2)} ms ` +
          `(${fixed(requestsPerSecond)} req/s): the latency of a search on its own, without queueing.`,
      );
    }
    if (scenario.peerUnsupported) lines.push(`PostGraphile v4: no column, ${scenario.peerUnsupported}.`);
    for (const note of scenario.notes) lines.push(`Note: ${note}`);
    if (scenario.peerQuery) {
      lines.push('');
      lines.push("<details><summary>PostGraphile v4's query</summary>");
      lines.push('');
      lines.push('```graphql');
      lines.push(scenario.peerQuery);
      lines.push('```');
      lines.push('');
      lines.push('</details>');
    }
    lines.push('');
  }

  // npm run bench:export measures the streaming exports and keeps its own results file.
  const exportResults = path.resolve('bench/results/export-latest.json');
  if (existsSync(exportResults)) lines.push(...renderExportSection(JSON.parse(readFileSync(exportResults, 'utf8')) as ExportBenchResults));

  // npm run soak keeps its own results too; its section is written between markers.
  const soak = lastSoakSection();
  if (soak) lines.push(soak, '');

  // What was tried and kept or dropped is written by hand, from measurements, in bench/FINDINGS.md.
  const findings = path.resolve('bench/FINDINGS.md');
  if (existsSync(findings)) {
    lines.push(readFileSync(findings, 'utf8').trim());
    lines.push('');
  }

  lines.push('## Method');
  lines.push('');
  lines.push(
    '- **Data.** `npm run bench:data` drops and regenerates the bench database (`BENCH_DATABASE_URL`, default ' +
      '`postgres://root@127.0.0.1:5432/newskb_bench`): the migrations, the seed (all 249 countries and the seed ' +
      'article), then deterministic generated data (mulberry32, seed ' +
      `${data.flags?.seed ?? '?'}): organizations of every kind with 1–60 member countries each (most small), ` +
      'speakers with 1–3 dated roles, articles published 2015–2025 by media organizations, about ten statements ' +
      'per article whose spans point into the body, speakers drawn Zipf-like (a few prolific, a long tail), and 0–4 ' +
      'mentions per statement (a few countries far more often than the rest). The text is made of news words ' +
      '(drones, sanctions, ceasefire, Russia, Ukraine, United Nations...).',
  );
  lines.push(
    `- **Rows:** ${Object.entries(data.counts)
      .map(([table, count]) => `${table} ${thousands(count)}`)
      .join(', ')}.`,
  );
  lines.push(
    '- **Variants**, each its own Node process on 127.0.0.1 with a pool of ' +
      `${flags.pool} Postgres connections: **newskb** is \`createApp({ db })\`, exactly what \`npm start\` serves; ` +
      '**PostGraphile v4** (bench/peers/postgraphile: PostGraphile 4.14 on graphql 15, its own package.json and lockfile, ' +
      "installed by the benchmark with `npm ci --prefix bench/peers/postgraphile`, never by the project's `npm ci`) runs " +
      'on the same database with its defaults plus what a deployment sets (no GraphiQL, no schema watching, no query ' +
      "log), postgraphile-plugin-connection-filter with relation filters (the speaker-by-date filter on the article's " +
      "date) and `orderByNullsLast` (so its article pages are newskb's); the runner adds the index its article order " +
      "needs (`bench_peer_articles_published_at_idx`, as newskb's migration 0002 has one for its own). Its queries use " +
      'its default naming (articleById, allArticles, organizationByPublisherId, statementsByArticleId...) and its ' +
      "answers are mapped to newskb's field names and compared; " +
      '**DataLoaders off** is `createApp({ db, loaderOptions: { batch: false } })`, one SQL statement per key (the ' +
      'N+1 baseline); **floor** is a plain `node:http` server on postgres.js answering each scenario with one ' +
      'hand-written SQL statement (LATERAL joins and `json_agg` do the nesting), serialised with `JSON.stringify`, ' +
      "no GraphQL: the practical ceiling (bench/floor.ts). The floor's connections set `plan_cache_mode = " +
      "force_custom_plan`, so each statement is planned for its actual values; newskb keeps Postgres' default, " +
      'under which a prepared statement may switch to a generic plan after five runs.',
  );
  lines.push(
    `- **Load.** autocannon (as a library), ${flags.connections} connections, no pipelining, ${flags.warmup} s warm-up ` +
      `then ${flags.duration} s measured per scenario, variant and round, in ${flags.rounds ?? 1} alternating round(s): each round ` +
      'runs every variant once, the order rotated from one round to the next, and the figures pool the rounds (req/s the ' +
      'mean of the rounds, percentiles over every response). Requests cycle through a pool of variables ' +
      '(100 article IDs, 50 pages, 50 filter combinations, 20 search queries, 60 speaker periods) so that no single row stays hot.',
  );
  lines.push(
    "- **Measured.** requests/s is autocannon's mean of its per-second samples; latencies are percentiles of every " +
      "2xx response time; SQL statements per request are deltas of the servers' own counters (the `onQuery` hook " +
      'of `openDatabase`, or each query the floor sends) over the requests the server received; peak RSS is the ' +
      'highest VmRSS of the server process, sampled every 100 ms during the measurement; server CPU per request is ' +
      "the server process's user + system time (/proc/<pid>/stat, 10 ms ticks) over the same window divided by the " +
      "requests it received, Postgres' own CPU not counted (PostGraphile and the floor leave more of the work to " +
      'Postgres, so the figure flatters them on nested pages). Before measuring, each ' +
      "scenario's first few variable sets are sent to every variant and the data compared.",
  );
  lines.push(
    `- **Caveat.** One machine with ${machine.cpus} CPUs runs the load generator, the server and Postgres at once, ` +
      'so they compete for CPU: absolute numbers are lower than on separate machines, and ratios between variants ' +
      'measured in the same alternating rounds are the more meaningful figures; when other work shares the machine ' +
      "(other engineers' test suites and builds), absolute req/s are lower still and only the ratios carry. Before rounds existed, on this 2-CPU machine a second run of the same " +
      'scenarios gave absolute req/s up to a third apart (nested on the floor: 270 then 363), while the ratios ' +
      'between variants moved by a few percent (newskb ÷ DataLoaders off 4.1× both times, newskb ÷ floor 0.28× then 0.26×).',
  );
  lines.push('');
  lines.push('## Machine');
  lines.push('');
  lines.push(`- CPU: ${machine.cpus} × ${machine.cpuModel}`);
  lines.push(`- Memory: ${fixed(machine.memoryGiB, 1)} GiB`);
  lines.push(`- OS: ${machine.os}`);
  lines.push(`- Node.js ${machine.node}`);
  lines.push(`- ${machine.postgres}`);
  if (machine.postgresSettings) {
    lines.push(
      `- Postgres settings (defaults, untuned): ${Object.entries(machine.postgresSettings)
        .map(([name, value]) => `${name} ${value}`)
        .join(', ')}`,
    );
  }
  lines.push(
    `- Packages: ${Object.entries(results.packages)
      .map(([name, version]) => `${name} ${version}`)
      .join(', ')}`,
  );
  lines.push(
    `- Code: commit \`${results.git.commit.slice(0, 12)}\`${results.git.dirty.length ? ` with uncommitted changes in ${results.git.dirty.join(', ')}` : ''}`,
  );
  lines.push(
    `- Run: \`npm run bench -- --duration ${flags.duration} --connections ${flags.connections} --rounds ${flags.rounds ?? 1}\`, ${results.startedAt} to ${results.finishedAt}` +
      (flags.note ? ` (${flags.note})` : ''),
  );
  lines.push('');
  lines.push('## Reproduce');
  lines.push('');
  lines.push('```sh');
  lines.push('npm run bench:data          # once: ~10k articles, 100k statements (about half a minute)');
  lines.push('npm run bench               # all scenarios, 10 s each per variant; --quick for 3 s');
  lines.push('npm run bench -- --scenarios nested,search --duration 20 --connections 20');
  lines.push('npm run bench:export        # the streaming exports of all statements: rows/s and server memory');
  lines.push('npm run bench:profile       # CPU profiles of newskb per scenario (bench/results/profiles), summarised by phase');
  lines.push('```');
  lines.push('');
  lines.push(
    'Flags: `--duration` seconds per scenario and variant (10), `--connections` (10), `--quick` (3 s), ' +
      '`--scenarios a,b`, `--skip-data` (use the database as it is), `--pool` (10), `--warmup` seconds (3), ' +
      '`--rounds` alternating rounds (2), `--skip-peer` (no PostGraphile). ' +
      'Results go to `bench/results/<timestamp>.json` and `bench/results/latest.json`; this file and ' +
      '`bench/results/chart.svg` are rewritten from them.',
  );
  lines.push('');
  return lines.join('\n');
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Grouped bars, requests/s on a log scale (the variants differ by orders of magnitude). */
export function renderChart(results: BenchResults): string {
  const scenarios = results.scenarios.filter((s) => !s.skipped && Object.keys(s.results).length);
  const colors: Record<Variant, string> = { shipped: '#2f6fde', postgraphile: '#16a34a', unbatched: '#d9822b', floor: '#6b7280' };
  const width = Math.max(520, 120 + scenarios.length * 150);
  const height = 380;
  const left = 70;
  const top = 50;
  const plotHeight = 250;
  const bottom = top + plotHeight;
  const values = scenarios.flatMap((s) => VARIANTS.map((v) => s.results[v]?.requestsPerSecond ?? 0)).filter((v) => v > 0);
  const maxLog = Math.ceil(Math.log10(Math.max(10, ...values)));
  const minLog = Math.min(0, Math.floor(Math.log10(Math.min(...values, 10))));
  const y = (value: number) => bottom - ((Math.log10(Math.max(value, 10 ** minLog)) - minLog) / (maxLog - minLog)) * plotHeight;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
  );
  parts.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  parts.push(`<text x="${left}" y="24" font-size="15" font-weight="bold">Requests per second (log scale, higher is better)</text>`);
  for (let p = minLog; p <= maxLog; p++) {
    const gy = y(10 ** p);
    parts.push(`<line x1="${left}" x2="${width - 20}" y1="${gy}" y2="${gy}" stroke="#e5e7eb"/>`);
    parts.push(`<text x="${left - 8}" y="${gy + 4}" text-anchor="end" fill="#6b7280">${thousands(10 ** p)}</text>`);
  }
  parts.push(`<line x1="${left}" x2="${width - 20}" y1="${bottom}" y2="${bottom}" stroke="#9ca3af"/>`);
  const groupWidth = (width - left - 20) / Math.max(1, scenarios.length);
  const barWidth = Math.min(36, (groupWidth - 30) / VARIANTS.length);
  scenarios.forEach((scenario, i) => {
    const groupLeft = left + i * groupWidth + (groupWidth - barWidth * VARIANTS.length) / 2;
    VARIANTS.forEach((variant, j) => {
      const value = scenario.results[variant]?.requestsPerSecond;
      if (!value) return;
      const x = groupLeft + j * barWidth;
      const barTop = y(value);
      parts.push(
        `<rect x="${x.toFixed(1)}" y="${barTop.toFixed(1)}" width="${(barWidth - 4).toFixed(1)}" height="${(bottom - barTop).toFixed(1)}" fill="${colors[variant]}"><title>${escapeXml(`${scenario.name}, ${VARIANT_LABELS[variant]}: ${thousands(value)} req/s`)}</title></rect>`,
      );
      parts.push(
        `<text x="${(x + (barWidth - 4) / 2).toFixed(1)}" y="${(barTop - 4).toFixed(1)}" text-anchor="middle" font-size="10" fill="#111827">${thousands(value)}</text>`,
      );
    });
    parts.push(
      `<text x="${(left + i * groupWidth + groupWidth / 2).toFixed(1)}" y="${bottom + 18}" text-anchor="middle" font-weight="bold">${escapeXml(scenario.name)}</text>`,
    );
  });
  VARIANTS.forEach((variant, j) => {
    const x = left + j * 150;
    parts.push(`<rect x="${x}" y="${height - 30}" width="12" height="12" fill="${colors[variant]}"/>`);
    parts.push(`<text x="${x + 18}" y="${height - 20}">${escapeXml(VARIANT_LABELS[variant])}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}

/** A markdown file's `## ` sections: its title line and everything up to the next one. */
function h2Sections(markdown: string): { title: string; text: string }[] {
  const sections: { title: string; text: string }[] = [];
  const lines = markdown.split('\n');
  let current: { title: string; lines: string[] } | null = null;
  let fenced = false;
  for (const line of lines) {
    if (line.startsWith('```')) fenced = !fenced;
    if (!fenced && line.startsWith('## ')) {
      if (current) sections.push({ title: current.title, text: current.lines.join('\n') });
      current = { title: line.slice(3).trim(), lines: [line] };
    } else if (current) {
      current.lines.push(line);
    }
  }
  if (current) sections.push({ title: current.title, text: current.lines.join('\n') });
  return sections;
}

/**
 * Sections other benchmarks wrote into BENCHMARKS.md by hand (## headings this report does not
 * produce) are kept, in their order, after the generated ones.
 */
export function keepOtherSections(generated: string, existing: string | null): string {
  if (!existing) return generated;
  const ours = new Set(h2Sections(generated).map((section) => section.title));
  const theirs = h2Sections(existing).filter((section) => !ours.has(section.title));
  if (!theirs.length) return generated;
  return `${generated.trimEnd()}\n\n${theirs.map((section) => section.text.trimEnd()).join('\n\n')}\n`;
}

/** Writes BENCHMARKS.md and the chart from a results file's contents. */
export function writeReport(results: BenchResults, repoRoot: string) {
  const chartFile = path.join(repoRoot, 'bench', 'results', 'chart.svg');
  writeFileSync(chartFile, renderChart(results));
  const file = path.join(repoRoot, 'BENCHMARKS.md');
  const existing = existsSync(file) ? readFileSync(file, 'utf8') : null;
  writeFileSync(file, keepOtherSections(renderMarkdown(results, 'bench/results/chart.svg'), existing));
  log(`[bench] wrote BENCHMARKS.md and ${path.relative(repoRoot, chartFile)}`);
}

if (require.main === module) {
  const repoRoot = path.resolve(__dirname, '..');
  const file = process.argv[2] ?? path.join(repoRoot, 'bench', 'results', 'latest.json');
  writeReport(JSON.parse(readFileSync(file, 'utf8')) as BenchResults, repoRoot);
}
