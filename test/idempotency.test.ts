import { eq, sql } from 'drizzle-orm';
import postgres from 'postgres';
import { idempotencyKeys, speakers } from '../schema';
import { createToken } from '../src/auth/tokens';
import { openTestApp, sendGraphQL, type TestApp } from './support/harness';

/**
 * Issue 14, item 6: a client whose create* answer was lost (a dropped connection, OUTCOME_UNKNOWN)
 * could not retry without risking a duplicate. With an Idempotency-Key header it can.
 */
let kb: TestApp;
let writer: string;
let otherWriter: string;
beforeAll(async () => {
  kb = await openTestApp();
  writer = (await createToken(kb.db, { name: 'retrying client', scope: 'write' })).token;
  otherWriter = (await createToken(kb.db, { name: 'another client', scope: 'write' })).token;
});
afterAll(() => kb.close());

const createSpeaker = (name: string) =>
  `mutation { createSpeaker(input: { name: "${name}" }) { __typename ... on CreateSpeakerSuccess { speaker { id name } } } }`;

async function send(app: TestApp['app'], query: string, token: string, key?: string) {
  const answer = await sendGraphQL(app, query, {
    token,
    accept: 'application/graphql-response+json',
    headers: key ? { 'idempotency-key': key } : {},
  });
  return { ...answer, replayed: answer.headers.get('idempotent-replayed') };
}

const speakersNamed = async (name: string) => (await kb.db.select().from(speakers).where(eq(speakers.name, name))).length;

describe('Idempotency-Key', () => {
  it('answers a retry with the first result and writes once', async () => {
    const first = await send(kb.app, createSpeaker('Once Only'), writer, 'create-once-only');
    const retry = await send(kb.app, createSpeaker('Once Only'), writer, 'create-once-only');
    expect(first.body.data.createSpeaker.__typename).toBe('CreateSpeakerSuccess');
    expect(retry.body).toEqual(first.body);
    expect(retry.replayed).toBe('true');
    expect(first.replayed).toBeNull();
    expect(await speakersNamed('Once Only')).toBe(1);
  });

  it('without a key, the same mutation twice writes twice (as before)', async () => {
    await send(kb.app, createSpeaker('Twice Over'), writer);
    await send(kb.app, createSpeaker('Twice Over'), writer);
    expect(await speakersNamed('Twice Over')).toBe(2);
  });

  it('refuses the key with another request (IDEMPOTENCY_KEY_REUSED, 422), and keeps keys apart per token', async () => {
    await send(kb.app, createSpeaker('Key Owner'), writer, 'shared-key');
    const reused = await send(kb.app, createSpeaker('Someone Else'), writer, 'shared-key');
    expect(reused.status).toBe(422);
    expect(reused.body.errors[0].extensions.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await speakersNamed('Someone Else')).toBe(0);
    const otherToken = await send(kb.app, createSpeaker('Someone Else'), otherWriter, 'shared-key');
    expect(otherToken.body.data.createSpeaker.__typename).toBe('CreateSpeakerSuccess');
  });

  it('forgets a key after 24 hours', async () => {
    await send(kb.app, createSpeaker('Day Old'), writer, 'day-old');
    await kb.db.update(idempotencyKeys).set({ createdAt: sql`now() - interval '25 hours'` }).where(eq(idempotencyKeys.key, 'day-old'));
    const later = await send(kb.app, createSpeaker('Day Old'), writer, 'day-old');
    expect(later.replayed).toBeNull();
    expect(await speakersNamed('Day Old')).toBe(2);
  });

  it('refuses a malformed key as BAD_USER_INPUT and writes nothing', async () => {
    const answer = await send(kb.app, createSpeaker('Bad Key'), writer, 'x'.repeat(256));
    expect(answer.status).toBe(400);
    expect(answer.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(await speakersNamed('Bad Key')).toBe(0);
  });

  it('claims no key for a mutation refused before it ran (FORBIDDEN)', async () => {
    const refused = await send(kb.app, 'mutation { deleteSpeaker(id: "U3BlYWtlcjox") { __typename } }', writer, 'refused-first');
    expect(refused.body.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(await kb.db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, 'refused-first'))).toEqual([]);
  });
});

const onPostgres = process.env.NEWSKB_TEST_DB === 'postgres' ? describe : describe.skip;

onPostgres('Idempotency-Key after OUTCOME_UNKNOWN', () => {
  it('a retry while the first still runs is IDEMPOTENCY_KEY_IN_PROGRESS; once it committed, the retry gets its result', async () => {
    const timed = await openTestApp({ statementTimeoutMs: 5_000, app: { limits: { requestTimeoutMs: 300 } } });
    const token = (await createToken(timed.db, { name: 'slow retries', scope: 'write' })).token;
    const locker = postgres(timed.url!, { max: 1, onnotice: () => {} });
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const holding = locker.begin(async (tx) => {
      await tx`LOCK TABLE speakers IN SHARE MODE`;
      locked();
      await released;
    });
    try {
      await isLocked;
      const first = await send(timed.app, createSpeaker('Slow But Sure'), token, 'slow-but-sure');
      expect(first.body.errors[0].extensions.code).toBe('OUTCOME_UNKNOWN');
      const during = await send(timed.app, createSpeaker('Slow But Sure'), token, 'slow-but-sure');
      expect(during.status).toBe(409);
      expect(during.body.errors[0].extensions.code).toBe('IDEMPOTENCY_KEY_IN_PROGRESS');
      release();
      await holding;
      let after = during;
      for (const since = Date.now(); Date.now() - since < 5_000 && after.status === 409; ) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        after = await send(timed.app, createSpeaker('Slow But Sure'), token, 'slow-but-sure');
      }
      expect(after.replayed).toBe('true');
      expect(after.body.data.createSpeaker).toMatchObject({ __typename: 'CreateSpeakerSuccess', speaker: { name: 'Slow But Sure' } });
      expect(await timed.db.select().from(speakers).where(eq(speakers.name, 'Slow But Sure'))).toHaveLength(1);
    } finally {
      release();
      await holding.catch(() => {});
      await locker.end();
      await timed.close();
    }
  }, 30_000);
});
