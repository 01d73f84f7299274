import { connect, type Socket } from 'node:net';
import postgres from 'postgres';
import { articles, statements } from '../schema';
import { createApp, type AppOptions } from '../src/app';
import { createToken } from '../src/auth/tokens';
import { openTestApp, type TestApp } from './support/harness';
import { listen } from './support/listen';

/**
 * Issue 14, item 7: four readers that stop reading held every export slot, and on Postgres four
 * transactions (their cursors), for as long as they stayed connected. An export whose client
 * leaves a chunk untaken for EXPORT_IDLE_TIMEOUT_MS is now cut off, and one client may run at
 * most MAX_EXPORTS_PER_CLIENT exports at once.
 */
let kb: TestApp;

/** Enough text that an export outlasts every socket buffer between a server and a stalled client. */
const EXPORT_MEGABYTES = 12;

beforeAll(async () => {
  kb = await openTestApp();
  // 15 articles x 100 statements of 8 KB: 12 MB of statements, in three export batches.
  for (let a = 0; a < 15; a++) {
    const texts = Array.from({ length: 100 }, (_, s) => `Statement ${a}-${s}: ${'lorem'.repeat(1_600)}`);
    const body = texts.join('\n');
    const [article] = await kb.db
      .insert(articles)
      .values({ slug: `export-stalls-${a}`, title: `Stalls ${a}`, body })
      .returning({ id: articles.id });
    let offset = 0;
    await kb.db.insert(statements).values(
      texts.map((text, s) => {
        const spanStart = offset;
        offset += text.length + 1;
        return { articleId: article.id, position: s + 1, kind: 'DIRECT_QUOTE' as const, text, spanStart, spanEnd: spanStart + text.length };
      }),
    );
  }
});
afterAll(() => kb.close());

/**
 * A real HTTP client that asks for an export, takes the status line, then stops reading with
 * its socket open, as a stalled or malicious reader does.
 */
function stalledReader(
  origin: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ socket: Socket; status: number; firstBytes: number }> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      const lines = [
        `GET ${path} HTTP/1.1`,
        `Host: ${hostname}:${port}`,
        'Connection: close',
        ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
      ];
      socket.write(`${lines.join('\r\n')}\r\n\r\n`);
    });
    socket.once('data', (first) => {
      socket.pause();
      resolve({ socket, status: Number(/^HTTP\/1\.1 (\d{3})/.exec(first.toString('latin1'))?.[1]), firstBytes: first.length });
    });
    socket.once('error', reject);
  });
}

/** Transactions of this test's database left open: each stalled export's cursor holds one. */
async function openTransactions(): Promise<number> {
  if (!kb.url) return 0;
  const client = postgres(kb.url, { max: 1, onnotice: () => {} });
  try {
    const [row] = await client`SELECT count(*)::int AS count FROM pg_stat_activity
      WHERE datname = current_database() AND pid <> pg_backend_pid() AND xact_start IS NOT NULL`;
    return row.count;
  } finally {
    await client.end();
  }
}

