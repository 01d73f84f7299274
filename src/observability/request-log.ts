import { randomUUID } from 'node:crypto';
import { getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Logger } from 'pino';

/** A caller's own request ID is kept when it is plausible; anything else is replaced. */
const CALLER_REQUEST_ID = /^[\w.:-]{1,128}$/;
/** Probes and scrapes come every few seconds: logged only at debug level. */
const QUIET_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

interface RequestRecord {
  id: string;
  startedAt: number;
  operation?: string;
}

/**
 * One JSON line per request: its ID (the caller's X-Request-Id or a new one, sent back in the
 * response), method, path, status, duration and GraphQL operation name, so that a slow or
 * failing request can be found and followed.
 */
export function useRequestLog(logger: Logger): Plugin {
  const records = new WeakMap<Request, RequestRecord>();
  return {
    onRequest({ request }) {
      const callerId = request.headers.get('x-request-id');
      records.set(request, { id: callerId && CALLER_REQUEST_ID.test(callerId) ? callerId : randomUUID(), startedAt: performance.now() });
    },
    onExecute({ args }) {
      const request = (args.contextValue as { request?: Request }).request;
      const record = request && records.get(request);
      if (record) record.operation = getOperationAST(args.document, args.operationName)?.name?.value ?? '(anonymous)';
    },
    onResponse({ request, response }) {
      const record = records.get(request);
      if (!record) return;
      response.headers.set('x-request-id', record.id);
      const path = new URL(request.url).pathname;
      const line = {
        requestId: record.id,
        method: request.method,
        path,
        status: response.status,
        durationMs: Math.round((performance.now() - record.startedAt) * 10) / 10,
        operation: record.operation,
      };
      if (QUIET_PATHS.has(path)) logger.debug(line, 'request');
      else logger.info(line, 'request');
    },
  };
}
