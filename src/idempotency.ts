import { createHash } from 'node:crypto';
import { and, eq, lt, sql } from 'drizzle-orm';
import { getOperationAST, type ExecutionResult, type GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { idempotencyKeys } from '../schema';
import type { Context } from './context';
import type { Database } from './db';
import { primaryOf } from './db/replicas';
import { clientError, ErrorCode } from './core/errors';

/** How long a key is remembered: a client retries within minutes, and Stripe keeps them a day. */
export const IDEMPOTENCY_KEY_TTL_HOURS = 24;
const KEY_FORMAT = /^[\x21-\x7e]{1,255}$/;

const keyError = (code: ErrorCode, message: string, status: number) => clientError(code, message, { http: { status } });

function requestDigest(params: { query?: string | null; operationName?: string | null; variables?: unknown }): string {
  return createHash('sha256')
    .update(JSON.stringify([params.query ?? '', params.operationName ?? null, params.variables ?? null]))
    .digest('hex');
}

/** A root field that answered (a success or a typed failure): its transaction may have committed. */
function wroteAnything(result: ExecutionResult): boolean {
  return Object.values(result.data ?? {}).some((value) => value != null);
}

/** What a client was shown of an error: its message and code (an internal one is masked later, here by hand). */
function publicError(error: GraphQLError) {
  const code = error.extensions?.code;
  return code == null || code === ErrorCode.INTERNAL_SERVER_ERROR
    ? { message: 'Internal server error: it has been logged.', path: error.path, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } }
    : { message: error.message, path: error.path, extensions: { code } };
}

/** The answers that were replayed, for their response header. */
const replayed = new WeakSet<Request>();

/**
 * `Idempotency-Key: <up to 255 visible ASCII characters>` on a mutation makes it safe to send
 * again (issue 14, item 6): a retry whose answer was lost (a dropped connection, OUTCOME_UNKNOWN)
 * is answered with the first request's result, and writes nothing. Per token, for 24 hours.
 *
 * - The key is claimed (inserted) before the mutation runs; its result is stored when it ends,
 *   also after the deadline answered OUTCOME_UNKNOWN (this wrapper runs inside the timeout's).
 * - The same key with another operation or other variables is IDEMPOTENCY_KEY_REUSED (422);
 *   while the first request still runs, IDEMPOTENCY_KEY_IN_PROGRESS (409, retry later).
 * - A mutation answered with errors wrote nothing (each runs in a transaction that the error rolled
 *   back), so its key is freed and a retry runs again; a typed failure (ConflictError…) is data,
 *   and is replayed like a success.
 */
export function useIdempotencyKeys(db: Database): Plugin {
  const primary = primaryOf(db);
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      const context = args.contextValue as unknown as Context & {
        request: Request;
        params: { query?: string; operationName?: string; variables?: unknown };
      };
      const key = context.request?.headers.get('idempotency-key');
      if (key == null || getOperationAST(args.document, args.operationName)?.operation !== 'mutation') return;
      // Writes need a token (the scope check refuses the others): keys are the token's own.
      if (context.viewer?.kind !== 'token') return;
      const tokenId = context.viewer.id;
      setExecuteFn(async (executeArgs) => {
        if (!KEY_FORMAT.test(key)) {
          return {
            errors: [keyError(ErrorCode.BAD_USER_INPUT, 'The Idempotency-Key header must be 1 to 255 visible ASCII characters.', 400)],
          };
        }
        const digest = requestDigest(context.params ?? {});
        const expired = sql`now() - make_interval(hours => ${IDEMPOTENCY_KEY_TTL_HOURS})`;
        await primary.delete(idempotencyKeys).where(and(eq(idempotencyKeys.tokenId, tokenId), lt(idempotencyKeys.createdAt, expired)));
        const [claimed] = await primary
          .insert(idempotencyKeys)
          .values({ tokenId, key, requestDigest: digest })
          .onConflictDoNothing()
          .returning();
        if (!claimed) {
          const [first] = await primary
            .select()
            .from(idempotencyKeys)
            .where(and(eq(idempotencyKeys.tokenId, tokenId), eq(idempotencyKeys.key, key)));
          if (first && first.requestDigest !== digest) {
            return {
              errors: [
                keyError(
                  ErrorCode.IDEMPOTENCY_KEY_REUSED,
                  'This Idempotency-Key was sent with another operation or other variables: use a new key for a new request.',
                  422,
                ),
              ],
            };
          }
          if (first?.result != null) {
            replayed.add(context.request);
            return first.result as ExecutionResult;
          }
          return {
            errors: [
              keyError(
                ErrorCode.IDEMPOTENCY_KEY_IN_PROGRESS,
                'A request with this Idempotency-Key is still running: send it again in a moment.',
                409,
              ),
            ],
          };
        }
        const forget = () => primary.delete(idempotencyKeys).where(and(eq(idempotencyKeys.tokenId, tokenId), eq(idempotencyKeys.key, key)));
        try {
          const result = await executeFn(executeArgs);
          // @defer or @stream on a mutation: its parts are not kept, so the key is not either.
          if (Symbol.asyncIterator in (result as object)) await forget();
          else if ((result as ExecutionResult).errors?.length && !wroteAnything(result as ExecutionResult)) await forget();
          else {
            // Errors beside data (a second root field that failed after the first wrote) are kept
            // as they were sent: what a retry must hear is what happened.
            const { data, errors } = result as ExecutionResult;
            const stored = JSON.parse(JSON.stringify(errors?.length ? { data, errors: errors.map(publicError) } : { data }));
            await primary
              .update(idempotencyKeys)
              .set({ result: stored })
              .where(and(eq(idempotencyKeys.tokenId, tokenId), eq(idempotencyKeys.key, key)));
          }
          return result;
        } catch (error) {
          await forget().catch(() => {});
          throw error;
        }
      });
    },
    onResponse({ request, response }) {
      if (replayed.has(request)) response.headers.set('idempotent-replayed', 'true');
    },
  };
}
