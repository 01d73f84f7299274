import { z } from 'zod';

/**
 * Every setting newskb reads from the environment, parsed once. Each carries the description
 * that docs/configuration.md shows: `npm run docs:config` writes the page's table from this
 * schema, in this order, and test/docs-config.test.ts fails when the page no longer matches.
 * Descriptions are Markdown as written in docs/ (links relative to that folder). `defaultText`
 * replaces the default the table would show when it says more than the schema's value.
 */
// z.coerce.boolean() would read "false" as true.
const flag = (fallback: 'true' | 'false') =>
  z
    .enum(['true', 'false'])
    .default(fallback)
    .transform((value) => value === 'true');

export const settingsSchema = z.object({
  DATABASE_URL: z.string().url().optional().describe('`postgres://` URL of a real Postgres. Unset: the embedded PGlite.'),
  PGLITE_DIR: z
    .string()
    .min(1)
    .default('./data')
    .describe('Where the embedded database lives; one process at a time holds it (`newskb.lock` in it names which).'),
  DATABASE_POOL_MAX: z.coerce
    .number()
    .int()
    .min(1)
    .max(200)
    .default(10)
    .describe("Connections in the Postgres pool (and in each replica's)."),
  // Scale-out (docs/scaling.md): reads from streaming replicas, and a response cache.
  DATABASE_REPLICA_URLS: z
    .string()
    .transform((list) =>
      list
        .split(',')
        .map((url) => url.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().url()))
    .default([])
    .describe(
      'Comma-separated `postgres://` URLs of streaming replicas of `DATABASE_URL`: queries read from them, writes and a ' +
        "writer's next reads go to the primary ([scaling.md](scaling.md#step-3-read-replicas)).",
    ),
  READ_YOUR_WRITES_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(600_000)
    .default(5_000)
    .describe(
      'With replicas: how long a token that wrote reads from the primary, and how long after any write the response ' +
        "cache stores nothing. Set it above the replicas' lag; `0` turns both off.",
    ),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000).describe('HTTP port.'),
  HOST: z.string().min(1).default('0.0.0.0').describe('Interface to listen on.'),
  REQUIRE_READ_TOKEN: flag('false').describe('`true`: reads need a token too (any scope). Reads are public by default.'),
  GRAPHQL_JIT: flag('true').describe(
    "Queries are compiled once per document with graphql-jit (patched: unpatched, it put a failed list item's null at the " +
      "list's end) instead of interpreted by graphql-js (bench/FINDINGS.md). `false`: graphql-js for everything. Mutations, " +
      'subscriptions and @defer/@stream always run on graphql-js.',
  ),
  // Subscriptions travel through Redis when set, so several instances hear each other's events.
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
    .optional()
    .describe(
      "`redis://` URL: subscriptions' events, rate-limit counts, the response cache and who wrote lately go through " +
        'Redis, shared by every instance. Unset: in process.',
    ),
  // Off by default: writes made outside GraphQL would be seen only when the TTL runs out.
  RESPONSE_CACHE: flag('false').describe(
    '`true` answers repeated anonymous reads from a cache (in Redis with `REDIS_URL`), emptied for every instance by ' +
      'any mutation and by `npm run import`; answers to tokens are never cached ' +
      '([scaling.md](scaling.md#step-2-the-response-cache)). Off by default: other writes made outside GraphQL ' +
      '(`npm run restore`, SQL by hand) show only when the TTL runs out.',
  ),
  RESPONSE_CACHE_TTL_MS: z.coerce
    .number()
    .int()
    .min(1)
    .max(86_400_000)
    .default(30_000)
    .describe('How long a cached answer lives when no mutation comes.'),
  // Limits a public API needs (src/limits/), told in docs/limits-and-security.md.
  MAX_DEPTH: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .default(12)
    .describe('Deepest selection an operation may have (introspection exempt).'),
  MAX_COST: z.coerce.number().int().min(1).default(50_000).describe('Highest [cost](limits-and-security.md#limits) an operation may have.'),
  MAX_ALIASES: z.coerce.number().int().min(0).max(1000).default(30).describe('Aliases per operation, `__typename` included.'),
  MAX_DIRECTIVES: z.coerce.number().int().min(0).max(1000).default(20).describe('Directives per operation.'),
  MAX_TOKENS: z.coerce.number().int().min(10).default(2_000).describe('Lexical tokens per operation.'),
  MAX_REPEATED_FIELDS: z.coerce
    .number()
    .int()
    .min(1)
    .default(20)
    .describe('Times one field (or alias) may be selected in one selection set.'),
  // importArticle's quotation finding off the request thread (src/extraction/threads.ts); 0: in it.
  EXTRACTION_THREADS: z.coerce
    .number()
    .int()
    .min(0)
    .max(64)
    .default(1)
    .describe(
      "Worker threads (at most 64) that find `importArticle`'s quotations, so that other requests need not wait for " +
        "them; `0` finds them in the request's thread (texts up to `EXTRACTION_INLINE_MAX_CHARS`).",
    ),
  // A thread still on one text after this long is ended and the import refused (EXTRACTION_TIMEOUT).
  EXTRACTION_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .default(5_000)
    .describe(
      'Longest a thread may spend on one text (from when it has started); past it the thread is ended and replaced, ' +
        'and the import fails with `EXTRACTION_TIMEOUT`. Keep it under `REQUEST_TIMEOUT_MS`.',
    ),
  // Texts that may wait for a busy thread, by count and by UTF-8 bytes; past them EXTRACTION_BUSY (503).
  EXTRACTION_QUEUE_MAX: z.coerce
    .number()
    .int()
    .min(0)
    .default(32)
    .describe('Texts that may wait while every extraction thread is busy; one more import is refused with `EXTRACTION_BUSY` (503).'),
  EXTRACTION_QUEUE_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(0)
    .default(8_388_608)
    .describe('UTF-8 bytes those waiting texts may hold together; past it, `EXTRACTION_BUSY` likewise.'),
  // With EXTRACTION_THREADS=0, longer texts go to a one-off thread rather than the request's.
  EXTRACTION_INLINE_MAX_CHARS: z.coerce
    .number()
    .int()
    .min(0)
    .default(16_384)
    .describe(
      "With `EXTRACTION_THREADS=0`: longest text read in the request's thread; a longer one goes to a one-off thread, " +
        'under the bounds above.',
    ),
  MAX_CONCURRENT_EXPORTS: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .default(4)
    .describe('Exports streaming at once (each holds a database connection); one more is answered 503 `EXPORTS_BUSY`.'),
  MAX_EXPORTS_PER_CLIENT: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .default(2)
    .describe(
      'Exports one token (or, without one, one address) may have streaming at once; one more is answered 429 ' + '`TOO_MANY_EXPORTS`.',
    ),
  EXPORT_IDLE_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(3_600_000)
    .default(30_000)
    .describe('An export whose client leaves a chunk untaken this long is cut off, freeing its slot and its database transaction.'),
  MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(1_048_576).describe('Largest request body.'),
  MAX_RESPONSE_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(10_485_760)
    .describe('Largest answer (its data, as UTF-8 JSON); a larger one is refused with `RESPONSE_TOO_LARGE`.'),
  REQUEST_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .default(10_000)
    .describe('An operation still running is stopped and answered `REQUEST_TIMEOUT`; also the time a client has to send its request.'),
  STATEMENT_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(10)
    .default(5_000)
    .describe('Postgres `statement_timeout` for every connection of the pool.'),
  RATE_LIMIT_ANONYMOUS: z.coerce
    .number()
    .int()
    .min(0)
    .default(600)
    .describe('Points per window per address without a token; `0` turns it off.'),
  RATE_LIMIT_TOKEN: z.coerce.number().int().min(0).default(3_000).describe('Points per window per token; `0` turns it off.'),
  // Rate limits charge an operation one point per this much query cost (at least one).
  RATE_LIMIT_COST_PER_POINT: z.coerce
    .number()
    .int()
    .min(1)
    .default(100)
    .describe('An operation is charged one point per this much query cost, at least one.'),
  RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).default(60).describe("The rate limits' window."),
  // Behind load balancers, the client's address is the entry of X-Forwarded-For TRUST_PROXY_HOPS from the right.
  TRUST_PROXY: flag('false').describe("`true` behind load balancers: the client's address comes from `X-Forwarded-For`."),
  TRUST_PROXY_HOPS: z.coerce
    .number()
    .int()
    .min(1)
    .max(10)
    .default(1)
    .describe('With `TRUST_PROXY`: the proxies that append to `X-Forwarded-For`; the client is the entry this many from the right.'),
  // Origins whose pages may call the API from a browser, comma-separated; `*` for any.
  CORS_ORIGINS: z
    .string()
    .transform((list) =>
      list
        .split(',')
        .map((origin) => origin.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.union([z.literal('*'), z.string().url()])))
    .default([])
    .describe(
      'Origins whose pages may call the API from a browser, comma-separated ' +
        "(`https://desk.example,https://factcheck.example`), or `*`. Unset: none but the API's own (GraphiQL). Never " +
        'with credentials: tokens go in the Authorization header.',
    ),
  INTROSPECTION: flag('true').describe('`false` refuses introspection queries.'),
  GRAPHIQL: flag('true').describe('`false` stops serving GraphiQL.'),
  // "Did you mean …?" hints help in GraphiQL and map the schema for scanners once it is hidden.
  FIELD_SUGGESTIONS: z
    .enum(['true', 'false'])
    .optional()
    .meta({ description: '`false` hides "Did you mean …?" in validation errors.', defaultText: 'on unless `NODE_ENV=production`' }),
  NODE_ENV: z.string().optional().describe('`production` hides "Did you mean …?" suggestions unless `FIELD_SUGGESTIONS` says otherwise.'),
  PERSISTED_OPERATIONS: z
    .enum(['off', 'accepted', 'only'])
    .default('accepted')
    .describe('`accepted`: operations by hash or text; `only`: by hash only (allow-list); `off`.'),
  PERSISTED_OPERATIONS_FILE: z
    .string()
    .min(1)
    .optional()
    .describe("JSON object of SHA-256 hash to operation text, listed besides GraphiQL's examples."),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info')
    .describe('pino level: `fatal` … `trace`, or `silent`.'),
  MIGRATIONS_DIR: z
    .string()
    .min(1)
    .default('./schema/migrations')
    .describe('Migrations, relative to the working directory (also after a build).'),
  SEED_ARTICLES_DIR: z.string().min(1).default('./seeds/articles').describe("The seed articles' texts."),
  // On SIGTERM: keep serving (not ready) this long, so load balancers move away first; then close
  // the listener and give in-flight requests the grace period; exit at the deadline whatever runs.
  SHUTDOWN_DRAIN_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(60_000)
    .default(2_000)
    .describe('On SIGTERM, how long the instance goes on serving, not ready, before it stops listening.'),
  SHUTDOWN_GRACE_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(60_000)
    .default(6_000)
    .describe('Then how long requests in flight may take before their connections are cut.'),
  SHUTDOWN_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(300_000)
    .default(9_500)
    .describe('The process exits (code 1) this long after SIGTERM, whatever still runs.'),
  METRICS: flag('true').describe('`false` stops serving `/metrics`.'),
  // /metrics on a port of its own (which the load balancer does not expose), or behind a token.
  METRICS_PORT: z.coerce
    .number()
    .int()
    .min(1)
    .max(65535)
    .optional()
    .describe(
      'Serves `/metrics` on this port instead of the public one: what production should use ' + '([Operating](operations.md#operating)).',
    ),
  METRICS_HOST: z.string().min(1).optional().meta({ description: 'The interface of the `METRICS_PORT` listener.', defaultText: '`HOST`' }),
  METRICS_TOKEN: z
    .string()
    .min(16, 'must be at least 16 characters')
    .optional()
    .describe('`/metrics` on the public port answers only `Authorization: Bearer <this>` (16 characters at least).'),
  // Operation names labelled in /metrics besides GraphiQL's examples and the persisted ones; the rest are "other".
  METRICS_OPERATION_NAMES: z.coerce
    .number()
    .int()
    .min(0)
    .max(10_000)
    .default(50)
    .describe(
      "Operation names (besides GraphiQL's examples and the persisted operations) labelled as themselves in " +
        '`/metrics`, the first seen; later ones are labelled `other`.',
    ),
  // The OpenTelemetry SDKs' own variable: traces go there over OTLP/HTTP when it is set.
  OTEL_EXPORTER_OTLP_ENDPOINT: z
    .string()
    .url()
    .optional()
    .describe('OTLP/HTTP collector URL (e.g. `http://otel-collector:4318`): traces go there.'),
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
