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
        // graphql 16 does not type the signal that yoga's executor takes.
        const requestSignal = (args as { signal?: AbortSignal }).signal;
        const stop = mutation ? undefined : lazyDeadline(requestSignal, timeoutMs);
        let timer: NodeJS.Timeout | undefined;
        const timedOut = new Promise<{ errors: GraphQLError[] }>((resolve) => {
          timer = setTimeout(() => {
            stop?.expire();
            resolve({ errors: [mutation ? mutationOutcomeUnknown(timeoutMs) : requestTimedOut(timeoutMs)] });
          }, timeoutMs);
        });
        const runArgs = { ...args } as typeof args & { signal?: AbortSignal };
        if (stop) Object.defineProperty(runArgs, 'signal', { enumerable: true, configurable: true, get: stop.signal });
        else runArgs.signal = undefined;
        try {
          return await Promise.race([executeFn(runArgs), timedOut]);
        } finally {
          // A deferred or streamed result goes on after its first part, with each of its SQL
          // statements still bounded by statement_timeout.
          clearTimeout(timer);
        }
      });
    },
  };
}

/**
 * The signal a query's executor stops at: the deadline's, joined to the request's own when it has
 * one. Made when the executor first reads it: graphql-js does, at its start; graphql-jit's
 * compiled queries never do (they take no signal), and an AbortController with
 * AbortSignal.any for each of them was 1.5-3% of a lookup's CPU (bench/FINDINGS.md). A signal
 * read after the deadline is already aborted.
 */
function lazyDeadline(requestSignal: AbortSignal | undefined, timeoutMs: number) {
  let deadline: AbortController | undefined;
  let joined: AbortSignal | undefined;
  let expired = false;
  return {
    signal(): AbortSignal {
      if (!joined) {
        deadline = new AbortController();
        if (expired) deadline.abort(requestTimedOut(timeoutMs));
        joined = requestSignal ? AbortSignal.any([requestSignal, deadline.signal]) : deadline.signal;
      }
      return joined;
    },
    expire() {
      expired = true;
      deadline?.abort(requestTimedOut(timeoutMs));
    },
  };
}
