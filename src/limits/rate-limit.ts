import type { IncomingMessage } from 'node:http';
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { bearerDigest, viewerOf } from '../auth/tokens';
import type { Database } from '../db';
import { primaryOf } from '../db/replicas';
import { clientError, ErrorCode, errorResponse } from '../core/errors';
import { costOfContext } from './cost';

export interface RateLimitSettings {
  /** Points per window for each address without a token; 0 turns the limit off. */
  anonymous: number;
  /** Points per window for each token; 0 turns the limit off. */
  token: number;
  windowSeconds: number;
  /** Shared by every instance through Redis when set; otherwise counted in this process. */
  redisUrl?: string;
  /** Behind load balancers: the client is an address of X-Forwarded-For (proxyHops). */
  trustProxy: boolean;
  /**
   * TRUST_PROXY_HOPS: how many proxies of ours append to X-Forwarded-For; the client is the entry
   * that many from the right (1: the last). Entries to the left of it are the client's own words.
   */
  proxyHops?: number;
  /** RATE_LIMIT_COST_PER_POINT: an operation costs one point per this much query cost, at least one. */
  costPerPoint?: number;
}

interface Bucket {
  key: string;
  limiter: RateLimiterAbstract;
  limit: number;
}

/** Unknown tokens an address may send per window before its token requests are refused too. */
const FAILED_AUTHENTICATIONS_ALLOWED = 30;

export interface RateLimiter {
  /** The counter a request draws on; null when its kind is not limited. */
  bucketOf(request: Request, serverContext: unknown): Bucket | null;
  /** The address's counter of refused tokens: made-up tokens must not each get an allowance. */
  failuresOf(request: Request, serverContext: unknown): Bucket;
  /** The address a request comes from, as these counters see it; exports count per client by it. */
  clientAddress(request: Request, serverContext: unknown): string;
  /** The points an operation of this query cost is charged. */
  pointsOf(cost: number): number;
  close(): Promise<void>;
}

/**
 * Counters per token and per client address, in Redis when there is one. Should Redis fail, each
 * instance counts in memory (the insurance limiter) rather than refusing every request.
 */
export function createRateLimiter(settings: RateLimitSettings): RateLimiter {
  const hops = settings.proxyHops ?? 1;
  const costPerPoint = settings.costPerPoint ?? DEFAULT_COST_PER_POINT;
  const addressOf = (request: Request, serverContext: unknown) => clientAddress(request, serverContext, settings.trustProxy, hops);
  const redis = settings.redisUrl ? new Redis(settings.redisUrl, { maxRetriesPerRequest: 1 }) : null;
  const limiterFor = (kind: string, points: number) => {
    const options = { keyPrefix: `newskb:rate:${kind}`, points, duration: settings.windowSeconds };
    const inMemory = new RateLimiterMemory(options);
    return redis ? new RateLimiterRedis({ ...options, storeClient: redis, insuranceLimiter: inMemory }) : inMemory;
  };
  const limiters = {
    anonymous: limiterFor('anonymous', settings.anonymous),
    token: limiterFor('token', settings.token),
    failures: limiterFor('failed-authentication', FAILED_AUTHENTICATIONS_ALLOWED),
  };

  return {
    bucketOf(request, serverContext) {
      const digest = bearerDigest(request.headers.get('authorization'));
      const kind = digest ? 'token' : 'anonymous';
      if (settings[kind] === 0) return null;
      const key = digest ?? addressOf(request, serverContext);
      return { key, limiter: limiters[kind], limit: settings[kind] };
    },
    failuresOf: (request, serverContext) => ({
      key: addressOf(request, serverContext),
      limiter: limiters.failures,
      limit: FAILED_AUTHENTICATIONS_ALLOWED,
    }),
    clientAddress: addressOf,
    pointsOf: (cost) => Math.max(1, Math.ceil(cost / costPerPoint)),
    close: async () => {
      redis?.disconnect();
    },
  };
}

/** One point per this much of an operation's cost (src/limits/cost.ts): a lookup is 1, a page of 20 articles with their statements about 12. */
export const DEFAULT_COST_PER_POINT = 100;

function clientAddress(request: Request, serverContext: unknown, trustProxy: boolean, hops: number): string {
  if (trustProxy) {
    // Each proxy appends the address it was reached from: the last `hops` entries are theirs to
    // write, any before them the client's. With fewer entries than hops, the farthest there is.
    const entries =
      request.headers
        .get('x-forwarded-for')
        ?.split(',')
        .map((entry) => entry.trim())
        .filter(Boolean) ?? [];
    if (entries.length > 0) return entries[Math.max(0, entries.length - hops)];
  }
  return (serverContext as { req?: IncomingMessage }).req?.socket.remoteAddress ?? 'unknown';
}

