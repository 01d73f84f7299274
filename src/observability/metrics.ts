import { hostname } from 'node:os';
import { usePrometheus } from '@graphql-yoga/plugin-prometheus';
import { sql } from 'drizzle-orm';
import type { Plugin } from 'graphql-yoga';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import { rowsOf, type Database } from '../db';

/** How this instance names its Postgres connections, so that its pool can be told from others'. */
export const APPLICATION_NAME = `newskb ${hostname()} ${process.pid}`.slice(0, 63);

/** The metrics of one app instance, in a registry of its own (tests run several in one process). */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'newskb_' });
  const statements = new Counter({ name: 'newskb_sql_statements_total', help: 'SQL statements sent to the database.', registers: [registry] });
  const errorsByCode = new Counter({
    name: 'newskb_graphql_errors_total',
    help: 'GraphQL errors in responses, by extensions.code.',
    labelNames: ['code'],
    registers: [registry],
  });
  // countStatement is the database's onQuery hook: every SQL statement the app sends.
  return { registry, errorsByCode, countStatement: () => statements.inc() };
}

export type Metrics = ReturnType<typeof createMetrics>;

/**
 * GET /metrics in Prometheus' text format: requests and their latency by operation (yoga's
 * Prometheus plugin), errors by code, SQL statements, the process (memory, event-loop lag) and,
 * this instance's Postgres connections by state as Postgres sees them (none on PGlite).
 */
export function useMetrics(metrics: Metrics, db: Database): Plugin[] {
  // prom-client collects every metric of a scrape at once: both gauges share one query.
  let reading: Promise<Record<string, unknown>[] | null> | null = null;
  const readConnections = () =>
    (reading ??= db
      .execute(sql`SELECT coalesce(state, 'unknown') AS state, count(*)::int AS connections FROM pg_stat_activity WHERE application_name = ${APPLICATION_NAME} GROUP BY 1`)
      .then(rowsOf, () => null)
      .finally(() => (reading = null)));
  new Gauge({
    name: 'newskb_database_up',
    help: '1 when the database answered this scrape, 0 otherwise (a scrape still answers while it is down).',
    registers: [metrics.registry],
    async collect() {
      this.set((await readConnections()) ? 1 : 0);
    },
  });
  new Gauge({
    name: 'newskb_database_connections',
    help: "This instance's Postgres connections, by state (active, idle, idle in transaction).",
    labelNames: ['state'],
    registers: [metrics.registry],
    async collect() {
      this.reset();
      for (const row of (await readConnections()) ?? []) this.set({ state: String(row.state) }, Number(row.connections));
    },
  });
  return [
    usePrometheus({
      registry: metrics.registry,
      endpoint: '/metrics',
      skipIntrospection: true,
      // The plugin turns every metric on unless told otherwise. Those off here cost CPU on every
      // request and answer nothing the ones kept do not: a summary (quantile sketches per
      // operation), five per-phase histograms, and a deprecated-field counter that walks each
      // document although the schema deprecates nothing.
      metrics: {
        graphql_yoga_http_duration: true,
        graphql_envelop_request: true,
        graphql_envelop_request_duration: true,
        graphql_envelop_error_result: true,
        graphql_envelop_request_time_summary: false,
        graphql_envelop_phase_parse: false,
        graphql_envelop_phase_validate: false,
        graphql_envelop_phase_context: false,
        graphql_envelop_phase_execute: false,
        graphql_envelop_phase_subscribe: false,
        graphql_envelop_deprecated_field: false,
        graphql_envelop_schema_change: false,
      },
      labels: { url: false },
    }),
    {
      onResultProcess({ result }) {
        const errors = Array.isArray(result) ? [] : ((result as { errors?: { extensions?: { code?: unknown } }[] }).errors ?? []);
        for (const error of errors) metrics.errorsByCode.inc({ code: String(error.extensions?.code ?? 'NONE') });
      },
    },
  ];
}
