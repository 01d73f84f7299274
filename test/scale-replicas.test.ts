import postgres from 'postgres';
import { seedDatabase } from '../seeds/seed';
import { createApp, type App } from '../src/app';
import { createToken } from '../src/auth/tokens';
import { createResponseCache, type ResponseCache } from '../src/cache/response-cache';
import { openDatabase, type DatabaseHandle } from '../src/db';
import { createRecentWriters } from '../src/read-your-writes';
import { MIGRATIONS_DIR } from './support/databases';
import { sendGraphQL } from './support/harness';
import { startCluster, type Cluster } from './support/pg-cluster';

/**
 * A real streaming replica (pg_basebackup from a throwaway primary, both from the machine's
 * PostgreSQL binaries). With its WAL replay paused, a write on the primary is invisible on the
 * replica, so what each read sees tells which database answered it. Postgres only: PGlite has no
 * replication.
 */
const onPostgres = process.env.NEWSKB_TEST_DB === 'postgres' ? describe : describe.skip;

/** How long a writer reads from the primary, and the cache keeps nothing, after a write. */
const WINDOW_MS = 3_000;

onPostgres('reads from a streaming replica', () => {
  let primary: Cluster;
  let replica: Cluster;
  let database: DatabaseHandle;
  let replicaAdmin: postgres.Sql;
  let responseCache: ResponseCache;
  let app: App;
  let writer: string;
  let reader: string;

  beforeAll(async () => {
    primary = await startCluster();
    const admin = postgres(primary.url(), { max: 1, onnotice: () => {} });
    await admin.unsafe('CREATE DATABASE newskb');
    await admin.end();
    const setup = await openDatabase({ url: primary.url('newskb'), migrationsDir: MIGRATIONS_DIR, poolMax: 1 });
    await setup.migrate();
    await seedDatabase(setup.db);
    writer = (await createToken(setup.db, { name: 'replica writer', scope: 'write' })).token;
    reader = (await createToken(setup.db, { name: 'replica reader', scope: 'read' })).token;
    await setup.close();

    replica = await startCluster({ replicaOf: primary });
    replicaAdmin = postgres(replica.url('newskb'), { max: 1, onnotice: () => {} });
    database = await openDatabase({
      url: primary.url('newskb'),
      replicaUrls: [replica.url('newskb')],
      migrationsDir: MIGRATIONS_DIR,
      poolMax: 3,
    });
    responseCache = createResponseCache({ ttlMs: 60_000, quietAfterWriteMs: WINDOW_MS });
    app = createApp({ db: database.db, recentWriters: createRecentWriters({ windowMs: WINDOW_MS }), responseCache });
  }, 120_000);
  afterAll(async () => {
    await responseCache?.close();
    await database?.close();
    await replicaAdmin?.end();
    await replica?.destroy();
    await primary?.destroy();
  });

  async function post(query: string, variables?: Record<string, unknown>, token?: string) {
    const { body } = await sendGraphQL(app, query, { variables, token });
    expect(body.errors).toBeUndefined();
    return body.data;
  }

  const rolesQuery = '{ speaker(slug: "hossein-amir-abdollahian") { roles { title } } }';
  const roleTitles = async (token?: string): Promise<string[]> =>
    (await post(rolesQuery, undefined, token)).speaker.roles.map((role: { title: string }) => role.title);
  const searchHits = async (token?: string): Promise<number> =>
    (await post('{ search(query: "Replicaprobe", first: 5) { edges { score } } }', undefined, token)).search.edges.length;

  it('is a hot standby that has the seed', async () => {
    const [{ standby }] = await replicaAdmin`SELECT pg_is_in_recovery() AS standby`;
    expect(standby).toBe(true);
    expect(await roleTitles()).toContain('Minister of Foreign Affairs');
  });

  it('answers queries from the replica; a mutation, its payload and its writer from the primary', async () => {
    const { speaker } = await post('{ speaker(slug: "hossein-amir-abdollahian") { id } }');
    await replicaAdmin`SELECT pg_wal_replay_pause()`;
    await waitFor(async () => (await replicaAdmin`SELECT pg_get_wal_replay_pause_state() AS state`)[0].state === 'paused');

    // The payload is read through the loaders, after the write: from the primary.
    const added = await post(
      `mutation { addSpeakerRole(input: { speaker: "${speaker.id}", title: "Replica Envoy" }) {
      ... on AddSpeakerRoleSuccess { role { speaker { roles { title } } } } } }`,
      undefined,
      writer,
    );
    expect(added.addSpeakerRole.role.speaker.roles.map((role: { title: string }) => role.title)).toContain('Replica Envoy');
    await post('mutation { createSpeaker(input: { name: "Quentin Replicaprobe" }) { __typename } }', undefined, writer);
    const wroteAt = Date.now();

    // The writer reads its own writes.
    expect(await roleTitles(writer)).toContain('Replica Envoy');
    expect(await searchHits(writer)).toBe(1);
    // Anonymous readers and tokens that did not write read the paused replica, search included.
    expect(await roleTitles()).not.toContain('Replica Envoy');
    expect(await roleTitles(reader)).not.toContain('Replica Envoy');
    expect(await searchHits()).toBe(0);
    // A token created a moment ago is known at once: tokens are checked on the primary.
    const fresh = (await createToken(database.db, { name: 'created while the replica lags', scope: 'read' })).token;
    expect(await roleTitles(fresh)).not.toContain('Replica Envoy');
    // Exports stream from the primary: a hot standby may cancel a long read that conflicts with replay.
    expect(await (await app.fetch('http://newskb.test/export/speakers.ndjson')).text()).toContain('Quentin Replicaprobe');

    // After the window, the writer is back on the replica.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, wroteAt + WINDOW_MS + 100 - Date.now())));
    expect(await roleTitles(writer)).not.toContain('Replica Envoy');

    // Once the replica has replayed the write, everyone sees it: the stale answers read during
    // the window were not cached (the cache's TTL is a minute).
    await replicaAdmin`SELECT pg_wal_replay_resume()`;
    await waitFor(async () => (await replicaAdmin`SELECT 1 FROM speakers WHERE name = 'Quentin Replicaprobe'`).length === 1);
    expect(await roleTitles()).toContain('Replica Envoy');
    expect(await searchHits()).toBe(1);
  });
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
