import type { Plugin } from 'graphql-yoga';
import { getOperationAST, type GraphQLError } from 'graphql';
import { clientError, ErrorCode } from '../core/errors';

export const requestTimedOut = (timeoutMs: number) =>
  clientError(ErrorCode.REQUEST_TIMEOUT, `The request took longer than the limit of ${timeoutMs} ms and was stopped.`, {
    limit: timeoutMs,
    http: { status: 503 },
  });

/**
 * A mutation's field may be inside its transaction when the deadline comes, and nothing stops a
 * transaction from here: it commits or rolls back later. "Stopped" would be a lie when it commits.
 */
export const mutationOutcomeUnknown = (timeoutMs: number) =>
  clientError(
    ErrorCode.OUTCOME_UNKNOWN,
    `The mutation took longer than the limit of ${timeoutMs} ms and goes on: it may still be written. Send it again with the same Idempotency-Key to learn its result, or read what it writes before sending it again without one.`,
    { limit: timeoutMs, http: { status: 503 } },
  );

/**
 * Answers a query still running after `timeoutMs` with REQUEST_TIMEOUT, and aborts it: yoga's
 * executor resolves no further field once its signal is aborted. The SQL it already sent is
 * bounded by Postgres' statement_timeout, which frees the connection.
 *
 * A mutation is answered OUTCOME_UNKNOWN at the deadline instead, and is not aborted, neither by
 * the deadline nor by a client that hangs up (issue 14, item 6): the field it was running may
 * commit anyway, and an aborted executor would then report an error for a write that happened.
 * So it runs to its end, each statement still bounded by statement_timeout, and its result is
 * what an Idempotency-Key retry is answered with (src/idempotency.ts).
 */
export function useRequestTimeout(timeoutMs: number): Plugin {
  return {
    onExecute({ executeFn, setExecuteFn }) {
      setExecuteFn(async (args) => {
        const mutation = getOperationAST(args.document, args.operationName)?.operation === 'mutation';
        const deadline = new AbortController();
        let timer: NodeJS.Timeout | undefined;
        const timedOut = new Promise<{ errors: GraphQLError[] }>((resolve) => {
          timer = setTimeout(() => {
            if (!mutation) deadline.abort(requestTimedOut(timeoutMs));
            resolve({ errors: [mutation ? mutationOutcomeUnknown(timeoutMs) : requestTimedOut(timeoutMs)] });
          }, timeoutMs);
        });
        // graphql 16 does not type the signal that yoga's executor takes.
        const requestSignal = (args as { signal?: AbortSignal }).signal;
        const signal = mutation ? undefined : requestSignal ? AbortSignal.any([requestSignal, deadline.signal]) : deadline.signal;
        try {
          return await Promise.race([executeFn({ ...args, signal } as typeof args), timedOut]);
        } finally {
          // A deferred or streamed result goes on after its first part, with each of its SQL
          // statements still bounded by statement_timeout.
          clearTimeout(timer);
        }
      });
    },
  };
}
