import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { createMetrics } from '../src/observability/metrics';
import { openTestApp, postGraphQL, sendGraphQL, type TestApp } from './support/harness';
import { startServerProcess } from './support/server-process';

/** What operators see: a log line per request, Prometheus metrics, OpenTelemetry spans. */
const logLines: Record<string, unknown>[] = [];
const logger = pino(
  { level: 'info' },
  new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) logLines.push(JSON.parse(line));
      done();
    },
  }),
);
const metrics = createMetrics();
let kb: TestApp;
beforeAll(async () => {
  kb = await openTestApp({ app: { logger, metrics }, onQuery: metrics.countStatement });
});
afterAll(() => kb.close());

const post = (query: string, headers: Record<string, string> = {}) => postGraphQL(kb.app, query, { headers });

describe('request log', () => {
  it('writes one JSON line per request with its ID, operation name, status and duration, and returns the ID', async () => {
    const response = await post('query CountriesCount { countries(first: 1) { totalCount } }', { 'x-request-id': 'desk-42' });
    expect(response.headers.get('x-request-id')).toBe('desk-42');
    await response.text();
    const line = logLines.find((entry) => entry.requestId === 'desk-42');
    expect(line).toMatchObject({ msg: 'request', method: 'POST', path: '/graphql', status: 200, operation: 'CountriesCount' });
    expect(typeof line!.durationMs).toBe('number');
  });

  it('makes up an ID when the caller sends none or an implausible one', async () => {
    for (const headers of [{}, { 'x-request-id': 'not\tplausible' }] as Record<string, string>[]) {
      const response = await post('{ __typename }', headers);
      expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});

describe('/metrics', () => {
  it('counts requests and latency by operation, errors by code, SQL statements and the database', async () => {
    await (await post('query CountriesCount { countries(first: 1) { totalCount } }')).text();
    await (await post('query Missing { speaker(slug: "nobody-at-all") { name } }')).text();
    const response = await kb.app.fetch('http://newskb.test/metrics');
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    expect(text).toMatch(/graphql_envelop_request_duration_count\{operationName="CountriesCount",operationType="query"\} [1-9]/);
    expect(text).toMatch(/graphql_yoga_http_duration_count\{[^}]*operationName="CountriesCount"[^}]*\} [1-9]/);
    expect(text).toMatch(/newskb_graphql_errors_total\{code="NOT_FOUND"\} 1/);
    const statements = Number(/newskb_sql_statements_total (\d+)/.exec(text)?.[1]);
    expect(statements).toBeGreaterThan(0);
    expect(text).toContain('newskb_database_up 1');
    expect(text).toMatch(/newskb_process_resident_memory_bytes \d+/);
    if (kb.kind === 'postgres') expect(text).toMatch(/newskb_database_connections\{state="(idle|active)"\} [1-9]/);
  });
});

// The OTLP exporter loads Node's http module with a dynamic import, which jest's module system
// refuses: the span goes out from a real server process, on the test's own Postgres copy.
const withServerProcess = process.env.NEWSKB_TEST_DB === 'postgres' ? describe : describe.skip;

withServerProcess('tracing', () => {
  it('sends a span per operation to an OTLP/HTTP endpoint, without its variables', async () => {
    const received: string[] = [];
    const collector = createServer((request: IncomingMessage, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        received.push(`${request.url} ${body}`);
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    const server = await startServerProcess({
      DATABASE_URL: kb.url!,
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${(collector.address() as AddressInfo).port}`,
    });
    try {
      await sendGraphQL(`${server.origin}/graphql`, 'query TracedSpeaker($slug: String) { speaker(slug: $slug) { name } }', {
        variables: { slug: 'hossein-amir-abdollahian' },
      });
      // Shutting down flushes the spans still batched.
      server.child.kill('SIGTERM');
      await server.exited;
      const exported = received.join('\n');
      expect(exported).toContain('/v1/traces');
      expect(exported).toContain('TracedSpeaker');
      expect(exported).not.toContain('hossein-amir-abdollahian');
    } finally {
      server.kill();
      await new Promise((resolve) => collector.close(resolve));
    }
  }, 60_000);
});
