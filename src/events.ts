import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { createPubSub } from 'graphql-yoga';
import { Redis } from 'ioredis';

/**
 * What subscriptions hear. Events carry IDs only, never rows: they cross Redis as JSON, and each
 * subscriber loads what its query selects, as it would for any other read.
 */
export interface EventPayloads {
  'statement:added': { statementId: number };
  'article:imported': { articleId: number; created: boolean; statementCount: number; addedStatementCount: number };
}

type Channels = { [Name in keyof EventPayloads]: [EventPayloads[Name]] };

export type Events = ReturnType<typeof createPubSub<Channels>> & { close(): Promise<void> };

/**
 * In process by default. With a Redis URL, events travel through Redis pub/sub, so every server
 * instance behind a load balancer hears what any of them published.
 */
export function createEvents(redisUrl?: string): Events {
  if (!redisUrl) return Object.assign(createPubSub<Channels>(), { close: async () => {} });
  // A subscribed Redis connection can do nothing else, hence two.
  const publishClient = new Redis(redisUrl, { lazyConnect: false, maxRetriesPerRequest: 3 });
  const subscribeClient = new Redis(redisUrl, { lazyConnect: false, maxRetriesPerRequest: 3 });
  const pubSub = createPubSub<Channels>({ eventTarget: createRedisEventTarget({ publishClient, subscribeClient }) });
  return Object.assign(pubSub, {
    close: async () => {
      publishClient.disconnect();
      subscribeClient.disconnect();
    },
  });
}
