import { z } from 'zod';

/**
 * Every setting newskb reads from the environment, parsed once. The README's configuration
 * table lists the same names.
 */
const settingsSchema = z.object({
  DATABASE_URL: z.string().url().optional(),
  PGLITE_DIR: z.string().min(1).default('./data'),
  MIGRATIONS_DIR: z.string().min(1).default('./schema/migrations'),
  SEED_ARTICLES_DIR: z.string().min(1).default('./seeds/articles'),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().min(1).default('0.0.0.0'),
  // z.coerce.boolean() would read "false" as true.
  GRAPHQL_JIT: z.enum(['true', 'false']).default('false').transform((value) => value === 'true'),
  REQUIRE_READ_TOKEN: z.enum(['true', 'false']).default('false').transform((value) => value === 'true'),
  // Subscriptions travel through Redis when set, so several instances hear each other's events.
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL').optional(),
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
