import type { YogaServerOptions } from 'graphql-yoga';

/** Headers a browser script may read from an answer: pacing, tracing and retrying need them. */
const EXPOSED_HEADERS = ['x-request-id', 'x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset', 'retry-after'];

/**
 * Cross-origin access for the listed origins only (`*` for any). Yoga's default answers every
 * origin with credentials allowed; here none is allowed unless listed, and never credentials:
 * tokens travel in the Authorization header, which a page must set itself, so cookies are of no
 * use. GraphiQL is served from the API's own origin and needs no CORS at all.
 */
export function corsFor(allowedOrigins: string[]): YogaServerOptions<object, object>['cors'] {
  if (allowedOrigins.length === 0) return false;
  const anyOrigin = allowedOrigins.includes('*');
  return (request) => {
    const origin = request.headers.get('origin');
    if (!origin || !(anyOrigin || allowedOrigins.includes(origin))) return false;
    return { origin, credentials: false, exposedHeaders: EXPOSED_HEADERS, maxAge: 600 };
  };
}
