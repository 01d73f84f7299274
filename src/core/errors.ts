import { GraphQLError, type GraphQLErrorOptions } from 'graphql';
import { maskError as yogaMaskError, type FetchAPI, type Plugin, type YogaServerOptions } from 'graphql-yoga';

/**
 * The error codes a client can act on. They are part of the API contract: never rename one.
 * Anything else thrown in a resolver is masked (maskUnexpectedError) and logged.
 */
export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  // Limits on what one request may ask (src/limits/).
  QUERY_TOO_DEEP: 'QUERY_TOO_DEEP',
  QUERY_TOO_COSTLY: 'QUERY_TOO_COSTLY',
  TOO_MANY_ALIASES: 'TOO_MANY_ALIASES',
  TOO_MANY_DIRECTIVES: 'TOO_MANY_DIRECTIVES',
  TOO_MANY_TOKENS: 'TOO_MANY_TOKENS',
  TOO_MANY_REPEATED_FIELDS: 'TOO_MANY_REPEATED_FIELDS',
  REQUEST_TOO_LARGE: 'REQUEST_TOO_LARGE',
  RESPONSE_TOO_LARGE: 'RESPONSE_TOO_LARGE',
  CSRF_HEADER_REQUIRED: 'CSRF_HEADER_REQUIRED',
  ORIGIN_NOT_ALLOWED: 'ORIGIN_NOT_ALLOWED',
  RATE_LIMITED: 'RATE_LIMITED',
  TOO_MANY_EXPORTS: 'TOO_MANY_EXPORTS',
  PERSISTED_QUERY_NOT_FOUND: 'PERSISTED_QUERY_NOT_FOUND',
  PERSISTED_QUERY_REQUIRED: 'PERSISTED_QUERY_REQUIRED',
  REQUEST_TIMEOUT: 'REQUEST_TIMEOUT',
  OUTCOME_UNKNOWN: 'OUTCOME_UNKNOWN',
  IDEMPOTENCY_KEY_REUSED: 'IDEMPOTENCY_KEY_REUSED',
  IDEMPOTENCY_KEY_IN_PROGRESS: 'IDEMPOTENCY_KEY_IN_PROGRESS',
  // Failures of the server, not of the request.
  QUERY_TIMEOUT: 'QUERY_TIMEOUT',
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  EXPORTS_BUSY: 'EXPORTS_BUSY',
  EXTRACTION_BUSY: 'EXTRACTION_BUSY',
  EXTRACTION_TIMEOUT: 'EXTRACTION_TIMEOUT',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Where an error is placed in the operation (nodes, path) and what caused it. */
export type ErrorPlacement = Omit<GraphQLErrorOptions, 'extensions'>;

/**
 * The one way to build an error with a code, for resolvers, plugins and routes alike: the code
 * first, then the other extensions (`limit`, `retryAfter`…; `http` sets the status and headers,
 * which yoga applies and errorResponse too).
 */
export function clientError(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}, placement: ErrorPlacement = {}) {
  return new GraphQLError(message, { ...placement, extensions: { code, ...extensions } });
}

export const badUserInput = (message: string, extensions?: Record<string, unknown>) =>
  clientError(ErrorCode.BAD_USER_INPUT, message, extensions);

export const notFound = (message: string, extensions?: Record<string, unknown>) => clientError(ErrorCode.NOT_FOUND, message, extensions);

/** HTTP 401, so that clients and proxies see the failure without parsing the body. */
export const unauthenticated = (message: string, placement?: ErrorPlacement) =>
  clientError(ErrorCode.UNAUTHENTICATED, message, { http: { status: 401 } }, placement);

/** HTTP 403: the token is valid but lacks the scope the field needs. */
export const forbidden = (message: string, requiredScope: string, placement?: ErrorPlacement) =>
  clientError(ErrorCode.FORBIDDEN, message, { requiredScope, http: { status: 403 } }, placement);

export interface DriverError {
  /** SQLSTATE ('23505'), or a connection failure's code (ECONNREFUSED, CONNECTION_CLOSED). */
  code: string;
  /** The constraint a violation names: postgres.js calls it constraint_name, PGlite constraint. */
  constraint: string | null;
  message: string;
  /** The error that carries the code, for fields of its own (a system error's path, address, port). */
  source: Record<string, unknown>;
}

/**
 * The driver's error under Drizzle's wrapper (`cause`) and GraphQL's (`originalError`): the
 * first error on the way down whose code `accept` takes (any code, unless told otherwise).
 */
