import { getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { Redis } from 'ioredis';
import { bearerDigest } from './auth/tokens';
import type { Context } from './context';
import { primaryOf } from './db/replicas';
import { createLoaders, type LoaderOptions } from './loaders';

/**
 * With read replicas, a client that has just written must see its write, though a replica may
 * not have replayed it yet. Which tokens wrote within the window is kept in Redis when there is
 * one (the client's next request may reach another instance), in this process otherwise.
 */
export interface RecentWriters {
  markWrote(tokenDigest: string): Promise<void>;
  wroteRecently(tokenDigest: string): Promise<boolean>;
  close(): Promise<void>;
}

export function createRecentWriters(options: { windowMs: number; redisUrl?: string; keyPrefix?: string }): RecentWriters {
  if (options.windowMs === 0) return { markWrote: async () => {}, wroteRecently: async () => false, close: async () => {} };
  if (options.redisUrl) {
    const redis = new Redis(options.redisUrl, {
      keyPrefix: options.keyPrefix ?? 'newskb:wrote:',
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
    });
    return {
      markWrote: async (digest) => void (await redis.set(digest, '1', 'PX', options.windowMs).catch(() => {})),
      // Should Redis fail, the primary answers: slower, never stale.
      wroteRecently: async (digest) => (await redis.exists(digest).catch(() => 1)) === 1,
      close: async () => redis.disconnect(),
    };
  }
  const until = new Map<string, number>();
  return {
    async markWrote(digest) {
      const now = Date.now();
      for (const [key, expiry] of until) if (expiry <= now) until.delete(key);
      until.set(digest, now + options.windowMs);
    },
    wroteRecently: async (digest) => (until.get(digest) ?? 0) > Date.now(),
    close: async () => {},
  };
}

/**
 * Queries read from the replicas. Mutations read from the primary (their payload shows what they
 * wrote; their writes run in transactions, which Drizzle sends to the primary anyway), and so do
 * subscriptions (an event names a row that was just written) and a token's queries for the
 * window after it wrote.
 */
export function useReadYourWrites(recentWriters: RecentWriters, loaderOptions?: LoaderOptions): Plugin<Context> {
  const onPrimary = (context: Context) => {
    const primary = primaryOf(context.db);
    return { db: primary, loaders: createLoaders(primary, loaderOptions) };
  };
  const tokenDigestOf = (context: { request: Request }) => bearerDigest(context.request.headers.get('authorization'));

  return {
    async onExecute({ args, extendContext }) {
      const context = args.contextValue;
      const digest = tokenDigestOf(context);
      if (getOperationAST(args.document, args.operationName)?.operation === 'mutation') {
        extendContext(onPrimary(context));
        // Marked once the mutation is done, so the window starts from its commit.
        return digest ? { onExecuteDone: () => recentWriters.markWrote(digest) } : undefined;
      }
      if (digest && (await recentWriters.wroteRecently(digest))) extendContext(onPrimary(context));
    },
    onSubscribe({ args, extendContext }) {
      extendContext(onPrimary(args.contextValue));
    },
  };
}
