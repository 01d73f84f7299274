import { randomBytes } from 'node:crypto';
import { parse } from 'graphql';
import { createApp } from '../src/app';
import { createToken } from '../src/auth/tokens';
import { schema } from '../src/graphql/schema';
import { createRateLimiter, type RateLimiter } from '../src/limits';
import { operationCost } from '../src/limits/cost';
import type { RateLimitSettings } from '../src/limits/rate-limit';
import { openTestApp, sendGraphQL, type TestApp } from './support/harness';

/** The attacks of issue 14, item 9: forged addresses, made-up tokens, costly queries at one point each. */
let kb: TestApp;
const limiters: RateLimiter[] = [];
beforeAll(async () => {
  kb = await openTestApp();
});
afterAll(async () => {
  await Promise.all(limiters.map((limiter) => limiter.close()));
  await kb.close();
});

function appLimitedBy(settings: Partial<RateLimitSettings>) {
  const rateLimiter = createRateLimiter({ anonymous: 3, token: 5, windowSeconds: 60, trustProxy: true, ...settings });
  limiters.push(rateLimiter);
  return createApp({ db: kb.db, rateLimiter });
}

const send = (app: ReturnType<typeof createApp>, headers: Record<string, string>, query = '{ __typename }') =>
  sendGraphQL(app, query, { headers });

// Addresses of this run only.
const address = () => `10.${randomBytes(3).join('.')}`;

describe('the client address behind proxies', () => {
  it('is the last entry of X-Forwarded-For, not a first one the client wrote itself', async () => {
    const app = appLimitedBy({});
    const client = address();
    const statuses = [];
    for (let request = 0; request < 4; request += 1)
      statuses.push((await send(app, { 'x-forwarded-for': `${address()}, ${client}` })).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect((await send(app, { 'x-forwarded-for': address() })).status).toBe(200);
  });

  it('is TRUST_PROXY_HOPS entries from the right', async () => {
    const app = appLimitedBy({ proxyHops: 2 });
    const [client, balancer] = [address(), address()];
    const statuses = [];
    for (let request = 0; request < 4; request += 1)
      statuses.push((await send(app, { 'x-forwarded-for': `${address()}, ${client}, ${balancer}` })).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect((await send(app, { 'x-forwarded-for': `${client}, ${address()}, ${balancer}` })).status).toBe(200);
    // Fewer entries than hops: the farthest one there is.
    const alone = address();
    for (let request = 0; request < 3; request += 1) await send(app, { 'x-forwarded-for': alone });
    expect((await send(app, { 'x-forwarded-for': alone })).status).toBe(429);
  });
});

describe('made-up tokens', () => {
  it("refuse that address's unknown tokens, never its valid one", async () => {
    const app = appLimitedBy({ token: 100 });
    const ip = address();
    const { token } = await createToken(kb.db, { name: 'victim admin', scope: 'admin' });
    const statuses = [];
    for (let request = 0; request < 31; request += 1)
      statuses.push((await send(app, { 'x-forwarded-for': ip, authorization: `Bearer nkb_made-up-${request}` })).status);
    expect(statuses.slice(0, 30)).toEqual(Array(30).fill(401));
    expect(statuses[30]).toBe(429);
    const valid = await send(app, { 'x-forwarded-for': ip, authorization: `Bearer ${token}` }, '{ viewer { tokenName } }');
    expect(valid.status).toBe(200);
    expect(valid.body.data.viewer.tokenName).toBe('victim admin');
    const stillGuessing = await send(app, { 'x-forwarded-for': ip, authorization: 'Bearer nkb_made-up-again' });
    expect(stillGuessing.status).toBe(429);
    expect(stillGuessing.body.errors[0].extensions.code).toBe('RATE_LIMITED');
    // Another address's guesses are its own.
    expect((await send(app, { 'x-forwarded-for': address(), authorization: 'Bearer nkb_made-up-elsewhere' })).status).toBe(401);
  });
});

describe('points', () => {
  const page = '{ articles(first: 20) { nodes { id title publisher { name } statements(first: 10) { nodes { text } } } } }';
  const heavy = '{ articles(first: 50) { nodes { id title statements(first: 20) { nodes { text } } } } }';
  const costOf = (query: string) => operationCost(schema, parse(query));

  it('charge each operation its cost (one point per 100, at least one) and say what remains', async () => {
    const app = appLimitedBy({ anonymous: 100 });
    const ip = address();
    const points = Math.ceil(costOf(page) / 100);
    expect(points).toBeGreaterThan(1);
    const first = await send(app, { 'x-forwarded-for': ip }, page);
    expect(first.status).toBe(200);
    expect(first.headers.get('x-ratelimit-cost')).toBe(String(points));
    expect(first.headers.get('x-ratelimit-remaining')).toBe(String(100 - points));
    const cheap = await send(app, { 'x-forwarded-for': ip });
    expect(cheap.headers.get('x-ratelimit-cost')).toBe('1');
    expect(cheap.headers.get('x-ratelimit-remaining')).toBe(String(99 - points));
  });

  it('refuse an operation that costs more than remains, without running or charging it', async () => {
    const app = appLimitedBy({ anonymous: 20 });
    const ip = address();
    // Within MAX_COST, past the window's 20 points.
    expect(costOf(heavy)).toBeLessThan(50_000);
    expect(Math.ceil(costOf(heavy) / 100)).toBeGreaterThan(20);
    const refused = await send(app, { 'x-forwarded-for': ip }, heavy);
    expect(refused.status).toBe(429);
    expect(refused.body.data ?? null).toBeNull();
    expect(refused.body.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', cost: Math.ceil(costOf(heavy) / 100) });
    const cheap = await send(app, { 'x-forwarded-for': ip });
    expect(cheap.status).toBe(200);
    // The refused request paid its admission point only.
    expect(cheap.headers.get('x-ratelimit-remaining')).toBe('18');
  });
});
