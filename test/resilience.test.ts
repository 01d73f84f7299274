import { eq, inArray, sql } from 'drizzle-orm';
import postgres from 'postgres';
import { articles, speakers, statements } from '../schema';
import { seedDatabase } from '../seeds/seed';
import { createApp } from '../src/app';
import { createToken } from '../src/auth/tokens';
import { openDatabase, type DatabaseHandle } from '../src/db';
import { MIGRATIONS_DIR } from './support/databases';
import { sendGraphQL } from './support/harness';
import { listen } from './support/listen';
import { startCluster, type Cluster } from './support/pg-cluster';
import { startServerProcess } from './support/server-process';

/**
 * The database goes away and comes back; the server is told to stop. A Postgres of the test's
 * own (the shared one must stay up for the other suites), so this runs in the postgres project,
 * where CI provides the machine's PostgreSQL binaries.
 */
const onPostgres = process.env.NEWSKB_TEST_DB === 'postgres' ? describe : describe.skip;

onPostgres('resilience', () => {
  let cluster: Cluster;
  let database: DatabaseHandle;
  let server: Awaited<ReturnType<typeof listen>>;
  let writer: string;

  beforeAll(async () => {
    cluster = await startCluster();
    const admin = postgres(cluster.url(), { max: 1, onnotice: () => {} });
    await admin.unsafe('CREATE DATABASE newskb');
    await admin.end();
    database = await openDatabase({ url: cluster.url('newskb'), migrationsDir: MIGRATIONS_DIR, poolMax: 6 });
    await database.migrate();
    await seedDatabase(database.db);
    writer = (await createToken(database.db, { name: 'resilience', scope: 'write' })).token;
    server = await listen(createApp({ db: database.db }));
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    await database?.close();
    await cluster?.destroy();
  });

  const post = (query: string, variables?: Record<string, unknown>, token?: string) =>
    sendGraphQL(server.endpoint, query, { variables, token });
  const probe = async (path: string) => (await fetch(`${server.origin}${path}`)).status;
  const countriesQuery = '{ countries(first: 1) { totalCount } }';

  /** Polls until the database answers through GraphQL again, and says how long that took. */
  async function recovery(): Promise<number> {
    const since = Date.now();
    for (;;) {
      const answer = await post(countriesQuery).catch(() => null);
      if (answer?.body.data?.countries) return Date.now() - since;
      if (Date.now() - since > 30_000) throw new Error('never recovered');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it('answers 503 SERVICE_UNAVAILABLE and /readyz 503 while the database is down, stays alive, and recovers within 5 s', async () => {
    expect(await probe('/readyz')).toBe(200);
    await cluster.stop('immediate');
    try {
      const answer = await post(countriesQuery);
      expect(answer.status).toBe(503);
      expect(answer.body.errors.map((error: any) => error.extensions.code)).toEqual(['SERVICE_UNAVAILABLE']);
      expect(answer.headers.get('retry-after')).toBe('5');
      expect(JSON.stringify(answer.body)).not.toMatch(/ECONN|127\.0\.0\.1|postgres/i);
      expect(await probe('/readyz')).toBe(503);
      expect(await probe('/healthz')).toBe(200);
      const write = await post(
        'mutation($input: CreateSpeakerInput!) { createSpeaker(input: $input) { __typename } }',
        { input: { name: 'Down Time' } },
        writer,
      );
      expect(write.body.errors.map((error: any) => error.extensions.code)).toEqual(['SERVICE_UNAVAILABLE']);
    } finally {
      await cluster.start();
    }
    expect(await recovery()).toBeLessThan(5_000);
    expect(await probe('/readyz')).toBe(200);
  });

  it('under load, answers every request while the database restarts, and leaves no import half-written', async () => {
    const importMutation = `mutation($input: ImportArticleInput!) { importArticle(input: $input) {
      __typename ... on ImportArticleSuccess { articleImport { statements { id } } } } }`;
    const body = (n: number) => `Ana Ruiz said: "The bridge ${n} will open in May." Later she added: "It will carry trams as well."`;
    const outcomes: { kind: 'read' | 'import'; url?: string; status: number; code?: string; ok: boolean }[] = [];
    let running = true;
    let sequence = 0;

    async function worker(index: number) {
      while (running) {
        const n = (sequence += 1);
        const isImport = index % 2 === 0;
        const url = `https://load.example/${n}`;
        try {
          const answer = isImport
            ? await post(importMutation, { input: { url, title: `Load ${n}`, body: body(n) } }, writer)
            : await post(countriesQuery);
          const code = answer.body.errors?.[0]?.extensions?.code;
          const ok = isImport
            ? answer.body.data?.importArticle?.__typename === 'ImportArticleSuccess'
            : Boolean(answer.body.data?.countries);
          outcomes.push({ kind: isImport ? 'import' : 'read', url: isImport ? url : undefined, status: answer.status, code, ok });
        } catch (error) {
          // A request with no HTTP answer at all: the one outcome this test forbids.
          outcomes.push({ kind: isImport ? 'import' : 'read', url, status: 0, code: String(error), ok: false });
        }
      }
    }

    const workers = Array.from({ length: 6 }, (_, index) => worker(index));
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await cluster.stop('immediate');
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await cluster.start();
    await recovery();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    running = false;
    await Promise.all(workers);

    const failed = outcomes.filter((outcome) => !outcome.ok);
    expect(outcomes.filter((outcome) => outcome.ok).length).toBeGreaterThan(10);
    expect(failed.length).toBeGreaterThan(0);
    // Every failure was answered with a 503: SERVICE_UNAVAILABLE, or, for a statement whose
    // connection died without the driver noticing, REQUEST_TIMEOUT (a read) or OUTCOME_UNKNOWN (an import).
    const answers = new Set(failed.map((outcome) => `${outcome.status} ${outcome.code}`));
    expect(answers).toContain('503 SERVICE_UNAVAILABLE');
    for (const answer of answers) expect(['503 SERVICE_UNAVAILABLE', '503 REQUEST_TIMEOUT', '503 OUTCOME_UNKNOWN']).toContain(answer);

    // Each import is whole or absent: an article with both of its statements, or none. One that
    // failed may still be whole, when Postgres committed it as the connection dropped.
    const urls = outcomes.filter((outcome) => outcome.kind === 'import').map((outcome) => outcome.url!);
    const filed = await database.db
      .select({ url: articles.url, statementCount: sql<number>`count(${statements.id})::int` })
      .from(articles)
      .leftJoin(statements, eq(statements.articleId, articles.id))
      .where(inArray(articles.url, urls))
      .groupBy(articles.url);
    expect(filed.filter((row) => row.statementCount !== 2)).toEqual([]);
    const succeeded = outcomes.filter((outcome) => outcome.kind === 'import' && outcome.ok).map((outcome) => outcome.url);
    expect(filed.map((row) => row.url)).toEqual(expect.arrayContaining(succeeded));
  }, 60_000);

  it('on SIGTERM, stops accepting, finishes the mutation in flight, and exits within 10 s', async () => {
    const server = await startServerProcess({ DATABASE_URL: cluster.url('newskb'), SHUTDOWN_DRAIN_MS: '0' });
    try {
      // The mutation will wait for this lock, so it is still in flight when SIGTERM comes.
      const locker = postgres(cluster.url('newskb'), { max: 1, onnotice: () => {} });
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      let locked!: () => void;
      const isLocked = new Promise<void>((resolve) => (locked = resolve));
      const lock = locker.begin(async (tx) => {
        await tx`LOCK TABLE speakers IN ACCESS EXCLUSIVE MODE`;
        locked();
        await released;
      });
      await isLocked;
      const inFlight = sendGraphQL(
        `${server.origin}/graphql`,
        'mutation { createSpeaker(input: { name: "Graceful Exit" }) { __typename ... on CreateSpeakerSuccess { speaker { name } } } }',
        { token: writer },
      ).then((answer) => answer.body);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const signalledAt = Date.now();
      server.child.kill('SIGTERM');
      await new Promise((resolve) => setTimeout(resolve, 300));
      await expect(fetch(`${server.origin}/healthz`)).rejects.toThrow();
      release();
      await lock;
      await locker.end();
      expect(await inFlight).toEqual({
        data: { createSpeaker: { __typename: 'CreateSpeakerSuccess', speaker: { name: 'Graceful Exit' } } },
      });
      const { code, at } = await server.exited;
      expect(code).toBe(0);
      expect(at - signalledAt).toBeLessThan(10_000);
      expect(await database.db.select().from(speakers).where(eq(speakers.name, 'Graceful Exit'))).toHaveLength(1);
    } finally {
      server.kill();
    }
  }, 60_000);
});
