import { createRedisCache } from '@envelop/response-cache-redis';
import { createInMemoryCache, hashSHA256, useResponseCache, type Cache } from '@graphql-yoga/plugin-response-cache';
import { getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { Redis } from 'ioredis';
import type { Events } from '../events';

/**
 * A whole-response cache for anonymous reads, shared by every instance through Redis when there
 * is one (@graphql-yoga/plugin-response-cache with @envelop/response-cache-redis), in this
 * process otherwise.
 *
 * Invalidation is by generation: every key carries the generation it was read under, and any
 * mutation moves the generation on (an INCR in Redis), so everything cached before it is
 * unreachable at once on every instance and expires by its TTL. Invalidating only the types a
 * mutation touches was weighed and refused: creations and merges change lists and counts that
 * hold no row of the new entity (articles filtered by a speaker, a country's mentionCount,
 * search), and one type missed means a stale answer. Writes are rare next to reads here, so
 * emptying the cache on each costs little. The generation is read when a request starts, so an
 * answer a read computed while a write committed lands under the old generation and is never
 * served.
 *
 * Only requests without an Authorization header are cached, and they share one answer: a token's
 * answers (viewer, apiTokens, ApiToken nodes, and every answer a REQUIRE_READ_TOKEN server gives)
 * never are, because a cached answer is served before the token is checked, and a revoked
 * token must stop working at once.
 */
export interface ResponseCacheOptions {
  /** Shared through Redis when set; in this process otherwise. */
  redisUrl?: string;
  /** How long an answer is kept when no mutation comes: the bound on staleness for writes made outside GraphQL. */
  ttlMs: number;
  /** Namespaces every Redis key (two deployments on one Redis, or tests). */
  keyPrefix?: string;
  /**
   * With read replicas, answers read within this long after a write may predate it (replicas
   * lag), so none is cached then.
   */
  quietAfterWriteMs?: number;
  /** Imports made outside the server (npm run import) announce themselves here: they empty the cache too. */
  events?: Events;
  /** Answers kept in memory when there is no Redis. */
  maxEntries?: number;
}

/** Where the current generation lives, and whether a write was so recent that nothing may be cached. */
interface Generations {
  current(): Promise<{ generation: string; cacheable: boolean }>;
  advance(): Promise<void>;
}

export interface ResponseCache {
  /** The plugins for createApp; `requireReadToken` makes anonymous requests uncachable too. */
  plugins(options: { requireReadToken: boolean }): Plugin[];
  /** Empties the cache for every instance (what a mutation does). */
  invalidate(): Promise<void>;
  close(): Promise<void>;
}

export function createResponseCache(options: ResponseCacheOptions): ResponseCache {
  const quietMs = options.quietAfterWriteMs ?? 0;
  const redis = options.redisUrl
    ? // Without an offline queue a command fails at once while Redis is away, and the request
      // is answered uncached instead of waiting.
      new Redis(options.redisUrl, { keyPrefix: options.keyPrefix ?? 'newskb:cache:', maxRetriesPerRequest: 1, enableOfflineQueue: false })
    : null;
  const store = redis ? createRedisCache({ redis }) : createInMemoryCache({ max: options.maxEntries ?? 1000 });
  const generations = redis ? redisGenerations(redis, quietMs) : inProcessGenerations(quietMs);
  const stopListening = options.events ? invalidateOnImports(options.events, () => generations.advance()) : () => {};

  return {
    plugins: ({ requireReadToken }) => responseCachePlugins(store, generations, options.ttlMs, requireReadToken),
    invalidate: () => generations.advance(),
    close: async () => {
      stopListening();
      redis?.disconnect();
    },
  };
}

function redisGenerations(redis: Redis, quietMs: number): Generations {
  return {
    async current() {
      const [generation, recentWrite] = await redis.mget('generation', 'recent-write');
      return { generation: generation ?? '0', cacheable: recentWrite == null };
    },
    async advance() {
      const transaction = redis.multi().incr('generation');
      // Redis expires the marker itself, so the instances' clocks need not agree.
      if (quietMs > 0) transaction.set('recent-write', '1', 'PX', quietMs);
      await transaction.exec();
    },
  };
}

function inProcessGenerations(quietMs: number): Generations {
  let generation = 0;
  let quietUntil = 0;
  return {
    current: async () => ({ generation: String(generation), cacheable: Date.now() >= quietUntil }),
    async advance() {
      generation += 1;
      quietUntil = Date.now() + quietMs;
    },
  };
}

function invalidateOnImports(events: Events, invalidate: () => Promise<void>): () => void {
  let listening = true;
  void (async () => {
    for await (const _ of events.subscribe('article:imported')) if (listening) await invalidate().catch(() => {});
  })();
  // The subscription is left to end with the events themselves: unsubscribing here would race
  // their close, which cuts the Redis connection with the UNSUBSCRIBE still unanswered.
  return () => {
    listening = false;
  };
}

/**
 * Larger answers are not kept: the stores bound entries by count, not size, and a thousand
 * answers of the largest size the cost limit allows would hold gigabytes.
 */
const MAX_CACHED_ANSWER_CHARACTERS = 256 * 1024;

/** The cache is an optimisation: when Redis fails, a request is answered uncached, never refused. */
function guarded(store: Cache): Cache {
  return {
    get: async (key) => (await Promise.resolve(store.get(key)).catch(() => undefined)) ?? undefined,
    async set(key, result, _entities, ttl) {
      if (JSON.stringify(result).length > MAX_CACHED_ANSWER_CHARACTERS) return;
      // Only the generation invalidates, so the entity indexes the library would keep per answer
      // (Redis sets without expiry) are not written.
      await Promise.resolve(store.set(key, result, [], ttl)).catch(() => {});
    },
    invalidate: async () => {},
  };
}

function responseCachePlugins(store: Cache, generations: Generations, ttlMs: number, requireReadToken: boolean): Plugin[] {
  // Decided once per request, when its key is built, and read again by the plugin's later hooks.
  const cacheableRequests = new WeakMap<Request, boolean>();
  const anonymousRead = (request: Request) => !requireReadToken && !request.headers.has('authorization');

  const invalidateOnMutations: Plugin = {
    onExecute({ args }) {
      if (getOperationAST(args.document, args.operationName)?.operation !== 'mutation') return;
      // A mutation's own answer is never cached, whoever sends it.
      cacheableRequests.set((args.contextValue as { request: Request }).request, false);
      return {
        // Awaited before the answer goes out: once a client has its mutation's answer, no
        // instance serves what the mutation changed.
        onExecuteDone: () => generations.advance().catch(() => {}),
      };
    },
  };

  return [
    invalidateOnMutations,
    useResponseCache({
      cache: guarded(store),
      ttl: ttlMs,
      session: () => null,
      // Undecided until the key is built: the plugin's If-None-Match shortcut, which runs before,
      // would answer 304 for an ETag of an older generation, whose entry lives on until its TTL.
      enabled: (request) => anonymousRead(request) && cacheableRequests.get(request) === true,
      // Mutations are handled above; the library's own invalidation is by entity.
      invalidateViaMutation: false,
      includeExtensionMetadata: false,
      async buildResponseCacheKey({ documentString, variableValues, operationName, request }) {
        if (!anonymousRead(request)) return '';
        const state = await generations.current().catch(() => null);
        cacheableRequests.set(request, state?.cacheable ?? false);
        if (!state) return '';
        const operation = [documentString, operationName ?? '', JSON.stringify(variableValues ?? {})].join('|');
        return `${state.generation}:${await hashSHA256(operation)}`;
      },
    }),
  ];
}
