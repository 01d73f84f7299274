import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Plugin } from 'graphql-yoga';
import type { Database } from '../db';
import { rowStreamer } from '../db/row-stream';
import { ErrorCode, clientError, unauthenticated } from '../core/errors';
import { httpRoute, type RouteRequest, routeContext } from '../http-route';
import { EXPORT_TYPES, exportDefinitions, isExportType, type ExportDefinition } from './columns';
import { encodeExport, exportFormats, isExportFormat } from './formats';
import { planExport } from './parameters';
import { exportRows } from './rows';

/**
 * GET /export/<type>.ndjson and .csv: the rows of a root connection, filtered as it is, streamed
 * as they are read. Routed before GraphQL, as the local GraphiQL assets are; a request is let in
 * exactly as a GraphQL request would be, because its context is built by the same factory (the
 * token checked, REQUIRE_READ_TOKEN enforced).
 */

const EXPORT_PATH = /^\/export\/([a-z]+)\.([a-z]+)$/;

/** How long a client turned away because too many exports run should wait. */
const BUSY_RETRY_AFTER_SECONDS = 5;

export interface ExportLimits {
  /**
   * MAX_CONCURRENT_EXPORTS: each running export holds a database connection (a cursor, in an
   * open transaction) until its client has read everything, so slow readers could otherwise
   * take the whole pool from GraphQL.
   */
  maxConcurrent: number;
  /** MAX_EXPORTS_PER_CLIENT: so that one client (a token, else an address) cannot take every slot. */
  maxPerClient: number;
  /** EXPORT_IDLE_TIMEOUT_MS: how long a client may leave the last chunk sent untaken before it is cut off. */
  idleTimeoutMs: number;
  /** The address a request comes from, as the rate limit sees it (behind a proxy too). */
  clientAddress?: (request: Request, serverContext: unknown) => string;
}

const socketAddress = (_request: Request, serverContext: unknown) =>
  (serverContext as { req?: IncomingMessage }).req?.socket.remoteAddress ?? 'unknown';

export function useExports(
  db: Database,
  { maxConcurrent, maxPerClient, idleTimeoutMs, clientAddress = socketAddress }: ExportLimits,
): Plugin {
  const stream = rowStreamer(db);
  let running = 0;
  const runningFor = new Map<string, number>();

  async function exportResponse(route: RouteRequest) {
    const { request, url, serverContext, fetchAPI, yoga } = route;
    const [, type, format] = EXPORT_PATH.exec(url.pathname) ?? [];
    if (!type || !isExportType(type) || !isExportFormat(format)) {
      const known = EXPORT_TYPES.map((name) => `/export/${name}.ndjson`).join(', ');
      throw clientError(ErrorCode.NOT_FOUND, `No export at ${url.pathname}: there are ${known}, and the same as .csv.`);
    }
    if (request.method !== 'GET') {
      return new fetchAPI.Response(null, { status: 405, headers: { allow: 'GET' } });
    }
    const context = await routeContext(route);
    if ((exportDefinitions[type] as ExportDefinition).needsToken && context.viewer.kind !== 'token') {
      throw unauthenticated(`/export/${type}.${format} needs a token (any scope): send "Authorization: Bearer <token>".`);
    }
    const plan = await planExport(context.loaders, type, url.searchParams);
    const client = context.viewer.kind === 'token' ? `token:${context.viewer.id}` : `address:${clientAddress(request, serverContext)}`;
    if ((runningFor.get(client) ?? 0) >= maxPerClient) {
      throw clientError(
        ErrorCode.TOO_MANY_EXPORTS,
        `You have ${maxPerClient} exports running, the most one client may; retry once one has ended.`,
        {
          limit: maxPerClient,
          http: { status: 429, headers: { 'retry-after': String(BUSY_RETRY_AFTER_SECONDS) } },
        },
      );
    }
    if (running >= maxConcurrent) {
      throw clientError(
        ErrorCode.EXPORTS_BUSY,
        `${maxConcurrent} exports are running, the most this server allows at once; retry in ${BUSY_RETRY_AFTER_SECONDS} s.`,
        {
          limit: maxConcurrent,
          http: { status: 503, headers: { 'retry-after': String(BUSY_RETRY_AFTER_SECONDS) } },
        },
      );
    }
    running += 1;
    runningFor.set(client, (runningFor.get(client) ?? 0) + 1);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      running -= 1;
      const left = runningFor.get(client)! - 1;
      if (left > 0) runningFor.set(client, left);
      else runningFor.delete(client);
    };

    const chunks = encodeExport(format, Object.keys(exportDefinitions[type].columns), exportRows(stream, plan));
    // Armed while the chunk sent last waits to be taken: a client that stops reading (its socket
    // full) would otherwise keep its slot and its cursor's transaction for as long as it stays.
    let idle: NodeJS.Timeout | undefined;
    // Ending the generator closes the database cursor: when the client goes away, when the body
    // is cancelled, and when the client stops reading.
    const stop = () => {
      clearTimeout(idle);
      release();
      void chunks.return(undefined);
    };
    request.signal.addEventListener('abort', stop, { once: true });
    const encoder = new TextEncoder();
    const response = (serverContext as { res?: ServerResponse }).res;
    const cutOff = (controller: ReadableStreamDefaultController<Uint8Array>) => {
      stop();
      yoga.logger.warn(`An export of ${type} was not read for ${idleTimeoutMs} ms and was cut off.`);
      controller.error(new Error(`The client did not read the export for ${idleTimeoutMs} ms.`));
      // The status line has gone out; closing the connection is how the client learns it.
      response?.destroy();
    };
    // The last chunk may still wait in the socket once the rows are all read: the connection,
    // and the chunk held in memory, go too if the client does not take it in time.
    const closeUnlessTaken = () => {
      if (!response || response.writableFinished) return;
      const timer = setTimeout(() => response.destroy(), idleTimeoutMs);
      response.once('close', () => clearTimeout(timer));
    };
    const body = new fetchAPI.ReadableStream<Uint8Array>({
      // One batch is read only when the last one has been taken: a slow client slows the reads.
      async pull(controller) {
        clearTimeout(idle);
        try {
          const next = await chunks.next();
          if (next.done) {
            release();
            controller.close();
            closeUnlessTaken();
          } else {
            controller.enqueue(encoder.encode(next.value));
            idle = setTimeout(() => cutOff(controller), idleTimeoutMs);
          }
        } catch (error) {
          release();
          // The status line has gone out: the only way left to tell the client is to cut the
          // body short, which it sees as a network error and can resume from its last row.
          yoga.logger.error(error);
          controller.error(error);
        }
      },
      cancel: stop,
    });
    return new fetchAPI.Response(body, {
      status: 200,
      headers: {
        'content-type': exportFormats[format].contentType,
        'content-disposition': `attachment; filename="${type}.${format}"`,
        'cache-control': 'no-store',
      },
    });
  }

  return httpRoute((url) => url.pathname.startsWith('/export/'), exportResponse);
}
