import { z } from 'zod';

/**
 * Every setting newskb reads from the environment, parsed once. The README's configuration
 * table lists the same names.
 */
// z.coerce.boolean() would read "false" as true.
const flag = (fallback: 'true' | 'false') =>
  z.enum(['true', 'false']).default(fallback).transform((value) => value === 'true');

const settingsSchema = z.object({
  DATABASE_URL: z.string().url().optional(),
  PGLITE_DIR: z.string().min(1).default('./data'),
  MIGRATIONS_DIR: z.string().min(1).default('./schema/migrations'),
  SEED_ARTICLES_DIR: z.string().min(1).default('./seeds/articles'),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().min(1).default('0.0.0.0'),
  GRAPHQL_JIT: flag('false'),
  REQUIRE_READ_TOKEN: flag('false'),
  // Subscriptions travel through Redis when set, so several instances hear each other's events.
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL').optional(),
  // Scale-out (docs/scaling.md): reads from streaming replicas, and a response cache.
  DATABASE_REPLICA_URLS: z
    .string()
    .transform((list) => list.split(',').map((url) => url.trim()).filter(Boolean))
    .pipe(z.array(z.string().url()))
    .default([]),
  READ_YOUR_WRITES_MS: z.coerce.number().int().min(0).max(600_000).default(5_000),
  // Off by default: writes made outside GraphQL would be seen only when the TTL runs out.
  RESPONSE_CACHE: flag('false'),
  RESPONSE_CACHE_TTL_MS: z.coerce.number().int().min(1).max(86_400_000).default(30_000),
  // Limits a public API needs (src/limits/); each is in the README's configuration table.
  MAX_DEPTH: z.coerce.number().int().min(1).max(100).default(12),
  MAX_COST: z.coerce.number().int().min(1).default(50_000),
  MAX_ALIASES: z.coerce.number().int().min(0).max(1000).default(30),
  MAX_DIRECTIVES: z.coerce.number().int().min(0).max(1000).default(20),
  MAX_TOKENS: z.coerce.number().int().min(10).default(2_000),
  MAX_REPEATED_FIELDS: z.coerce.number().int().min(1).default(20),
  MAX_CONCURRENT_EXPORTS: z.coerce.number().int().min(1).max(100).default(4),
  MAX_EXPORTS_PER_CLIENT: z.coerce.number().int().min(1).max(100).default(2),
  EXPORT_IDLE_TIMEOUT_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
  // importArticle's quotation finding off the request thread (src/extraction/threads.ts); 0: in it.
  EXTRACTION_THREADS: z.coerce.number().int().min(0).max(64).default(1),
  // A thread still on one text after this long is ended and the import refused (EXTRACTION_TIMEOUT).
  EXTRACTION_TIMEOUT_MS: z.coerce.number().int().min(100).default(5_000),
  // Texts that may wait for a busy thread, by count and by UTF-8 bytes; past them EXTRACTION_BUSY (503).
  EXTRACTION_QUEUE_MAX: z.coerce.number().int().min(0).default(32),
  EXTRACTION_QUEUE_MAX_BYTES: z.coerce.number().int().min(0).default(8_388_608),
  // With EXTRACTION_THREADS=0, longer texts go to a one-off thread rather than the request's.
  EXTRACTION_INLINE_MAX_CHARS: z.coerce.number().int().min(0).default(16_384),
  MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
  MAX_RESPONSE_BYTES: z.coerce.number().int().min(1024).default(10_485_760),
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(10).default(5_000),
  RATE_LIMIT_ANONYMOUS: z.coerce.number().int().min(0).default(600),
  RATE_LIMIT_TOKEN: z.coerce.number().int().min(0).default(3_000),
  RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).default(60),
  // Behind load balancers, the client's address is the entry of X-Forwarded-For TRUST_PROXY_HOPS from the right.
  TRUST_PROXY: flag('false'),
  TRUST_PROXY_HOPS: z.coerce.number().int().min(1).max(10).default(1),
  // Rate limits charge an operation one point per this much query cost (at least one).
  RATE_LIMIT_COST_PER_POINT: z.coerce.number().int().min(1).default(100),
  // Origins whose pages may call the API from a browser, comma-separated; `*` for any.
  CORS_ORIGINS: z
    .string()
    .transform((list) => list.split(',').map((origin) => origin.trim()).filter(Boolean))
    .pipe(z.array(z.union([z.literal('*'), z.string().url()])))
    .default([]),
  INTROSPECTION: flag('true'),
  GRAPHIQL: flag('true'),
  // "Did you mean …?" hints help in GraphiQL and map the schema for scanners once it is hidden.
  FIELD_SUGGESTIONS: z.enum(['true', 'false']).optional(),
  PERSISTED_OPERATIONS: z.enum(['off', 'accepted', 'only']).default('accepted'),
  PERSISTED_OPERATIONS_FILE: z.string().min(1).optional(),
  NODE_ENV: z.string().optional(),
  // On SIGTERM: keep serving (not ready) this long, so load balancers move away first; then close
  // the listener and give in-flight requests the grace period; exit at the deadline whatever runs.
  SHUTDOWN_DRAIN_MS: z.coerce.number().int().min(0).max(60_000).default(2_000),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(60_000).default(6_000),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(9_500),
  // The OpenTelemetry SDKs' own variable: traces go there over OTLP/HTTP when it is set.
  OTEL_EXPORTER_OTLP_ENDPOINT: z.string().url().optional(),
  METRICS: flag('true'),
  // /metrics on a port of its own (which the load balancer does not expose), or behind a token.
  METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  METRICS_HOST: z.string().min(1).optional(),
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  // Operation names labelled in /metrics besides GraphiQL's examples and the persisted ones; the rest are "other".
  METRICS_OPERATION_NAMES: z.coerce.number().int().min(0).max(10_000).default(50),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Settings = z.infer<typeof settingsSchema>;

export function readSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  // An empty variable (DATABASE_URL= in a compose file) means "not set", not "invalid".
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = settingsSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  return parsed.data;
}
