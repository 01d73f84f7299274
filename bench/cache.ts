/**
 * What the response cache is worth, on the benchmark data (npm run bench:data first):
 *
 *   tsx bench/cache.ts [--duration 10] [--connections 10] [--scenarios lookup,nested]
 *
 * For each scenario, newskb is measured three times, each its own server process
 * (bench/cache-server.ts) on BENCH_DATABASE_URL: without the cache, with it in memory, and with
 * it in Redis (REDIS_URL, default the local one). Requests are anonymous and cycle through the
 * scenario's variables, so after the warm-up every request is a hit: this is the ceiling a cache
 * reaches, for reads that repeat between writes. The results go to stdout as a Markdown table,
 * for docs/scaling.md.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import autocannon from 'autocannon';
import postgres from 'postgres';
import { createApp } from '../src/app';
import { openDatabase } from '../src/db';
import { CACHE_MODES, type CacheMode } from './cache-server';
import { benchDatabaseUrl, log, MIGRATIONS_DIR, parseFlags } from './common';
import { scenarios, type Scenario } from './scenarios';
import { freePort, sleep, stats } from './servers';

async function measure(mode: CacheMode, scenario: Scenario, bodies: string[], options: { duration: number; connections: number }) {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(__dirname, 'cache-server.ts'), '--cache', mode, '--port', String(port)],
    {
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  try {
    const server = { variant: 'shipped' as const, port, child, pid: child.pid! };
    for (let attempt = 0; ; attempt += 1) {
      if (
        await stats(server).then(
          () => true,
          () => false,
        )
      )
        break;
      if (attempt > 100) throw new Error(`the ${mode} server did not start`);
      await sleep(100);
    }
    let next = 0;
    const run = (duration: number) =>
      autocannon({
        url: `http://127.0.0.1:${port}/graphql`,
        connections: options.connections,
        duration,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        requests: [{ setupRequest: (request) => ({ ...request, body: bodies[next++ % bodies.length] }) }],
      });
    await run(3);
    const before = await stats(server);
    const result = await run(options.duration);
    const after = await stats(server);
    const requests = after.requests - before.requests;
    return {
      requestsPerSecond: result.requests.average,
      p50: result.latency.p50,
      p97_5: result.latency.p97_5,
      sqlPerRequest: requests ? (after.sqlStatements - before.sqlStatements) / requests : NaN,
      non2xx: result.non2xx,
    };
  } finally {
    child.kill('SIGTERM');
  }
}

async function main() {
  const flags = parseFlags(process.argv.slice(2), { duration: 'number', connections: 'number', scenarios: 'string' });

  const wanted = (flags.scenarios ?? 'lookup,nested').split(',');
  const sql = postgres(benchDatabaseUrl(), { max: 1, onnotice: () => {} });
  const setupApp = createApp({ db: (await openDatabase({ url: benchDatabaseUrl(), migrationsDir: MIGRATIONS_DIR, poolMax: 2 })).db });
  const graphql = async (query: string, variables?: Record<string, unknown>) =>
    (await (
      await setupApp.fetch('http://bench/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
      })
    ).json()) as any;

  const rows: string[] = [
    '| scenario | cache | requests/s | latency p50 (ms) | p97.5 (ms) | SQL statements per request |',
    '| --- | --- | ---: | ---: | ---: | ---: |',
  ];
  for (const scenario of scenarios.filter((candidate) => wanted.includes(candidate.name))) {
    const bodies = (await scenario.variables({ sql, graphql })).map((variables) => JSON.stringify({ query: scenario.query, variables }));
    for (const mode of CACHE_MODES) {
      const result = await measure(mode, scenario, bodies, { duration: flags.duration ?? 10, connections: flags.connections ?? 10 });
      log(`[cache] ${scenario.name} / ${mode}: ${result.requestsPerSecond.toFixed(0)} req/s, ${result.non2xx} non-2xx`);
      rows.push(
        `| ${scenario.name} | ${mode} | ${Math.round(result.requestsPerSecond).toLocaleString('en')} | ${result.p50} | ${result.p97_5} | ${result.sqlPerRequest.toFixed(2)} |`,
      );
    }
  }
  await sql.end();
  console.log(rows.join('\n'));
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
