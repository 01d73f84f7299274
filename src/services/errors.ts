/**
 * The failures a mutation returns as typed results (src/graphql/user-errors.ts), rather than as
 * top-level errors: a client renders them next to the field they concern. `path` names that field
 * from the mutation's arguments down, as in ["input", "spanStart"].
 */
export class ValidationError extends Error {
  constructor(
    message: string,
    readonly path: string[],
  ) {
    super(message);
    this.name = 'ValidationError';
  }
}

/** An ID in the input that names nothing (or nothing of the right type). */
export class NotFoundError extends Error {
  constructor(
    message: string,
    readonly path: string[],
    readonly id: string | null = null,
  ) {
    super(message);
    this.name = 'NotFoundError';
  }
}

/** The write would break a uniqueness rule, or remove a row that others still point to. */
export class ConflictError extends Error {
  constructor(
    message: string,
    readonly path: string[],
    readonly constraint: string | null = null,
  ) {
    super(message);
    this.name = 'ConflictError';
  }
}

export type UserError = ValidationError | NotFoundError | ConflictError;

export const isUserError = (error: unknown): error is UserError =>
  error instanceof ValidationError || error instanceof NotFoundError || error instanceof ConflictError;
