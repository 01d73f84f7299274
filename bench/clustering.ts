/**
 * What clustering on import costs (issue 17: at most 20 ms per article at 100k statements).
 * Fills a scratch Postgres database (or an in-memory PGlite without DATABASE_URL) with
 * STATEMENTS statements by SPEAKERS speakers over a year, then files articles of six statements
 * (three repeating a speaker's earlier words, three new) and times clusterStatements alone, in a
 * transaction that is rolled back each time.
 *
 *   DATABASE_URL=postgres://root@127.0.0.1:5432/postgres npx tsx bench/clustering.ts
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { openDatabase, rowsOf } from '../src/db';
import { candidateQuery, clusterStatements } from '../src/services/claims';

const STATEMENTS = Number(process.env.STATEMENTS ?? 100_000);
const SPEAKERS = Number(process.env.SPEAKERS ?? 2_000);
const PER_ARTICLE = 5;
const RUNS = Number(process.env.RUNS ?? 50);

async function main() {
  const adminUrl = process.env.DATABASE_URL;
  let url: string | undefined;
  let drop = async () => {};
  if (adminUrl) {
    const name = `newskb_bench_claims_${randomBytes(4).toString('hex')}`;
    const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`CREATE DATABASE "${name}"`);
    await admin.end();
    url = adminUrl.replace(/\/[^/]*$/, `/${name}`);
    drop = async () => {
      const cleanup = postgres(adminUrl, { max: 1, onnotice: () => {} });
      await cleanup.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await cleanup.end();
    };
  }
  const handle = await openDatabase({ url, migrationsDir: 'schema/migrations', poolMax: 2 });
  try {
    await handle.migrate();
    const { db } = handle;
    const started = performance.now();
    await db.execute(
      sql`INSERT INTO speakers (name, slug) SELECT 'Speaker ' || n, 'speaker-' || n FROM generate_series(1, ${SPEAKERS}::int) n`,
    );
    // Sentences of 12 to 24 words drawn from a 3,000-word vocabulary, five to an article.
    await db.execute(sql`
      CREATE TEMP TABLE bench_sentences AS
      SELECT a, p, (SELECT string_agg(w.word, ' ') FROM (SELECT 'w' || substr(md5((1 + floor(random() * 3000))::text || g), 1, 3 + (g % 5)) AS word FROM generate_series(1, 12 + ((a * 7 + p) % 13)) g) w) || '.' AS text
      FROM generate_series(1, ${Math.ceil(STATEMENTS / PER_ARTICLE)}::int) a, generate_series(1, ${PER_ARTICLE}::int) p`);
    await db.execute(sql`
      INSERT INTO articles (id, slug, title, body, published_at) OVERRIDING SYSTEM VALUE
      SELECT a, 'bench-' || a, 'Bench ' || a, string_agg(text, ' ' ORDER BY p), date '2024-01-01' + (a % 366)
      FROM bench_sentences GROUP BY a`);
    await db.execute(sql`SELECT setval(pg_get_serial_sequence('articles', 'id'), (SELECT max(id) FROM articles))`);
    await db.execute(sql`
      INSERT INTO statements (article_id, position, kind, text, speaker_id, span_start, span_end)
      SELECT a, p, 'DIRECT_QUOTE', text, 1 + ((a * 31 + p) % ${SPEAKERS}::int),
        coalesce(sum(length(text) + 1) OVER (PARTITION BY a ORDER BY p ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0),
        coalesce(sum(length(text) + 1) OVER (PARTITION BY a ORDER BY p ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) + length(text)
      FROM bench_sentences`);
    await db.execute(sql`ANALYZE`);
    const count = Number(rowsOf(await db.execute(sql`SELECT count(*)::int AS n FROM statements`))[0].n);
    console.log(`${handle.kind}: ${count} statements by ${SPEAKERS} speakers in ${Math.round((performance.now() - started) / 1000)} s`);

    const timings: number[] = [];
    let linked = 0;
    for (let run = 0; run < RUNS; run += 1) {
      await db
        .transaction(async (tx) => {
          // Three earlier statements to repeat (their speakers and words), three new sentences.
          const earlierArticle = 1 + ((run * 977) % Math.ceil(STATEMENTS / PER_ARTICLE));
          const earlier = rowsOf(
            await tx.execute(
              sql`SELECT s.text, s.speaker_id, a.published_at::text AS day FROM statements s JOIN articles a ON a.id = s.article_id WHERE s.article_id = ${earlierArticle}::int ORDER BY s.position LIMIT 3`,
            ),
          );
          const texts = [
            ...earlier.map((row) => String(row.text)),
            'Completely new words about the harbour tonight.',
            'Another remark nobody made before this week.',
            'A third sentence of its own, unlike the rest.',
          ];
          const speakersOf = [...earlier.map((row) => Number(row.speaker_id)), 1, 2, 3];
          const body = texts.join(' ');
          const [article] = rowsOf(
            await tx.execute(
              sql`INSERT INTO articles (slug, title, body, published_at) VALUES (${`bench-run-${run}`}, 'Run', ${body}, ${String(earlier[0].day)}::date + 1) RETURNING id`,
            ),
          );
          let offset = 0;
          const ids: number[] = [];
          for (const [index, text] of texts.entries()) {
            const [row] = rowsOf(
              await tx.execute(sql`INSERT INTO statements (article_id, position, kind, text, speaker_id, span_start, span_end)
              VALUES (${article.id}, ${index + 1}, 'DIRECT_QUOTE', ${text}, ${speakersOf[index]}, ${offset}, ${offset + text.length}) RETURNING id`),
            );
            ids.push(Number(row.id));
            offset += text.length + 1;
          }
          if (run === 0 && process.env.EXPLAIN) {
            const plan = rowsOf(await tx.execute(sql`EXPLAIN (ANALYZE, BUFFERS) ${candidateQuery(ids)}`));
            console.log(plan.map((row) => Object.values(row)[0]).join('\n'));
          }
          const before = performance.now();
          const found = await clusterStatements(tx, ids);
          timings.push(performance.now() - before);
          linked += found.filter((link) => link.status === 'LINKED').length;
          throw new Rollback();
        })
        .catch((error) => {
          if (!(error instanceof Rollback)) throw error;
        });
    }
    timings.sort((a, b) => a - b);
    const at = (share: number) => timings[Math.min(timings.length - 1, Math.floor(share * timings.length))].toFixed(1);
    console.log(
      `clusterStatements, 6 statements an article, ${RUNS} articles: median ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${at(1)} ms; ${linked} links filed (of ${RUNS * 3} repeats)`,
    );
  } finally {
    await handle.close();
    await drop();
  }
}

class Rollback extends Error {}

void main();
