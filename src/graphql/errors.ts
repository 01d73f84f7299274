import { GraphQLError } from 'graphql';
import { maskError as yogaMaskError, type YogaServerOptions } from 'graphql-yoga';

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
  REQUEST_TOO_LARGE: 'REQUEST_TOO_LARGE',
  CSRF_HEADER_REQUIRED: 'CSRF_HEADER_REQUIRED',
  RATE_LIMITED: 'RATE_LIMITED',
  PERSISTED_QUERY_NOT_FOUND: 'PERSISTED_QUERY_NOT_FOUND',
  PERSISTED_QUERY_REQUIRED: 'PERSISTED_QUERY_REQUIRED',
  REQUEST_TIMEOUT: 'REQUEST_TIMEOUT',
  // Failures of the server, not of the request.
  QUERY_TIMEOUT: 'QUERY_TIMEOUT',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export function clientError(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) {
  return new GraphQLError(message, { extensions: { code, ...extensions } });
}

export const badUserInput = (message: string, extensions?: Record<string, unknown>) =>
  clientError(ErrorCode.BAD_USER_INPUT, message, extensions);

export const notFound = (message: string, extensions?: Record<string, unknown>) =>
  clientError(ErrorCode.NOT_FOUND, message, extensions);

/** HTTP 401, so that clients and proxies see the failure without parsing the body. */
export const unauthenticated = (message: string) =>
  new GraphQLError(message, { extensions: { code: ErrorCode.UNAUTHENTICATED, http: { status: 401 } } });

/** HTTP 403: the token is valid but lacks the scope the field needs. */
export const forbidden = (message: string, requiredScope: string) =>
  new GraphQLError(message, { extensions: { code: ErrorCode.FORBIDDEN, requiredScope, http: { status: 403 } } });

/** The driver's error under Drizzle's and GraphQL's wrappers, if there is one. */
function databaseCodeOf(error: unknown): string | undefined {
  for (let current = error; current instanceof Error; current = (current as { originalError?: unknown }).originalError ?? current.cause) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

/**
 * Yoga's masking (no stack, no SQL, nothing of the cause), with two changes: a query that
 * Postgres stopped at statement_timeout says so with QUERY_TIMEOUT, and an unexpected failure
 * is worded for people ("Internal server error") rather than yoga's "Unexpected error.".
 */
export const maskUnexpectedError: NonNullable<Exclude<YogaServerOptions<object, object>['maskedErrors'], boolean>>['maskError'] = (error, _message, isDev) => {
  if (databaseCodeOf(error) === '57014') {
    return new GraphQLError('A database query took longer than the statement timeout and was cancelled; ask for less (smaller pages, fewer levels).', {
      path: error instanceof GraphQLError ? error.path : undefined,
      extensions: { code: ErrorCode.QUERY_TIMEOUT, http: { status: 503 } },
    });
  }
  return yogaMaskError(error, 'Internal server error: it has been logged.', isDev);
};
