/**
 * What the extraction thread is worth to the other requests while long articles are imported:
 *
 *   tsx bench/extraction-threads.ts [--seconds 60] [--rounds 2]
 *
 * The server as deployed runs on a copy of the bench database (newskb_threads) with
 * EXTRACTION_THREADS=1, then 0, alternately `--rounds` times (this machine's speed drifts from
 * one minute to the next, so one run of each would compare the minutes as much as the settings).
 * Each run sends 60 reads a second (20 newest articles with their publishers) and, at the same
 * time, 4 imports a second of the seed article, whose quotations take compromise about 25 ms to
 * find. Prints the latency percentiles of both, per run.
 */
import autocannon from 'autocannon';
import { randomUUID } from 'node:crypto';
import { createToken } from '../src/auth/tokens';
import { openDatabase } from '../src/db';
import { readSeedArticle } from '../seeds/seed';
import { log, MIGRATIONS_DIR, parseFlags } from './common';
import { copyBenchDatabase } from './generate';
import { startDeployedServer } from './servers';

const flags = parseFlags(process.argv.slice(2), { seconds: 'number', rounds: 'number' });
const seconds = flags.seconds ?? 60;
const rounds = flags.rounds ?? 2;
const seedArticle = readSeedArticle('000_3536842f9f6d9ee2.txt');

async function measure(url: string, token: string, threads: number) {
  const { child, origin } = await startDeployedServer(url, { EXTRACTION_THREADS: String(threads) });
  try {
    // GraphQL errors and typed failures come with HTTP 200: each answer is read for them.
    let graphqlErrors = 0;
    const onResponse = (_status: number, body: string) => {
      if (/"errors"|"__typename":"\w+Error"/.test(body)) graphqlErrors += 1;
    };
    const reads = autocannon({
      url: origin,
      connections: 4,
      overallRate: 60,
      duration: seconds,
      requests: [
        {
          method: 'POST',
          path: '/graphql',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: '{ articles(first: 20) { nodes { id title publisher { name } } } }' }),
          onResponse,
        },
      ],
    });
    const imports = autocannon({
      url: origin,
      connections: 2,
      overallRate: 4,
      duration: seconds,
      requests: [
        {
          method: 'POST',
          path: '/graphql',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          setupRequest: (request: any) => ({
            ...request,
            body: JSON.stringify({
              query: 'mutation($input: ImportArticleInput!) { importArticle(input: $input) { __typename } }',
              variables: {
                input: { url: `https://threads.example/${randomUUID()}`, title: `Threads ${randomUUID().slice(0, 8)}`, body: seedArticle },
              },
            }),
          }),
          onResponse,
        },
      ],
    });
    const [read, imported] = await Promise.all([reads, imports]);
    const failures = read.non2xx + imported.non2xx + read.errors + imported.errors + graphqlErrors;
    console.log(
      `| ${threads} | ${read.latency.p50} | ${read.latency.p97_5} | ${read.latency.p99} | ${imported.latency.p50} | ${imported.latency.p97_5} | ${failures} |`,
    );
  } finally {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  }
}

async function main() {
  const url = await copyBenchDatabase('newskb_threads');
  const database = await openDatabase({ url, migrationsDir: MIGRATIONS_DIR, poolMax: 1 });
  await database.migrate();
  const token = (await createToken(database.db, { name: 'extraction threads', scope: 'write' })).token;
  await database.close();
  log(`[threads] ${rounds} rounds of ${seconds} s with EXTRACTION_THREADS=1, then 0`);
  console.log('| EXTRACTION_THREADS | reads p50 ms | reads p97.5 ms | reads p99 ms | imports p50 ms | imports p97.5 ms | failures |');
  console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (let round = 0; round < rounds; round += 1) {
    for (const threads of [1, 0]) await measure(url, token, threads);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