export function driverErrorOf(error: unknown, accept: (code: string) => boolean = () => true): DriverError | undefined {
  // Not `instanceof Error`: the driver's errors may come from another realm (jest's, a worker's).
  let current = error as Record<string, unknown> | null | undefined;
  for (let depth = 0; current && typeof current === 'object' && depth < 10; depth += 1) {
    if (typeof current.code === 'string' && accept(current.code)) {
      const constraint = (current.constraint_name ?? current.constraint ?? null) as string | null;
      return { code: current.code, constraint, message: String(current.message), source: current };
    }
    current = (current.originalError ?? current.cause) as typeof current;
  }
  return undefined;
}

/**
 * The database cannot be reached or is going away: postgres.js' connection errors, Postgres'
 * connection exceptions (class 08), a shutting-down or starting server (57P01 to 57P03) and a
 * full connection table (53300). The request may succeed once it is back.
 */
function isDatabaseUnavailable(code: string | undefined): boolean {
  if (!code) return false;
  return (
    [
      'ECONNREFUSED',
      'ECONNRESET',
      'ETIMEDOUT',
      'EHOSTUNREACH',
      'ENOTFOUND',
      'EPIPE',
      'CONNECTION_CLOSED',
      'CONNECTION_DESTROYED',
      'CONNECTION_ENDED',
      'CONNECT_TIMEOUT',
    ].includes(code) ||
    code.startsWith('08') ||
    ['57P01', '57P02', '57P03', '53300'].includes(code)
  );
}

/** How long a client should wait before trying again once the database is back. */
const RETRY_AFTER_SECONDS = 5;

/**
 * Yoga's masking (no stack, no SQL, nothing of the cause), with three changes: a query that
 * Postgres stopped at statement_timeout says so (QUERY_TIMEOUT), an unreachable database says so
 * (SERVICE_UNAVAILABLE, with Retry-After), and any other failure is worded for people ("Internal
 * server error") rather than yoga's "Unexpected error.".
 */
export const maskUnexpectedError: NonNullable<Exclude<YogaServerOptions<object, object>['maskedErrors'], boolean>>['maskError'] = (
  error,
  _message,
  isDev,
) => {
  const path = error instanceof GraphQLError ? error.path : undefined;
  const code = driverErrorOf(error)?.code;
  if (code === '57014') {
    return clientError(
      ErrorCode.QUERY_TIMEOUT,
      'A database query took longer than the statement timeout and was cancelled; ask for less (smaller pages, fewer levels).',
      { http: { status: 503 } },
      { path },
    );
  }
  if (isDatabaseUnavailable(code)) {
    return clientError(
      ErrorCode.SERVICE_UNAVAILABLE,
      `The database is unavailable; try again in ${RETRY_AFTER_SECONDS} s.`,
      { http: { status: 503, headers: { 'retry-after': String(RETRY_AFTER_SECONDS) } } },
      { path },
    );
  }
  return yogaMaskError(error, 'Internal server error: it has been logged.', isDev);
};

/**
 * graphql-js reports a variable of the wrong type, or a required one missing, with no code at
 * all. Those are the client's to fix: BAD_USER_INPUT, as every error must carry a code.
 */
export function useCodeOnEveryError(): Plugin {
  return {
    onExecute: () => ({
      onExecuteDone({ result, setResult }) {
        if (!('errors' in result) || !result.errors?.some((error) => !error.extensions?.code)) return;
        setResult({
          ...result,
          errors: result.errors.map((error) =>
            error.extensions?.code
              ? error
              : clientError(ErrorCode.BAD_USER_INPUT, error.message, error.extensions, {
                  nodes: error.nodes,
                  source: error.source,
                  positions: error.positions,
                  path: error.path,
                  originalError: error.originalError,
                }),
          ),
        });
      },
    }),
  };
}

/**
 * A JSON error body shaped like a GraphQL response's, so a client reads both the same way:
 * yoga's internal extensions left out, their HTTP status and headers applied. For what is
 * answered outside GraphQL's own handling (exports, and their rate limit).
 */
export function errorResponse(fetchAPI: FetchAPI, error: GraphQLError) {
  const {
    http,
    unexpected: _unexpected,
    ...extensions
  } = error.extensions as {
    http?: { status?: number; headers?: Record<string, string> };
    unexpected?: boolean;
    code?: string;
  };
  const status =
    http?.status ?? (extensions.code === ErrorCode.NOT_FOUND ? 404 : extensions.code === ErrorCode.INTERNAL_SERVER_ERROR ? 500 : 400);
  return fetchAPI.Response.json({ errors: [{ message: error.message, extensions }] }, { status, headers: http?.headers });
}
