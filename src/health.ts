import { sql } from 'drizzle-orm';
import type { FetchAPI, Plugin } from 'graphql-yoga';
import type { Database } from './db';
import { ErrorCode } from './core/errors';

/** Set by the server on SIGTERM: a draining instance is alive but wants no new traffic. */
export interface Lifecycle {
  draining: boolean;
}

/** A database that takes longer than this to answer `SELECT 1` is as good as down for a probe. */
const READINESS_QUERY_TIMEOUT_MS = 2_000;

async function databaseAnswers(db: Database): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), READINESS_QUERY_TIMEOUT_MS)));
  try {
    return await Promise.race([db.execute(sql`SELECT 1`).then(() => true as const), timedOut]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

function probeAnswer(endResponse: (response: Response) => void, fetchAPI: FetchAPI, status: number, state: string) {
  endResponse(fetchAPI.Response.json({ status: state }, { status, headers: { 'cache-control': 'no-store' } }));
}

/**
 * Kubernetes-style probes. /healthz (liveness): the process answers, whatever the database does,
 * so that an orchestrator does not restart an instance that is only waiting for its database.
 * /readyz (readiness): the database answers and the instance is not draining; 503 otherwise,
 * so that a load balancer sends traffic elsewhere.
 */
export function useHealthEndpoints(db: Database, lifecycle: Lifecycle): Plugin {
  return {
    // Not async: a hook that returns a promise makes every request wait a turn of the event loop
    // for it, the GraphQL ones too; only /readyz waits for the database.
    // No function made per request either: tsx names each one it makes (`__name`), 0.3-0.5% of a lookup.
    onRequest({ url, endResponse, fetchAPI }) {
      if (url.pathname === '/healthz') return probeAnswer(endResponse, fetchAPI, 200, 'ok');
      if (url.pathname !== '/readyz') return;
      if (lifecycle.draining) return probeAnswer(endResponse, fetchAPI, 503, 'draining');
      return databaseAnswers(db).then((up) =>
        up ? probeAnswer(endResponse, fetchAPI, 200, 'ready') : probeAnswer(endResponse, fetchAPI, 503, 'database unavailable'),
      );
    },
  };
}

/**
 * When the database is unavailable, the whole answer is the error, with HTTP 503 and
 * Retry-After: the fields that did load are a lottery of what ran before the connection went,
 * and a load balancer or client retries on the status, which it cannot do with a 200.
 */
export function useWholeResponseWhenUnavailable(): Plugin {
  return {
    onResultProcess({ result, setResult }) {
      if (Array.isArray(result) || !('errors' in result) || !result.errors) return;
      const unavailable = result.errors.find((error) => error.extensions?.code === ErrorCode.SERVICE_UNAVAILABLE);
      if (unavailable) setResult({ errors: [unavailable] });
    },
  };
}
