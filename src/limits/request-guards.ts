import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import type { Plugin } from 'graphql-yoga';
import { clientError, ErrorCode } from '../core/errors';

/**
 * Reads a copy of a body of unknown length until it passes `maxBytes`. Only the copy is
 * cancelled, without waiting (a tee's source stops only once both branches are cancelled):
 * cancelling the request's own body resets the connection before the 413 can be read, and
 * the server's requestTimeout bounds a client that keeps sending.
 */
async function exceeds(request: Request, maxBytes: number): Promise<boolean> {
  const copy = request.clone();
  const reader = copy.body?.getReader();
  if (!reader) return false;
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return false;
    bytes += value.byteLength;
    if (bytes > maxBytes) {
      void reader.cancel().catch(() => {});
      return true;
    }
  }
}

/**
 * Refuses a body over `maxBytes` with HTTP 413 before it is parsed: by its Content-Length when it
 * has one, otherwise (chunked) by reading a copy up to the limit.
 */
export function useBodySizeLimit(maxBytes: number): Plugin {
  const refuse = () => {
    throw clientError(ErrorCode.REQUEST_TOO_LARGE, `The request body is over the limit of ${maxBytes} bytes.`, {
      limit: maxBytes,
      http: { status: 413 },
    });
  };
  return {
    // Not async: a body with a Content-Length (every client's but a chunked upload's) is judged
    // at once, without making the request wait a turn of the event loop for a promise.
    onRequestParse({ request }) {
      if (request.method === 'GET' || request.method === 'HEAD') return;
      const declared = request.headers.get('content-length');
      if (declared !== null) {
        if (Number(declared) > maxBytes) refuse();
        return;
      }
      return exceeds(request, maxBytes).then((over) => {
        if (over) refuse();
      });
    },
  };
}

/**
 * yoga's CSRF prevention, for POSTs only. A browser sends a form post (urlencoded, multipart,
 * text/plain) cross-site without a preflight; yoga would parse its fields as an operation, so those
 * need the `x-graphql-yoga-csrf` header, which no form can set. GETs are let through: they never
 * run a mutation (yoga answers 405), tokens travel in the Authorization header and never in a
 * cookie, so a cross-site GET reads only what anyone may read, and plain GETs must keep working
 * for curl, caches and the GraphQL-over-HTTP specification.
 */
export function useCsrfPreventionForPosts(): Plugin {
  const { onRequestParse } = useCSRFPrevention() as Required<Pick<Plugin, 'onRequestParse'>>;
  return {
    onRequestParse(payload) {
      if (payload.request.method === 'GET') return;
      try {
        return onRequestParse(payload);
      } catch {
        throw clientError(
          ErrorCode.CSRF_HEADER_REQUIRED,
          'A form post needs the "x-graphql-yoga-csrf" header; send JSON (Content-Type: application/json) instead.',
          { http: { status: 403 } },
        );
      }
    },
  };
}
