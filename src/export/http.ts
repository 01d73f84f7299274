import { GraphQLError } from 'graphql';
import type { FetchAPI, Plugin, YogaServerInstance } from 'graphql-yoga';
import type { Context } from '../context';
import type { Database } from '../db';
import { rowStreamer } from '../db/row-stream';
import { ErrorCode, clientError, errorResponse, maskUnexpectedError } from '../graphql/errors';
import { EXPORT_TYPES, exportDefinitions, isExportType } from './columns';
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

// Declared with the type of yoga's maskError option, it always returns a GraphQLError.
const masked = (error: unknown) => maskUnexpectedError!(error, '', false) as GraphQLError;

/** How long a client turned away because too many exports run should wait. */
const BUSY_RETRY_AFTER_SECONDS = 5;

/**
 * `maxConcurrent`: each running export holds a database connection (a cursor) until its client
 * has read everything, so slow readers could otherwise take the whole pool from GraphQL.
 */
export function useExports(db: Database, { maxConcurrent }: { maxConcurrent: number }): Plugin {
  let yoga: YogaServerInstance<Record<string, unknown>, Context>;
  const stream = rowStreamer(db);
  let running = 0;

  async function exportResponse(request: Request, url: URL, serverContext: Record<string, unknown>, fetchAPI: FetchAPI) {
    const [, type, format] = EXPORT_PATH.exec(url.pathname) ?? [];
    if (!type || !isExportType(type) || !isExportFormat(format)) {
      const known = EXPORT_TYPES.map((name) => `/export/${name}.ndjson`).join(', ');
      throw clientError(ErrorCode.NOT_FOUND, `No export at ${url.pathname}: there are ${known}, and the same as .csv.`);
    }
    if (request.method !== 'GET') {
      return new fetchAPI.Response(null, { status: 405, headers: { allow: 'GET' } });
    }
    const context = (await yoga.getEnveloped({ request, ...serverContext }).contextFactory()) as unknown as Context;
    const plan = await planExport(context.loaders, type, url.searchParams);
    if (running >= maxConcurrent) {
      throw clientError(ErrorCode.EXPORTS_BUSY, `${maxConcurrent} exports are running, the most this server allows at once; retry in ${BUSY_RETRY_AFTER_SECONDS} s.`, {
        limit: maxConcurrent,
        http: { status: 503, headers: { 'retry-after': String(BUSY_RETRY_AFTER_SECONDS) } },
      });
    }
    running += 1;
    let released = false;
    const release = () => {
      if (!released) running -= 1;
      released = true;
    };

    const chunks = encodeExport(format, Object.keys(exportDefinitions[type].columns), exportRows(stream, plan));
    // Ending the generator closes the database cursor: when the client goes away, and when
    // the body is cancelled.
    const stop = () => {
      release();
      void chunks.return(undefined);
    };
    request.signal.addEventListener('abort', stop, { once: true });
    const encoder = new TextEncoder();
    const body = new fetchAPI.ReadableStream<Uint8Array>({
      // One batch is read only when the last one has been taken: a slow client slows the reads.
      async pull(controller) {
        try {
          const next = await chunks.next();
          if (next.done) {
            release();
            controller.close();
          } else controller.enqueue(encoder.encode(next.value));
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

  return {
    onYogaInit({ yoga: server }) {
      yoga = server as typeof yoga;
    },
    async onRequest({ request, url, serverContext, fetchAPI, endResponse }) {
      if (!url.pathname.startsWith('/export/')) return;
      try {
        endResponse(await exportResponse(request, url, serverContext as Record<string, unknown>, fetchAPI));
      } catch (error) {
        if (error instanceof GraphQLError && typeof error.extensions.code === 'string') {
          endResponse(errorResponse(fetchAPI, error));
          return;
        }
        // Masked as GraphQL responses mask it (a statement timeout and an unreachable database
        // said as such, anything else said to no one), and logged with its stack.
        yoga.logger.error(error);
        endResponse(errorResponse(fetchAPI, masked(error)));
      }
    },
  };
}
