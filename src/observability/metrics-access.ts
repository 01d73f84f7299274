import { timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { Plugin } from 'graphql-yoga';
import type { Registry } from 'prom-client';
import { clientError, ErrorCode, errorResponse } from '../core/errors';

const METRICS_PATH = '/metrics';

function sameSecret(sent: string, expected: string): boolean {
  const a = Buffer.from(sent);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * METRICS_TOKEN: /metrics on the public port answers only `Authorization: Bearer <token>`.
 * What it shows (operation names, error counts, memory, the database's connections) maps the
 * service for an attacker, and each scrape runs a query. Must come before the metrics plugin.
 */
export function useMetricsToken(token: string): Plugin {
  return {
    onRequest({ url, request, fetchAPI, endResponse }) {
      if (url.pathname !== METRICS_PATH) return;
      const sent = /^Bearer (.+)$/.exec(request.headers.get('authorization') ?? '')?.[1];
      if (sent && sameSecret(sent, token)) return;
      endResponse(
        errorResponse(
          fetchAPI,
          clientError(ErrorCode.UNAUTHENTICATED, '/metrics needs the METRICS_TOKEN as a bearer token.', {
            http: { status: 401, headers: { 'www-authenticate': 'Bearer', 'cache-control': 'no-store' } },
          }),
        ),
      );
    },
  };
}

/**
 * METRICS_PORT: /metrics on a listener of its own, which the load balancer does not expose;
 * the public port then has no /metrics at all.
 */
export function serveMetrics(registry: Registry, port: number, host: string): Promise<Server> {
  const server = createServer((request, response) => {
    if (request.method !== 'GET' || new URL(request.url ?? '/', 'http://metrics').pathname !== METRICS_PATH) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('Only GET /metrics here.\n');
      return;
    }
    registry.metrics().then(
      (text) => response.writeHead(200, { 'content-type': registry.contentType }).end(text),
      () => response.writeHead(500, { 'content-type': 'text/plain' }).end('The metrics could not be collected.\n'),
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
