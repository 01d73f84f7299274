/**
 * What the soak (bench/soak.ts) leaves behind: its section of BENCHMARKS.md, between markers so
 * that the other benchmarks' sections stay as they are, and a chart of p95 latency and server
 * memory over time.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface SoakWindow {
  /** End of the 10-second window, in seconds since the start. */
  second: number;
  requests: number;
  p50: number;
  p95: number;
  errors: number;
}

export interface SoakResults {
  finishedAt: string;
  commit: string;
  minutes: number;
  connections: number;
  /** Requests per second sent (an open load); 0: as fast as the connections go. */
  rate: number;
  note: string | null;
  round: string[];
  requests: number;
  requestsPerSecond: number;
  errors: number;
  /**
   * The seconds of the same load before the measured minutes, reported apart (absent in runs
   * made before there was one): its requests, p95 and errors, and the p95 of the whole run.
   */
  warmup?: { seconds: number; requests: number; p95: number; errors: number; p95WithWarmup: number };
  errorKinds: Record<string, number>;
  timeouts: number;
  latency: { p50: number; p95: number; p99: number; max: number };
  byOperation: Record<string, { requests: number; meanMs: number }>;
  windows: SoakWindow[];
  memory: { second: number; rssMiB: number; heapUsedMiB: number | null }[];
  machine: { cpus: number; cpuModel: string; loadAverageAfter: number[] };
}

const repoRoot = path.resolve(__dirname, '..');
const START = '<!-- soak: written by npm run soak -->';
const END = '<!-- /soak -->';
export const P95_TARGET_MS = 100;
/** "Flat": the last minute's memory floor at most this share above the second minute's. */
export const MEMORY_GROWTH_ALLOWED = 0.1;

const fixed = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : '–');

/**
 * The lowest sample of each minute: what survives garbage collection. A mean would depend on
 * where the samples fall in V8's sawtooth (RSS swings by 100 MiB between collections here),
 * while a leak shows as a floor that rises.
 */
export function memoryFloors(results: SoakResults) {
  return Array.from({ length: results.minutes }, (_, minute) => {
    const samples = results.memory.filter((sample) => sample.second > minute * 60 && sample.second <= (minute + 1) * 60);
    const heaps = samples.flatMap((sample) => (sample.heapUsedMiB === null ? [] : [sample.heapUsedMiB]));
    return {
      minute: minute + 1,
      rssMiB: Math.min(...samples.map((sample) => sample.rssMiB)),
      heapUsedMiB: heaps.length ? Math.min(...heaps) : NaN,
    };
  });
}

/** The second minute's floor (after warm-up) against the last minute's. */
export function memoryTrend(results: SoakResults) {
  const floors = memoryFloors(results);
  const early = floors[Math.min(1, floors.length - 1)];
  const late = floors[floors.length - 1];
  return {
    early: early.rssMiB,
    late: late.rssMiB,
    growth: (late.rssMiB - early.rssMiB) / early.rssMiB,
    earlyHeap: early.heapUsedMiB,
    lateHeap: late.heapUsedMiB,
  };
}

function polyline(points: [number, number][], width: number, height: number, maxX: number, maxY: number, left: number, top: number) {
  return points
    .map(([x, y]) => `${(left + (x / maxX) * width).toFixed(1)},${(top + height - (Math.min(y, maxY) / maxY) * height).toFixed(1)}`)
    .join(' ');
}

