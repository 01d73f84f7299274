import { createConnection } from 'node:net';

/**
 * Tests that need Redis run only when a Redis answers (global-setup.ts asks it once per run), so
 * that `npm test` on a machine with nothing installed stays green, as the README promises. CI sets
 * NEWSKB_REQUIRE_REDIS=true: there, a Redis that does not answer fails the run instead of
 * skipping those tests in silence.
 */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Set by global-setup.ts for the test files: 'yes' when the Redis answered PING. */
export const redisAnswered = () => process.env.NEWSKB_TEST_REDIS === 'yes';

/** Whether a Redis at `url` answers PING within `timeoutMs` (a raw RESP PING: no client to set up). */
export function redisAnswers(url = TEST_REDIS_URL, timeoutMs = 1_000): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = createConnection({ host: hostname || '127.0.0.1', port: Number(port) || 6379 });
    const done = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG') || data.toString().startsWith('-NOAUTH')));
  });
}
