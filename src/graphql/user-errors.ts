import { ConflictError, NotFoundError, ValidationError } from '../services/errors';
import { builder } from './builder';

/**
 * Mutations answer expected failures with these types in their result union, as GitHub and
 * Shopify answer with user errors: the client asks for `... on UserError { message path }` and
 * shows the message next to the field. Refused tokens and malformed requests stay top-level errors.
 */
const UserError = builder.interfaceRef<Error & { path: string[] }>('UserError').implement({
  description: 'A failure the client can correct: what went wrong, and which input field it concerns.',
  fields: (t) => ({
    message: t.exposeString('message'),
    path: t.exposeStringList('path', { description: 'From the mutation\'s arguments down, e.g. ["input", "spanStart"].' }),
  }),
});

builder.objectType(ValidationError, {
  name: 'ValidationError',
  description: 'An input value breaks a rule: a length, a format, a date order, a span that does not match the text.',
  interfaces: [UserError],
  isTypeOf: (value) => value instanceof ValidationError,
});

builder.objectType(NotFoundError, {
  name: 'NotFoundError',
  description: 'An ID in the input names nothing.',
  interfaces: [UserError],
  isTypeOf: (value) => value instanceof NotFoundError,
  fields: (t) => ({ id: t.exposeID('id', { nullable: true, description: 'The ID that matched nothing.' }) }),
});

builder.objectType(ConflictError, {
  name: 'ConflictError',
  description: 'The write would duplicate what is stored (a URL, a slug) or remove what others still point to.',
  interfaces: [UserError],
  isTypeOf: (value) => value instanceof ConflictError,
  fields: (t) => ({ constraint: t.exposeString('constraint', { nullable: true, description: 'The database rule involved.' }) }),
});

/** The `errors` option of every mutation: its result is the payload or one of these. */
export const userErrors = { types: [ValidationError, NotFoundError, ConflictError] };
