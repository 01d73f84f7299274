import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { App } from '../../src/app';

/**
 * The app behind Node's own HTTP server on a free port of 127.0.0.1, as `npm start` serves it:
 * for tests whose subject is the wire itself (conformance audits, hostile bodies, a browser).
 */
export async function listen(app: App) {
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    endpoint: `${origin}/graphql`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        // A browser keeps connections alive; they must not hold the test run open.
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