const rateHeaders = (limit: number, state: RateLimiterRes, cost = 1) => ({
  'x-ratelimit-limit': String(limit),
  'x-ratelimit-remaining': String(Math.max(0, state.remainingPoints)),
  'x-ratelimit-reset': String(Math.ceil((Date.now() + state.msBeforeNext) / 1000)),
  'x-ratelimit-cost': String(cost),
});

function rateLimited(bucket: Bucket, state: RateLimiterRes, what: string, extensions: Record<string, unknown> = {}) {
  const retryAfter = Math.max(1, Math.ceil(state.msBeforeNext / 1000));
  return clientError(ErrorCode.RATE_LIMITED, `${what} (${bucket.limit} per window); retry in ${retryAfter} s.`, {
    retryAfter,
    ...extensions,
    http: { status: 429, headers: { 'retry-after': String(retryAfter), ...rateHeaders(bucket.limit, state, 0) } },
  });
}

/**
 * GitHub's points model. A request draws one point when it arrives, whatever it turns out to be
 * (a parse error, an export, a refused token); an operation that passed the cost limit then
 * draws the rest of its points (rateLimiter.pointsOf its cost) before it runs, or is refused
 * whole, charged nothing more, if fewer remain. Over the limit: HTTP 429 with Retry-After and the
 * code RATE_LIMITED; every answer carries GitHub's X-RateLimit-* headers (and X-RateLimit-Cost,
 * the points it was charged) so that scripts can pace themselves.
 *
 * Each refused token (HTTP 401) counts against its address; an address over that count has its
 * unknown tokens refused with 429 until the window ends. A token is only known once the
 * database has said so: while an address is over, each of its token requests is looked up here
 * first, so that another's guesses never lock a valid token out.
 *
 * `admission` goes before the other limits; `charge` after the cost limit, which it reads.
 */
export function useRateLimit(rateLimiter: RateLimiter, db: Database): { admission: Plugin; charge: Plugin } {
  const headersFor = new WeakMap<Request, Record<string, string>>();
  const failuresFor = new WeakMap<Request, Bucket>();
  const admitted = new WeakMap<Request, { bucket: Bucket; state: RateLimiterRes }>();

  /** Draws the request's first point, or throws RATE_LIMITED. */
  async function admit(request: Request, serverContext: unknown) {
    const bucket = rateLimiter.bucketOf(request, serverContext);
    if (!bucket) return;
    const authorization = request.headers.get('authorization');
    if (authorization !== null) {
      const failures = rateLimiter.failuresOf(request, serverContext);
      failuresFor.set(request, failures);
      const state = await failures.limiter.get(failures.key);
      if (state && state.remainingPoints <= 0 && (await viewerOf(primaryOf(db), authorization)).kind !== 'token') {
        throw rateLimited(failures, state, 'Too many requests with unknown tokens from this address');
      }
    }
    try {
      const state = await bucket.limiter.consume(bucket.key);
      admitted.set(request, { bucket, state });
      headersFor.set(request, rateHeaders(bucket.limit, state));
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      throw rateLimited(bucket, rejection, 'Rate limit exceeded');
    }
  }

  const charge: Plugin = {
    async onExecute({ args, setResultAndStopExecution }) {
      const context = args.contextValue as unknown as { request: Request };
      const entry = admitted.get(context.request);
      if (!entry) return;
      const points = rateLimiter.pointsOf(costOfContext(context) ?? 0);
      if (points <= 1) return;
      const { bucket, state } = entry;
      const refuse = (now: RateLimiterRes) =>
        setResultAndStopExecution({
          errors: [
            rateLimited(bucket, now, `This operation costs ${points} points and ${Math.max(0, now.remainingPoints)} remain`, {
              cost: points,
            }),
          ],
        });
      if (points - 1 > state.remainingPoints) return refuse(state);
      try {
        headersFor.set(context.request, rateHeaders(bucket.limit, await bucket.limiter.consume(bucket.key, points - 1), points));
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        refuse(rejection);
      }
    },
  };

  const admission: Plugin = {
    // Exports are answered before GraphQL parses anything: they are admitted here, and refused
    // with the same JSON body a GraphQL request would get.
    async onRequest({ request, url, serverContext, fetchAPI, endResponse }) {
      if (!url.pathname.startsWith('/export/')) return;
      try {
        await admit(request, serverContext);
      } catch (error) {
        if (!(error instanceof GraphQLError)) throw error;
        endResponse(errorResponse(fetchAPI, error));
      }
    },
    onRequestParse: ({ request, serverContext }) => admit(request, serverContext),
    async onResponse({ request, response }) {
      for (const [name, value] of Object.entries(headersFor.get(request) ?? {})) response.headers.set(name, value);
      const failures = failuresFor.get(request);
      if (failures && response.status === 401) await failures.limiter.penalty(failures.key, 1);
    },
  };
  return { admission, charge };
}
