/** Settings and helpers the benchmark's scripts share. */
import { execFileSync } from 'node:child_process';
import path from 'node:path';

export const DEFAULT_BENCH_DATABASE_URL = 'postgres://root@127.0.0.1:5432/newskb_bench';
export const MIGRATIONS_DIR = 'schema/migrations';

export function benchDatabaseUrl(): string {
  return process.env.BENCH_DATABASE_URL || DEFAULT_BENCH_DATABASE_URL;
}

/** The same URL pointing at another database on the same server. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export function databaseName(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  if (!name) throw new Error(`The URL ${url} names no database`);
  return name;
}

/** The sizes the generator makes unless told otherwise; the runner expects these by default. */
export const DEFAULT_SIZES = {
  articles: 10_000,
  statements: 100_000,
  speakers: 2_000,
  organizations: 1_000,
  seed: 42,
};
export type Sizes = typeof DEFAULT_SIZES;

/**
 * `--name value`, `--name=value` and bare `--flag` (true). Unknown flags are an error, so a
 * typo does not silently run the default.
 */
export function parseFlags<Spec extends Record<string, 'string' | 'number' | 'boolean'>>(
  argv: string[],
  spec: Spec,
): { [K in keyof Spec]?: Spec[K] extends 'number' ? number : Spec[K] extends 'boolean' ? boolean : string } {
  const result: Record<string, unknown> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) throw new Error(`Unexpected argument "${arg}"`);
    const [rawName, inline] = arg.slice(2).split(/=(.*)/s, 2);
    const type = spec[rawName];
    if (!type)
      throw new Error(
        `Unknown flag --${rawName}; known: ${Object.keys(spec)
          .map((k) => `--${k}`)
          .join(', ')}`,
      );
    if (type === 'boolean') {
      result[rawName] = inline === undefined ? true : inline !== 'false';
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`--${rawName} needs a value`);
    if (type === 'number') {
      const number = Number(value);
      if (!Number.isFinite(number)) throw new Error(`--${rawName} must be a number, got "${value}"`);
      result[rawName] = number;
    } else {
      result[rawName] = value;
    }
  }
  return result as never;
}

export function log(message: string) {
  process.stderr.write(`${message}\n`);
}

/** The commit a result was measured at, written beside it. */
export function gitCommit(): string {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: path.resolve(__dirname, '..'), encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}