/** Two panels over the same time axis: p95 per window against the target, and RSS and heap. */
export function renderSoakChart(results: SoakResults): string {
  const [width, height, left, gap] = [720, 160, 60, 50];
  const maxX = results.minutes * 60;
  const maxLatency = Math.max(P95_TARGET_MS * 1.5, ...results.windows.map((window) => window.p95).filter(Number.isFinite)) * 1.1;
  const maxMemory = Math.max(...results.memory.map((sample) => sample.rssMiB)) * 1.2;
  const top2 = 30 + height + gap;
  const axis = (top: number, maxY: number, unit: string) =>
    [0, 0.5, 1]
      .map(
        (share) =>
          `<text x="${left - 6}" y="${(top + height - share * height + 4).toFixed(1)}" text-anchor="end">${Math.round(share * maxY)} ${unit}</text>`,
      )
      .join('') + `<line x1="${left}" y1="${top + height}" x2="${left + width}" y2="${top + height}" stroke="#999"/>`;
  const minutesAxis = Array.from(
    { length: results.minutes + 1 },
    (_, minute) =>
      `<text x="${(left + ((minute * 60) / maxX) * width).toFixed(1)}" y="${top2 + height + 16}" text-anchor="middle">${minute}</text>`,
  ).join('');
  const targetY = 30 + height - (P95_TARGET_MS / maxLatency) * height;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${left + width + 20}" height="${top2 + height + 40}" font-family="sans-serif" font-size="11">
<text x="${left}" y="18" font-size="13">p95 latency per 10 s (ms); dashed: the ${P95_TARGET_MS} ms target</text>
${axis(30, maxLatency, 'ms')}
<line x1="${left}" y1="${targetY.toFixed(1)}" x2="${left + width}" y2="${targetY.toFixed(1)}" stroke="#c33" stroke-dasharray="4 3"/>
<polyline fill="none" stroke="#36c" stroke-width="1.5" points="${polyline(
    results.windows.map((window) => [window.second, window.p95]),
    width,
    height,
    maxX,
    maxLatency,
    left,
    30,
  )}"/>
<text x="${left}" y="${top2 - 12}" font-size="13">server memory (MiB): RSS (blue), V8 heap used (green)</text>
${axis(top2, maxMemory, 'MiB')}
<polyline fill="none" stroke="#36c" stroke-width="1.5" points="${polyline(
    results.memory.map((sample) => [sample.second, sample.rssMiB]),
    width,
    height,
    maxX,
    maxMemory,
    left,
    top2,
  )}"/>
<polyline fill="none" stroke="#393" stroke-width="1.5" points="${polyline(
    results.memory.filter((sample) => sample.heapUsedMiB !== null).map((sample) => [sample.second, sample.heapUsedMiB!]),
    width,
    height,
    maxX,
    maxMemory,
    left,
    top2,
  )}"/>
