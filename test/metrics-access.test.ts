import { createApp } from '../src/app';
import { createMetrics } from '../src/observability/metrics';
import { openTestApp, postGraphQL, type TestApp } from './support/harness';
import { seededScratchDatabase } from './support/scratch-databases';
import { sparePort, startServerProcess } from './support/server-process';

/**
 * Issue 14, item 11: /metrics was served on the public port to anyone. It can be moved to a port
 * of its own (METRICS_PORT) or put behind a token (METRICS_TOKEN).
 */
let kb: TestApp;
beforeAll(async () => {
  kb = await openTestApp();
});
afterAll(() => kb.close());

const TOKEN = 'metrics-scraper-secret-0123456789';
const scrape = (app: ReturnType<typeof createApp>, authorization?: string) =>
  app.fetch('http://newskb.test/metrics', { headers: authorization ? { authorization } : {} });

describe('METRICS_TOKEN', () => {
  it('answers /metrics only to the bearer of the token', async () => {
    const app = createApp({ db: kb.db, metrics: createMetrics(), metricsToken: TOKEN });
    for (const authorization of [undefined, 'Bearer wrong', `Bearer ${TOKEN}x`, TOKEN]) {
      const refused = await scrape(app, authorization);
      expect(refused.status).toBe(401);
      expect(((await refused.json()) as any).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    }
    const answered = await scrape(app, `Bearer ${TOKEN}`);
    expect(answered.status).toBe(200);
    expect(await answered.text()).toContain('newskb_process_resident_memory_bytes');
  });

  it('leaves the other paths alone', async () => {
    const app = createApp({ db: kb.db, metrics: createMetrics(), metricsToken: TOKEN });
    expect((await app.fetch('http://newskb.test/healthz')).status).toBe(200);
  });
});

describe('METRICS_PORT', () => {
  it('serves /metrics on its own port and not on the public one, from a real server process', async () => {
    // On PGlite, a folder of its own copied from the seeded template: no initdb or seeding at start.
    const folder = kb.kind === 'pglite' ? await seededScratchDatabase() : undefined;
    const metricsPort = await sparePort();
    const server = await startServerProcess({
      ...(folder ? folder.env : { DATABASE_URL: kb.url! }),
      METRICS_PORT: String(metricsPort),
      SHUTDOWN_DRAIN_MS: '0',
    });
    try {
      await postGraphQL(`${server.origin}/graphql`, 'query Counted { __typename }');
      expect((await fetch(`${server.origin}/metrics`)).status).toBe(404);
      const scraped = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
      expect(scraped.status).toBe(200);
      const text = await scraped.text();
      expect(text).toContain('newskb_process_resident_memory_bytes');
      expect(text).toContain('operationName="Counted"');
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
      server.kill();
      await folder?.remove();
    }
  }, 180_000);
});
