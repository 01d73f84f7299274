import { eq } from 'drizzle-orm';
import postgres from 'postgres';
import { speakers } from '../schema';
import { createToken } from '../src/auth/tokens';
import { openTestApp, type TestApp } from './support/harness';

/**
 * Issue 14, item 6: a mutation past REQUEST_TIMEOUT_MS was answered "stopped" (REQUEST_TIMEOUT,
 * 503), and its write committed about 5 s later. A lock held by the test keeps the mutation
 * waiting past the deadline; only Postgres has a second connection to hold it.
 */
const onPostgres = process.env.NEWSKB_TEST_DB === 'postgres' ? describe : describe.skip;

onPostgres('a mutation past REQUEST_TIMEOUT_MS', () => {
  let kb: TestApp;
  let writer: string;
  beforeAll(async () => {
    kb = await openTestApp({ statementTimeoutMs: 5_000, app: { limits: { requestTimeoutMs: 300 } } });
    writer = (await createToken(kb.db, { name: 'slow writer', scope: 'write' })).token;
  });
  afterAll(() => kb?.close());

  it('is answered OUTCOME_UNKNOWN, never "stopped", when its write commits after the answer', async () => {
    const locker = postgres(kb.url!, { max: 1, onnotice: () => {} });
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const holding = locker.begin(async (sql) => {
      await sql`LOCK TABLE speakers IN SHARE MODE`;
      locked();
      await released;
    });
    await isLocked;
    try {
      const { status, body } = await kb.send('mutation { createSpeaker(input: { name: "Late Commit" }) { __typename } }', {
        token: writer,
        accept: 'application/graphql-response+json',
      });
      expect(status).toBe(503);
      expect(body.errors.map((error: any) => error.extensions.code)).toEqual(['OUTCOME_UNKNOWN']);
      expect(body.errors[0].message).toMatch(/may still be written/);
    } finally {
      release();
      await holding;
      await locker.end();
    }
    // What the answer warned of: the write went through once its lock was free.
    const since = Date.now();
    while ((await kb.db.select().from(speakers).where(eq(speakers.name, 'Late Commit'))).length === 0 && Date.now() - since < 5_000) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await kb.db.select().from(speakers).where(eq(speakers.name, 'Late Commit'))).toHaveLength(1);
  }, 30_000);
});
