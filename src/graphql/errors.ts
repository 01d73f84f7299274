import { GraphQLError } from 'graphql';

/**
 * The error codes a client can act on. They are part of the API contract: never rename one.
 * Anything else thrown in a resolver is masked by Yoga as "Unexpected error" and logged.
 */
export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
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