async function eventually<T>(check: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (accept(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const served = async (options: Omit<AppOptions, 'db'>) => listen(createApp({ db: kb.db, ...options }));

describe('exports whose client stops reading', () => {
  it('are cut off after EXPORT_IDLE_TIMEOUT_MS, and their slots and transactions are freed', async () => {
    const server = await served({ maxConcurrentExports: 2, maxExportsPerClient: 3, exportIdleTimeoutMs: 500 });
    const readers: Socket[] = [];
    try {
      for (let i = 0; i < 2; i++) {
        const reader = await stalledReader(server.origin, '/export/statements.ndjson');
        expect(reader.status).toBe(200);
        readers.push(reader.socket);
      }
      // Both slots are taken while the two stall.
      const busy = await fetch(`${server.origin}/export/countries.ndjson`);
      expect(busy.status).toBe(503);
      expect((await busy.json()).errors[0].extensions.code).toBe('EXPORTS_BUSY');
      if (kb.kind === 'postgres') expect(await openTransactions()).toBeGreaterThanOrEqual(2);

      const afterwards = await eventually(
        async () => {
          const response = await fetch(`${server.origin}/export/countries.ndjson`);
          return { status: response.status, text: await response.text() };
        },
        (answer) => answer.status === 200,
      );
      expect(afterwards.status).toBe(200);
      expect(afterwards.text.split('\n').filter(Boolean).length).toBeGreaterThan(100);
      expect(await eventually(openTransactions, (count) => count === 0)).toBe(0);
      // The stalled clients' connections were closed: what they had not read will never come.
      for (const socket of readers) {
        socket.resume();
        await eventually(async () => socket.destroyed || socket.readableEnded, Boolean);
      }
      for (const socket of readers) expect(socket.destroyed || socket.readableEnded).toBe(true);
    } finally {
      for (const socket of readers) socket.destroy();
      await server.close();
    }
  });

  it("closes the connection of a client that does not take an export's last chunk in time", async () => {
    // The articles' 12 MB are one batch: the rows are all read at once, and the slot is free.
    const server = await served({ exportIdleTimeoutMs: 500 });
    const reader = await stalledReader(server.origin, '/export/articles.ndjson');
    try {
      expect(reader.status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      let received = reader.firstBytes;
      reader.socket.on('data', (chunk) => (received += chunk.length));
      reader.socket.resume();
      await eventually(async () => reader.socket.destroyed || reader.socket.readableEnded, Boolean);
      expect(reader.socket.destroyed || reader.socket.readableEnded).toBe(true);
      // Headers included, what a client that reads it all receives is more than the rows.
      const rows = await (await kb.app.fetch('http://newskb.test/export/articles.ndjson')).arrayBuffer();
      expect(received).toBeLessThan(rows.byteLength);
    } finally {
      reader.socket.destroy();
      await server.close();
    }
  });

  it('lets a client that keeps reading, however slowly, finish', async () => {
    const app = createApp({ db: kb.db, exportIdleTimeoutMs: 300 });
    const reader = (await app.fetch('http://newskb.test/export/statements.ndjson')).body!.getReader();
    let bytes = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(bytes).toBeGreaterThan(EXPORT_MEGABYTES * 1_000_000);
  });
});

describe('exports per client', () => {
  it('refuses a client more than MAX_EXPORTS_PER_CLIENT at once (429 TOO_MANY_EXPORTS), counting by token or else by address', async () => {
    const server = await served({ maxConcurrentExports: 4, maxExportsPerClient: 1, exportIdleTimeoutMs: 60_000 });
    const { token } = await createToken(kb.db, { name: 'export-stalls', scope: 'read' });
    const readers: Socket[] = [];
    try {
      const first = await stalledReader(server.origin, '/export/statements.ndjson');
      readers.push(first.socket);
      expect(first.status).toBe(200);

      const second = await fetch(`${server.origin}/export/countries.ndjson`);
      expect(second.status).toBe(429);
      expect(second.headers.get('retry-after')).toBe('5');
      expect((await second.json()).errors[0].extensions).toMatchObject({ code: 'TOO_MANY_EXPORTS', limit: 1 });

      // A token is its own client, wherever it comes from.
      const withToken = await stalledReader(server.origin, '/export/statements.ndjson', { authorization: `Bearer ${token}` });
      readers.push(withToken.socket);
      expect(withToken.status).toBe(200);
      const againWithToken = await fetch(`${server.origin}/export/countries.ndjson`, { headers: { authorization: `Bearer ${token}` } });
      expect(againWithToken.status).toBe(429);
      await againWithToken.text();

      // Once the address's export ends, it may start another.
      first.socket.destroy();
      const later = await eventually(
        async () => {
          const response = await fetch(`${server.origin}/export/countries.ndjson`);
          await response.text();
          return response.status;
        },
        (status) => status === 200,
      );
      expect(later).toBe(200);
    } finally {
      for (const socket of readers) socket.destroy();
      await server.close();
    }
  });
});
