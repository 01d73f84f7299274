import { driverErrorOf } from '../core/errors';

/**
 * How every command-line tool ends. A person at a terminal gets one line that says what went
 * wrong (a missing file, a bad setting, a database that does not answer), not a stack trace;
 * NEWSKB_DEBUG=1 prints the whole error for a bug report. Exit codes: 1 for a failure, 2 for a
 * command given wrongly (the tool's usage follows).
 */

/** The command was given wrongly: the usage is printed, exit code 2. `message` says what was wrong. */
export class UsageError extends Error {}

/** A refusal that is already one sentence for the user (exit code `exitCode`). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

interface SystemError {
  code?: string;
  path?: string;
  address?: string;
  port?: number;
  message?: string;
}

const isSystemCode = (code: string) => /^E[A-Z]+$/.test(code);

/**
 * The system error (ENOENT, ECONNREFUSED) under Drizzle's and postgres.js' wrappers, or first in
 * an AggregateError (a connection tried on several addresses).
 */
function systemErrorOf(error: unknown): SystemError | undefined {
  const found = driverErrorOf(error, isSystemCode) ?? driverErrorOf((error as { errors?: unknown[] } | null)?.errors?.[0], isSystemCode);
  return found?.source as SystemError | undefined;
}

/** One line for a user: what failed, and what to check. */
export function describeFailure(error: unknown): string {
  const system = systemErrorOf(error);
  switch (system?.code) {
    case 'ENOENT':
      if (system.path) return `No such file or folder: ${system.path}`;
      break;
    case 'EACCES':
    case 'EPERM':
      if (system.path) return `Not allowed to read or write ${system.path}`;
      break;
    case 'EISDIR':
      if (system.path) return `${system.path} is a folder, not a file`;
      break;
    case 'ECONNREFUSED':
    case 'EHOSTUNREACH':
    case 'ETIMEDOUT':
    case 'ENOTFOUND': {
      const where = system.address ? `${system.address}${system.port ? `:${system.port}` : ''}` : 'the configured host';
      return `Cannot reach the database at ${where} (${system.code}): is it running, and is DATABASE_URL right?`;
    }
  }
  const message = error instanceof Error ? error.message : String(error);
  // Multi-line messages (the settings' list of problems) fold into one line.
  return message.replace(/\s*\n\s*/g, '; ').replace(/:;/g, ':');
}

/**
 * Runs a tool's main function. `usage` is printed after a UsageError. An error thrown while the
 * tool's modules load (a setting read at import) reaches the same handler.
 */
export function runCli(main: () => Promise<void>, usage?: string): void {
  const fail = (error: unknown) => {
    if (process.env.NEWSKB_DEBUG === '1') console.error(error);
    // parseArgs' unknown or malformed options are a command given wrongly too.
    const parseArgs = (error as { code?: string })?.code?.startsWith?.('ERR_PARSE_ARGS');
    if (error instanceof UsageError || parseArgs) {
      const message = error instanceof Error ? error.message : '';
      console.error(`${message ? `${message}\n\n` : ''}${usage ?? ''}`.trim());
      process.exit(2);
    }
    console.error(describeFailure(error));
    process.exit(error instanceof CliError ? error.exitCode : 1);
  };
  process.on('uncaughtException', fail);
  process.on('unhandledRejection', fail);
  main().catch(fail);
}
