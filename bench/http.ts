/** The HTTP side both benchmark servers share: the stats endpoint and a clean start and stop. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { log } from './common';

export const STATS_PATH = '/__bench/stats';

export interface BenchStats {
  variant: string;
  pid: number;
  requests: number;
  sqlStatements: number;
}

/** Wraps a request handler: counts requests and serves the stats endpoint. */
export function withStats(
  variant: string,
  counters: { requests: number; sqlStatements: number },
  handler: (req: IncomingMessage, res: ServerResponse) => unknown,
) {
  return (req: IncomingMessage, res: ServerResponse) => {
    if (req.url === STATS_PATH) {
      const stats: BenchStats = { variant, pid: process.pid, ...counters };
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(stats));
      return;
    }
    counters.requests++;
    return handler(req, res);
  };
}

/** Listens on 127.0.0.1 only, and stops cleanly on SIGTERM / SIGINT. */
export function serve(
  name: string,
  port: number,
  handler: (req: IncomingMessage, res: ServerResponse) => unknown,
  close: () => Promise<void>,
) {
  const server = createServer(handler);
  server.keepAliveTimeout = 60_000;
  server.listen(port, '127.0.0.1', () => {
    const address = server.address();
    const actual = typeof address === 'object' && address ? address.port : port;
    log(`[${name}] listening on http://127.0.0.1:${actual} (pid ${process.pid})`);
  });
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    server.close();
    server.closeAllConnections();
    close()
      .catch(() => {})
      .finally(() => process.exit(0));
    setTimeout(() => process.exit(0), 3000).unref();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  return server;
}
