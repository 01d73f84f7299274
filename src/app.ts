import { useDeferStream } from '@graphql-yoga/plugin-defer-stream';
import { createYoga, type Plugin } from 'graphql-yoga';
import type { Logger } from 'pino';
import type { ResponseCache } from './cache/response-cache';
import { createContext } from './context';
import type { LoaderOptions } from './loaders';
import type { Database } from './db';
import { useCors } from './cors';
import { createEvents, type Events } from './events';
import type { Extract } from './extraction/threads';
import { useExports } from './export/http';
import { useJsonLdRoutes } from './json-ld/http';
import { useFrontPage } from './front-page';
import { renderLocalGraphiQL, useLocalGraphiQLAssets } from './graphiql';
import { exampleTabs } from './graphiql-examples';
import { maskUnexpectedError, useCodeOnEveryError } from './core/errors';
import { schema } from './graphql/schema';
import { useIdempotencyKeys } from './idempotency';
import { useJit } from './jit';
import { useHealthEndpoints, useWholeResponseWhenUnavailable, type Lifecycle } from './health';
import { DEFAULT_LIMITS, useLimits, useRateLimit, type Limits, type RateLimiter } from './limits';
import { useOperationScopes } from './auth/operation-scopes';
import { useMetrics, type Metrics } from './observability/metrics';
import { useMetricsToken } from './observability/metrics-access';
import { useRequestLog } from './observability/request-log';
import { useReadYourWrites, type RecentWriters } from './read-your-writes';

export interface AppOptions {
  db: Database;
  /** Where subscriptions' events travel; in process when omitted. */
  events?: Events;
  logger?: Logger;
  /** Only the benchmark turns this off, to measure what DataLoaders save. */
  loaderOptions?: LoaderOptions;
  /** REQUIRE_READ_TOKEN: refuse anonymous reads. */
  requireReadToken?: boolean;
  /** What one request may ask; the settings' defaults when omitted. */
  limits?: Partial<Limits>;
  /** Requests per token and per address; no rate limit when omitted. */
  rateLimiter?: RateLimiter;
  /** GRAPHIQL: serve GraphiQL on GET /graphql from a browser. */
  graphiql?: boolean;
  /** RESPONSE_CACHE: anonymous reads answered from it, emptied by every mutation. */
  responseCache?: ResponseCache;
  /** With read replicas: who wrote lately, and so reads from the primary. */
  recentWriters?: RecentWriters;
  /** MAX_CONCURRENT_EXPORTS: exports streaming at once; more are told to retry. */
  maxConcurrentExports?: number;
  /** MAX_EXPORTS_PER_CLIENT: exports one token or address may have streaming at once. */
  maxExportsPerClient?: number;
  /** EXPORT_IDLE_TIMEOUT_MS: an export whose client stops reading for this long is cut off. */
  exportIdleTimeoutMs?: number;
  /** CORS_ORIGINS: the origins whose pages may call the API (none by default). */
  corsOrigins?: string[];
  /** The server marks it draining on SIGTERM, and /readyz says so. */
  lifecycle?: Lifecycle;
  /** Served at /metrics when given. */
  metrics?: Metrics;
  /** METRICS_TOKEN: /metrics answers only this bearer token. */
  metricsToken?: string;
  /** METRICS_PORT is set: the server serves /metrics on that port, and the app not at all. */
  metricsElsewhere?: boolean;
  /** More plugins from the server: tracing, when configured. */
  extraPlugins?: Plugin[];
  /**
   * Compile each query with graphql-jit instead of interpreting it (GRAPHQL_JIT, on by default):
   * see src/jit.ts for what stays on graphql-js and what the patch of graphql-jit fixes. `false`
   * runs everything on graphql-js.
   */
  jit?: boolean;
  /** EXTRACTION_THREADS: importArticle's extraction in worker threads; in the request's thread when omitted. */
  extract?: Extract;
}

/** The whole HTTP application, with no side effects: tests call app.fetch() in-process. */
export function createApp({
  db,
  events = createEvents(),
  logger,
  loaderOptions,
  requireReadToken = false,
  limits,
  rateLimiter,
  graphiql = true,
  responseCache,
  recentWriters,
  corsOrigins = [],
  maxConcurrentExports = 4,
  maxExportsPerClient = 2,
  exportIdleTimeoutMs = 30_000,
  lifecycle = { draining: false },
  metrics,
  metricsToken,
  metricsElsewhere = false,
  extraPlugins = [],
  jit = true,
  extract,
}: AppOptions) {
  const rateLimit = rateLimiter && useRateLimit(rateLimiter, db);
  return createYoga({
    schema,
    graphqlEndpoint: '/graphql',
    context: ({ request, params }) =>
      createContext(db, events, request, { loaderOptions, requireReadToken, extract, query: params?.query }),
    // Masked errors are logged here with their stack; clients only see "Internal server error".
    logging: logger ?? false,
    // Yoga would add the stack, the SQL and its parameters to responses when NODE_ENV is
    // "development": a public API never does.
    maskedErrors: { isDev: false, maskError: maskUnexpectedError },
    // One operation per request: a batch of many would multiply every limit below.
    batching: false,
    // useLimits' body limit (MAX_BODY_BYTES) is the only one: yoga's own (25 MB) piped every
    // body through a TransformStream, 2-3.6% of a read's CPU (bench/FINDINGS.md).
    maxRequestBodySize: false,
    // Ours instead (src/cors.ts): yoga's answers every preflight 204 and omits Vary: Origin.
    cors: false,
    graphiql: graphiql && {
      title: 'newskb',
      defaultTabs: exampleTabs,
    },
    renderGraphiQL: renderLocalGraphiQL,
    plugins: [
      useCors(corsOrigins),
      ...(logger ? [useRequestLog(logger)] : []),
      useHealthEndpoints(db, lifecycle),
      useWholeResponseWhenUnavailable(),
      useCodeOnEveryError(),
      ...(metrics && metricsToken && !metricsElsewhere ? [useMetricsToken(metricsToken)] : []),
      ...(metrics ? useMetrics(metrics, db, { endpoint: metricsElsewhere ? false : '/metrics' }) : []),
      ...extraPlugins,
      ...(rateLimit ? [rateLimit.admission] : []),
      // Before every plugin that wraps the executor (idempotency, the timeout, the response cache): the last setExecuteFn wins.
      ...(jit ? useJit() : []),
      // Before the limits: its execute runs inside the timeout's, so a result the deadline did not wait for is still kept.
      useIdempotencyKeys(db),
      ...useLimits({ ...DEFAULT_LIMITS, ...limits }),
      useOperationScopes(),
      // After the cost limit, whose cost it charges, and the scopes, so that a refused operation costs nothing more.
      ...(rateLimit ? [rateLimit.charge] : []),
      useLocalGraphiQLAssets(),
      useFrontPage(),
      useExports(db, {
        maxConcurrent: maxConcurrentExports,
        maxPerClient: maxExportsPerClient,
        idleTimeoutMs: exportIdleTimeoutMs,
        clientAddress: rateLimiter?.clientAddress,
      }),
      useJsonLdRoutes(),
      useDeferStream(),
      ...(recentWriters ? [useReadYourWrites(recentWriters, loaderOptions)] : []),
      // Last: it wraps the executor chosen above, and keys answers by the text persisted operations resolved.
      ...(responseCache ? responseCache.plugins({ requireReadToken }) : []),
    ],
  });
}

export type App = ReturnType<typeof createApp>;
