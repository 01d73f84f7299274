import type { Plugin } from 'graphql-yoga';
import { GraphQLError } from 'graphql';
import { ErrorCode } from '../graphql/errors';

export const requestTimedOut = (timeoutMs: number) =>
  new GraphQLError(`The request took longer than the limit of ${timeoutMs} ms and was stopped.`, {
    extensions: { code: ErrorCode.REQUEST_TIMEOUT, limit: timeoutMs, http: { status: 503 } },
  });

/**
 * Answers an operation still running after `timeoutMs` with REQUEST_TIMEOUT, and aborts it: yoga's
 * executor resolves no further field once its signal is aborted. The SQL it already sent is
 * bounded by Postgres' statement_timeout, which frees the connection.
 */
export function useRequestTimeout(timeoutMs: number): Plugin {
  return {
    onExecute({ executeFn, setExecuteFn }) {
      setExecuteFn(async (args) => {
        const deadline = new AbortController();
        let timer: NodeJS.Timeout | undefined;
        const timedOut = new Promise<{ errors: GraphQLError[] }>((resolve) => {
          timer = setTimeout(() => {
            deadline.abort(requestTimedOut(timeoutMs));
            resolve({ errors: [requestTimedOut(timeoutMs)] });
          }, timeoutMs);
        });
        // graphql 16 does not type the signal that yoga's executor takes.
        const requestSignal = (args as { signal?: AbortSignal }).signal;
        const signal = requestSignal ? AbortSignal.any([requestSignal, deadline.signal]) : deadline.signal;
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
