/**
 * What operation names chosen by clients cost the server's memory and /metrics:
 *
 *   tsx bench/metric-labels.ts [--names 10000] [--rounds 3] [--checkout <dir>]
 *
 * Starts the server as deployed (src/server.ts of this checkout, or of `--checkout`: an older
 * commit unpacked with `git archive`, to measure before a change) on a Postgres database of its
 * own (newskb_metric_labels, created and migrated when missing), sends 200 requests of one name
 * to warm it, then `--rounds` times `--names` requests each with a new operation name, 8 at a
 * time. Prints the server's RSS and the size of /metrics after the warm-up and after each round:
 * RSS moves with the garbage collector's timing, so it is the trend over rounds that tells.
 */
import path from 'node:path';
import postgres from 'postgres';
import { log, parseFlags } from './common';
import { readRssKiB, startDeployedServer } from './servers';

const flags = parseFlags(process.argv.slice(2), { names: 'number', rounds: 'number', checkout: 'string' });
const names = flags.names ?? 10_000;
const rounds = flags.rounds ?? 3;
const checkout = path.resolve(flags.checkout ?? path.join(__dirname, '..'));
const adminUrl = process.env.BENCH_ADMIN_URL ?? 'postgres://root@127.0.0.1:5432/postgres';
const DATABASE = 'newskb_metric_labels';

async function ensureDatabase() {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  const [exists] = await admin`SELECT 1 FROM pg_database WHERE datname = ${DATABASE}`;
  if (!exists) await admin.unsafe(`CREATE DATABASE ${DATABASE}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${DATABASE}`;
  return url.toString();
}

async function post(origin: string, query: string) {
  const response = await fetch(`${origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  await response.text();
  if (response.status !== 200) throw new Error(`the server answered ${response.status}`);
}

async function measure(origin: string, pid: number) {
  const metrics = await (await fetch(`${origin}/metrics`)).text();
  return {
    rssMiB: Math.round((readRssKiB(pid, 'VmRSS') ?? 0) / 102.4) / 10,
    metricsKiB: Math.round(Buffer.byteLength(metrics) / 102.4) / 10,
  };
}

async function main() {
  const url = await ensureDatabase();
  const { child, origin } = await startDeployedServer(url, {}, { checkout, readyWithinMs: 120_000 });
  try {
    for (let index = 0; index < 200; index += 1) await post(origin, 'query Warm { __typename }');
    const warm = await measure(origin, child.pid!);
    log(`[metric-labels] ${checkout}: after the warm-up ${JSON.stringify(warm)}; sending ${names} names`);
    const after: Awaited<ReturnType<typeof measure>>[] = [];
    let next = 0;
    const started = Date.now();
    for (let round = 1; round <= rounds; round += 1) {
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          for (let index = next++; index < names * round; index = next++) await post(origin, `query Made${index}Up { __typename }`);
        }),
      );
      next = names * round;
      after.push(await measure(origin, child.pid!));
      log(`[metric-labels] after ${names * round} names ${JSON.stringify(after.at(-1))}`);
    }
    console.log(JSON.stringify({ checkout, names, rounds, seconds: (Date.now() - started) / 1000, warm, after }));
  } finally {
    child.kill('SIGTERM');
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