${minutesAxis}<text x="${left + width / 2}" y="${top2 + height + 32}" text-anchor="middle">minutes</text>
</svg>
`;
}

export function renderSoakSection(results: SoakResults): string {
  const trend = memoryTrend(results);
  const errorRate = results.errors / Math.max(1, results.requests);
  const warmupErrors = results.warmup?.errors ?? 0;
  const met = (ok: boolean) => (ok ? 'met' : '**not met**');
  const operations = Object.entries(results.byOperation).sort(([a], [b]) => a.localeCompare(b));
  const lines = [
    START,
    '## Soak',
    '',
    `\`npm run soak\`: the server as deployed (\`src/server.ts\`, every limit and plugin on, rate limits off for the one client) on a copy of the bench database in Postgres, ` +
      `${results.minutes} minute${results.minutes === 1 ? '' : 's'} of ` +
      (results.rate > 0 ? `${results.rate} requests per second (sent at that pace whatever the answers') over ` : 'as many requests as ') +
      `${results.connections} connections${results.rate > 0 ? '' : ' can send'}, in turn: ${results.round.join(', ')}.` +
      (results.warmup
        ? ` The same load runs for ${results.warmup.seconds} s before the measured minutes, as the freshly started server compiles its hot paths and Postgres fills its caches; ` +
          `those ${results.warmup.requests.toLocaleString('en-US')} requests (p95 ${fixed(results.warmup.p95)} ms, ${results.warmup.errors} errors) are not in the latency and memory figures below, but their errors would fail the error target. ` +
          `Counted in, the p95 would be ${fixed(results.warmup.p95WithWarmup)} ms.`
        : ''),
    '',
    '| | measured | target | |',
    '| --- | ---: | ---: | --- |',
    `| p95 latency | ${fixed(results.latency.p95)} ms | < ${P95_TARGET_MS} ms | ${met(results.latency.p95 < P95_TARGET_MS)} |`,
    `| error rate | ${fixed(errorRate * 100, 3)} % (${results.errors} of ${results.requests.toLocaleString('en-US')}; ${results.timeouts} timeouts${warmupErrors ? `; ${warmupErrors} more in the warm-up` : ''}) | 0 | ${met(results.errors === 0 && results.timeouts === 0 && warmupErrors === 0)} |`,
    `| server memory floor (lowest RSS of the minute), 2nd → last minute | ${fixed(trend.early, 0)} → ${fixed(trend.late, 0)} MiB (${trend.growth >= 0 ? '+' : ''}${fixed(trend.growth * 100)} %); V8 heap ${fixed(trend.earlyHeap, 0)} → ${fixed(trend.lateHeap, 0)} MiB | flat (at most +${MEMORY_GROWTH_ALLOWED * 100} %) | ${met(trend.growth <= MEMORY_GROWTH_ALLOWED)} |`,
    '',
    `Throughput ${fixed(results.requestsPerSecond)} requests/s; latency p50 ${fixed(results.latency.p50)} ms, p99 ${fixed(results.latency.p99)} ms, max ${fixed(results.latency.max, 0)} ms.`,
    '',
    `Memory floor by minute (RSS / V8 heap used, MiB): ${memoryFloors(results)
      .map((floor) => `${fixed(floor.rssMiB, 0)} / ${fixed(floor.heapUsedMiB, 0)}`)
      .join(', ')}. ` + 'Between collections RSS rises up to about 100 MiB above its floor and falls back (the chart).',
    ...(results.note ? ['', results.note] : []),
    ...(Object.keys(results.errorKinds).length
      ? [
          '',
          `Errors by request and code: ${Object.entries(results.errorKinds)
            .map(([kind, count]) => `${kind} × ${count}`)
            .join('; ')}.`,
        ]
      : []),
    '',
    'Server-side execution time by operation (mean, from its `/metrics`):',
    '',
    '| operation | requests | mean ms |',
    '| --- | ---: | ---: |',
    ...operations.map(([name, { requests, meanMs }]) => `| ${name} | ${requests.toLocaleString('en-US')} | ${fixed(meanMs)} |`),
    '',
    '![p95 latency and server memory over the soak](bench/results/soak.svg)',
    '',
    `Conditions: ${results.machine.cpus} × ${results.machine.cpuModel}; client, server and Postgres share the machine; load average after the run ` +
      `${results.machine.loadAverageAfter.map((load) => load.toFixed(2)).join(' / ')}. Run at ${results.finishedAt}, commit \`${results.commit.slice(0, 12)}\`; ` +
      'raw numbers in [`bench/results/soak-latest.json`](bench/results/soak-latest.json).',
    END,
  ];
  return lines.join('\n');
}

/** Writes the chart and puts the section in BENCHMARKS.md, replacing the previous soak's. */
export function writeSoakReport(results: SoakResults) {
  writeFileSync(path.join(repoRoot, 'bench/results/soak.svg'), renderSoakChart(results));
  const file = path.join(repoRoot, 'BENCHMARKS.md');
  const current = readFileSync(file, 'utf8');
  const section = renderSoakSection(results);
  const start = current.indexOf(START);
  const end = current.indexOf(END);
  const next =
    start >= 0 && end > start
      ? current.slice(0, start) + section + current.slice(end + END.length)
      : `${current.trimEnd()}\n\n${section}\n`;
  writeFileSync(file, next);
}

/** The soak section of the last run, for a report that rewrites BENCHMARKS.md whole. */
export function lastSoakSection(): string | null {
  try {
    return renderSoakSection(JSON.parse(readFileSync(path.join(repoRoot, 'bench/results/soak-latest.json'), 'utf8')) as SoakResults);
  } catch {
    return null;
  }
}
