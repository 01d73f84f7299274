import type { Plugin } from 'graphql-yoga';
import { clientError, ErrorCode, errorResponse } from './core/errors';

/** Headers a browser script may read from an answer: pacing, tracing and retrying need them. */
const EXPOSED_HEADERS = [
  'x-request-id',
  'x-ratelimit-limit',
  'x-ratelimit-remaining',
  'x-ratelimit-reset',
  'x-ratelimit-cost',
  'retry-after',
];
const ALLOWED_METHODS = 'GET, POST, OPTIONS';
const PREFLIGHT_MAX_AGE_SECONDS = 600;

function addVary(headers: Headers, ...names: string[]) {
  const present = (headers.get('vary') ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
  const missing = names.filter((name) => !present.includes(name.toLowerCase()));
  if (missing.length) headers.set('vary', [headers.get('vary'), ...missing].filter(Boolean).join(', '));
}

/**
 * Cross-origin access for the listed origins only (`*` for any), never with credentials: tokens
 * travel in the Authorization header, which a page must set itself, so cookies are of no use.
 * GraphiQL is served from the API's own origin and needs no CORS at all.
 *
 * In place of yoga's CORS (given `cors: false`), which answers every preflight 204, lets every
 * origin in with credentials by default, and sends no `Vary: Origin` when it echoes one origin:
 * - a preflight from an origin not allowed is told so (403, ORIGIN_NOT_ALLOWED); without a CORS
 *   plugin it went on to the CSRF check and was told about a missing header;
 * - with origins listed, every answer carries `Vary: Origin`, those to other origins too, since a
 *   shared cache must not hand one origin's answer to another.
 */
export function useCors(allowedOrigins: string[]): Plugin {
  const anyOrigin = allowedOrigins.includes('*');
  const allows = (origin: string) => anyOrigin || allowedOrigins.includes(origin);
  const refusal = (origin: string) =>
    allowedOrigins.length === 0
      ? `Pages of ${origin} may not call this API: CORS_ORIGINS allows no other origin than the API's own.`
      : `Pages of ${origin} may not call this API: it is not among the origins CORS_ORIGINS allows.`;
  return {
    onRequest({ request, fetchAPI, endResponse }) {
      if (request.method !== 'OPTIONS') return;
      const origin = request.headers.get('origin');
      const preflight = origin != null && request.headers.has('access-control-request-method');
      if (preflight && !allows(origin)) {
        endResponse(
          errorResponse(
            fetchAPI,
            clientError(ErrorCode.ORIGIN_NOT_ALLOWED, refusal(origin), { http: { status: 403, headers: { 'cache-control': 'no-store' } } }),
          ),
        );
        return;
      }
      // Safari waits for a body on a 204 without a Content-Length.
      endResponse(new fetchAPI.Response(null, { status: 204, headers: { 'content-length': '0', allow: ALLOWED_METHODS } }));
    },
    onResponse({ request, response }) {
      if (allowedOrigins.length === 0) return;
      addVary(response.headers, 'Origin');
      const origin = request.headers.get('origin');
      if (origin == null || !allows(origin)) return;
      response.headers.set('access-control-allow-origin', origin);
      if (request.method !== 'OPTIONS') {
        response.headers.set('access-control-expose-headers', EXPOSED_HEADERS.join(', '));
        return;
      }
      response.headers.set('access-control-allow-methods', ALLOWED_METHODS);
      const requestedHeaders = request.headers.get('access-control-request-headers');
      if (requestedHeaders) {
        response.headers.set('access-control-allow-headers', requestedHeaders);
        addVary(response.headers, 'Access-Control-Request-Headers');
      }
      response.headers.set('access-control-max-age', String(PREFLIGHT_MAX_AGE_SECONDS));
    },
  };
}
