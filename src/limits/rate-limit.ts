import type { IncomingMessage } from 'node:http';
import { GraphQLError } from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { bearerDigest } from '../auth/tokens';
import { ErrorCode, errorResponse } from '../graphql/errors';

export interface RateLimitSettings {
  /** Requests per window for each address without a token; 0 turns the limit off. */
  anonymous: number;
  /** Requests per window for each token; 0 turns the limit off. */
  token: number;
  windowSeconds: number;
  /** Shared by every instance through Redis when set; otherwise counted in this process. */
  redisUrl?: string;
  /** Behind a load balancer: the client is the first address of X-Forwarded-For. */
  trustProxy: boolean;
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
  close(): Promise<void>;
}

/**
 * Counters per token and per client address, in Redis when there is one. Should Redis fail, each
 * instance counts in memory (the insurance limiter) rather than refusing every request.
 */
export function createRateLimiter(settings: RateLimitSettings): RateLimiter {
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
      const key = digest ?? clientAddress(request, serverContext, settings.trustProxy);
      return { key, limiter: limiters[kind], limit: settings[kind] };
    },
    failuresOf: (request, serverContext) => ({
      key: clientAddress(request, serverContext, settings.trustProxy),
      limiter: limiters.failures,
      limit: FAILED_AUTHENTICATIONS_ALLOWED,
    }),
    clientAddress: (request, serverContext) => clientAddress(request, serverContext, settings.trustProxy),
    close: async () => {
      redis?.disconnect();
    },
  };
}

function clientAddress(request: Request, serverContext: unknown, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = request.headers.get('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  return (serverContext as { req?: IncomingMessage }).req?.socket.remoteAddress ?? 'unknown';
}

const rateHeaders = (limit: number, state: RateLimiterRes) => ({
  'x-ratelimit-limit': String(limit),
  'x-ratelimit-remaining': String(Math.max(0, state.remainingPoints)),
  'x-ratelimit-reset': String(Math.ceil((Date.now() + state.msBeforeNext) / 1000)),
});

function rateLimited(bucket: Bucket, state: RateLimiterRes, what: string) {
  const retryAfter = Math.max(1, Math.ceil(state.msBeforeNext / 1000));
  return createGraphQLError(`${what} (${bucket.limit} per window); retry in ${retryAfter} s.`, {
    extensions: {
      code: ErrorCode.RATE_LIMITED,
      retryAfter,
      http: { status: 429, headers: { 'retry-after': String(retryAfter), ...rateHeaders(bucket.limit, state) } },
    },
  });
}

/**
 * One request, one point. Over the limit: HTTP 429 with Retry-After and the code RATE_LIMITED;
 * every answer carries GitHub's X-RateLimit-* headers so that scripts can pace themselves. A
 * token is only known to be valid once the database has said so, after this check: each refused
 * token (HTTP 401) counts against its address, and an address over that count has its token
 * requests refused until the window ends.
 */
export function useRateLimit(rateLimiter: RateLimiter): Plugin {
  const headersFor = new WeakMap<Request, Record<string, string>>();
  const failuresFor = new WeakMap<Request, Bucket>();

  /** Draws the request's point, or throws RATE_LIMITED. */
  async function admit(request: Request, serverContext: unknown) {
    const bucket = rateLimiter.bucketOf(request, serverContext);
    if (!bucket) return;
    if (request.headers.has('authorization')) {
      const failures = rateLimiter.failuresOf(request, serverContext);
      failuresFor.set(request, failures);
      const state = await failures.limiter.get(failures.key);
      if (state && state.remainingPoints <= 0) throw rateLimited(failures, state, 'Too many requests with unknown tokens from this address');
    }
    try {
      headersFor.set(request, rateHeaders(bucket.limit, await bucket.limiter.consume(bucket.key)));
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      throw rateLimited(bucket, rejection, 'Rate limit exceeded');
    }
  }

  return {
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
}
