/**
 * The export benchmark's results file (bench/results/export-latest.json, written by
 * bench/export.ts) and its section of BENCHMARKS.md.
 */

export interface ExportRun {
  format: 'ndjson' | 'csv';
  /** 0 is the unmeasured warm-up run. */
  run: number;
  /** The server's --max-old-space-size, or null for newskb as shipped (no cap). */
  heapLimitMiB: number | null;
  rows: number;
  bytes: number;
  seconds: number;
  rowsPerSecond: number;
  megabytesPerSecond: number;
  /** From sending the request to the first chunk of the body. */
  firstByteMs: number;
  /** The server's VmRSS before the request, after a tenth of the rows, and at its highest (sampled every 20 ms). */
  idleRssMiB: number;
  rssAtTenthMiB: number;
  peakRssMiB: number;
}

export interface GraphQLWalk {
  rows: number;
  requests: number;
  seconds: number;
  rowsPerSecond: number;
  idleRssMiB: number;
  peakRssMiB: number;
}

export interface ExportBenchResults {
  startedAt: string;
  finishedAt: string;
  commit: string;
  machine: {
    cpus: number;
    cpuModel: string;
    node: string;
    postgres: string;
    /** os.loadavg() (1, 5 and 15 minutes) when the run started and ended: other work competing for CPU. */
    loadAverageBefore: number[];
    loadAverageAfter: number[];
  };
  /** What the person who ran it knew of the conditions (--note). */
  note: string | null;
  flags: { runs: number; pool: number };
  statements: number;
  exports: ExportRun[];
  walk: GraphQLWalk | null;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const thousands = (value: number) => Math.round(value).toLocaleString('en-US');
const fixed = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : '–');
const loads = (values: number[]) => values.map((value) => value.toFixed(2)).join(' / ');

/** The "Export" section of BENCHMARKS.md. */
export function renderExportSection(results: ExportBenchResults): string[] {
  const measured = (format: ExportRun['format']) =>
    results.exports.filter((run) => run.format === format && run.run > 0 && run.heapLimitMiB === null);
  const capped = results.exports.filter((run) => run.heapLimitMiB !== null);
  const columns = [measured('ndjson'), measured('csv')];
  const walk = results.walk;
  const cell = (of: (runs: ExportRun[]) => string, ofWalk: (walk: GraphQLWalk) => string) =>
    `| ${columns.map((runs) => (runs.length ? of(runs) : '–')).join(' | ')} | ${walk ? ofWalk(walk) : 'not run'} |`;
  const lines: string[] = [];
  lines.push('### Export: every statement, streamed');
  lines.push('');
  lines.push(
    `\`GET /export/statements.ndjson\` and \`.csv\`: all ${thousands(results.statements)} statements of the bench database, ` +
      "each with its article's URL and title, its speaker's name and role and its span, read to the end by one client " +
      `on 127.0.0.1; ${results.flags.runs} measured runs per format after one unmeasured. Beside them, the same statements ` +
      'and fields paged through GraphQL, `statements(first: 100, after:)`, one request after the other.',
  );
  lines.push('');
  lines.push('| | NDJSON export | CSV export | GraphQL pages of 100 |');
  lines.push('| --- | ---: | ---: | ---: |');
  lines.push(
    `| rows/s (median) ${cell(
      (runs) => `**${thousands(median(runs.map((run) => run.rowsPerSecond)))}**`,
      (w) => thousands(w.rowsPerSecond),
    )}`,
  );
  lines.push(
    `| seconds for all rows (median) ${cell(
      (runs) => fixed(median(runs.map((run) => run.seconds)), 2),
      (w) => fixed(w.seconds, 1),
    )}`,
  );
  lines.push(
    `| MiB/s (median) ${cell(
      (runs) => fixed(median(runs.map((run) => run.megabytesPerSecond))),
      () => '–',
    )}`,
  );
  lines.push(
    `| first byte (ms, median) ${cell(
      (runs) => fixed(median(runs.map((run) => run.firstByteMs)), 0),
      () => '–',
    )}`,
  );
  lines.push(
    `| **server peak RSS** (MiB, highest run) ${cell(
      (runs) => `**${fixed(Math.max(...runs.map((run) => run.peakRssMiB)), 0)}**`,
      (w) => fixed(w.peakRssMiB, 0),
    )}`,
  );
  lines.push('');
  const warmUp = results.exports.find((run) => run.run === 0 && run.heapLimitMiB === null);
  if (warmUp) lines.push(`The server's RSS was ${fixed(warmUp.idleRssMiB, 0)} MiB before its first export.`);
  const [ndjson] = columns;
  if (ndjson.length && walk) {
    lines.push(
      `The NDJSON export delivers the statements ${fixed(median(ndjson.map((run) => run.rowsPerSecond)) / walk.rowsPerSecond, 1)}× as fast as ` +
        `paging through GraphQL (${thousands(walk.requests)} requests).`,
    );
  }
  if (capped.length) {
    const size = Math.max(...capped.map((run) => run.bytes)) / 1024 / 1024;
    lines.push(
      `What the peak is made of: V8 lets its heap grow past what is live before it collects, so part of the rise above is ` +
        `garbage. On a second server started with \`--max-old-space-size=${capped[0].heapLimitMiB}\`, ` +
        capped
          .map(
            (run) =>
              `the ${run.format.toUpperCase()} export (${fixed(run.bytes / 1024 / 1024)} MiB) went through with a peak RSS of ${fixed(run.peakRssMiB, 0)} MiB (${thousands(run.rowsPerSecond)} rows/s: slower, with so little room for the collector)`,
          )
          .join(', and ') +
        `. The idle app itself needs most of that heap (it does not start under 40 MiB), so a server that held an export's rows ` +
        `(${fixed(size)} MiB of output for NDJSON) would have run out of it. Rows come from a Postgres ` +
        'cursor 500 at a time, and the next batch is read only when the client has taken the last.',
    );
  }
  lines.push(
    `Conditions: ${results.machine.cpus} × ${results.machine.cpuModel}, load average (1 / 5 / 15 min) ${loads(results.machine.loadAverageBefore)} ` +
      `before and ${loads(results.machine.loadAverageAfter)} after the run; client, server and Postgres share the machine. ` +
      `Run \`npm run bench:export\` at ${results.finishedAt}, commit \`${results.commit.slice(0, 12)}\`; raw numbers in ` +
      '[`bench/results/export-latest.json`](bench/results/export-latest.json).',
  );
  if (results.note) lines.push(`Note: ${results.note}`);
  lines.push('');
  return lines;
}
