import { hostname } from 'node:os';
import { createCounter, createHistogram, usePrometheus, type FillLabelsFnParams } from '@graphql-yoga/plugin-prometheus';
import { sql } from 'drizzle-orm';
import { Kind, parse } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import { rowsOf, type Database } from '../db';
import { exampleTabs } from '../graphiql-examples';

/** How this instance names its Postgres connections, so that its pool can be told from others'. */
export const APPLICATION_NAME = `newskb ${hostname()} ${process.pid}`.slice(0, 63);

/** The label of operations past METRICS_OPERATION_NAMES that the server does not know. */
export const OTHER_OPERATIONS = 'other';

/** A longer name is not one a client of ours wrote by hand: it is labelled "other". */
const MAX_LABELLED_NAME_LENGTH = 100;

export interface MetricsOptions {
  /**
   * METRICS_OPERATION_NAMES: how many names besides the known ones get a label of their own, the
   * first ones seen; later ones are "other". Each name is a set of series that never expires.
   */
  operationNames?: number;
  /** The persisted operations' texts: their names are always labelled (GraphiQL's examples are). */
  knownOperations?: Iterable<string>;
}

/** The operation names a set of GraphQL documents defines; a document that does not parse adds none. */
export function operationNamesIn(documents: Iterable<string>): string[] {
  const names: string[] = [];
  for (const text of documents) {
    try {
      for (const definition of parse(text, { noLocation: true }).definitions) {
        if (definition.kind === Kind.OPERATION_DEFINITION && definition.name) names.push(definition.name.value);
      }
    } catch {
      continue;
    }
  }
  return names;
}

/**
 * The label of an operation name: itself when the server knows it or when it is among the first
 * `limit` names seen, else "other". Clients choose operation names, and every distinct label is a
 * set of series kept for the life of the process: 2,500 made-up names took /metrics from 23 KiB
 * to 21 MiB. Cost per request: one Set lookup.
 */
export function operationLabeller(limit: number, known: Iterable<string>) {
  const labelled = new Set(known);
  const knownCount = labelled.size;
  return (name: string | undefined) => {
    if (!name) return 'Anonymous';
    if (labelled.has(name)) return name;
    if (labelled.size - knownCount >= limit || name.length > MAX_LABELLED_NAME_LENGTH) return OTHER_OPERATIONS;
    labelled.add(name);
    return name;
  };
}

/** The metrics of one app instance, in a registry of its own (tests run several in one process). */
export function createMetrics({ operationNames = 50, knownOperations = [] }: MetricsOptions = {}) {
  const registry = new Registry();
  const labelOf = operationLabeller(operationNames, operationNamesIn([...exampleTabs.map(({ query }) => query), ...knownOperations]));
  collectDefaultMetrics({ register: registry, prefix: 'newskb_' });
  const statements = new Counter({
    name: 'newskb_sql_statements_total',
    help: 'SQL statements sent to the database.',
    registers: [registry],
  });
  const errorsByCode = new Counter({
    name: 'newskb_graphql_errors_total',
    help: 'GraphQL errors in responses, by extensions.code.',
    labelNames: ['code'],
    registers: [registry],
  });
  // countStatement is the database's onQuery hook: every SQL statement the app sends.
  return { registry, errorsByCode, labelOf, countStatement: () => statements.inc() };
}

export type Metrics = ReturnType<typeof createMetrics>;

/**
 * GET /metrics in Prometheus' text format: requests and their latency by operation (yoga's
 * Prometheus plugin), errors by code, SQL statements, the process (memory, event-loop lag) and,
 * this instance's Postgres connections by state as Postgres sees them (none on PGlite).
 */
export function useMetrics(metrics: Metrics, db: Database, { endpoint = '/metrics' }: { endpoint?: string | false } = {}): Plugin[] {
  // prom-client collects every metric of a scrape at once: both gauges share one query.
  let reading: Promise<Record<string, unknown>[] | null> | null = null;
  const readConnections = () =>
    (reading ??= db
      .execute(
        sql`SELECT coalesce(state, 'unknown') AS state, count(*)::int AS connections FROM pg_stat_activity WHERE application_name = ${APPLICATION_NAME} GROUP BY 1`,
      )
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
  const { registry, labelOf } = metrics;
  const byOperation = (params: FillLabelsFnParams) => ({
    operationName: labelOf(params.operationName),
    operationType: params.operationType ?? 'unknown',
  });
  return [
    usePrometheus({
      registry,
      endpoint,
      skipIntrospection: true,
      // The plugin turns every metric on unless told otherwise. Those off here cost CPU on every
      // request and answer nothing the ones kept do not: a summary (quantile sketches per
      // operation), five per-phase histograms, and a deprecated-field counter that walks each
      // document although the schema deprecates nothing. Those kept are the plugin's own (names,
      // help, labels), with their operation names bounded (operationLabeller); errors have no
      // path label, made of the client's aliases.
      metrics: {
        graphql_yoga_http_duration: createHistogram({
          registry,
          histogram: {
            name: 'graphql_yoga_http_duration',
            help: 'Time spent on HTTP connection',
            labelNames: ['operationName', 'operationType', 'method', 'statusCode'],
          },
          fillLabelsFn: (params, { request, response }) => ({
            ...byOperation(params),
            method: request.method,
            statusCode: response.status,
          }),
        }),
        graphql_envelop_request: createCounter({
          registry,
          counter: {
            name: 'graphql_envelop_request',
            help: 'Counts the amount of GraphQL requests executed through Envelop',
            labelNames: ['operationName', 'operationType'],
          },
          fillLabelsFn: byOperation,
        }),
        graphql_envelop_request_duration: createHistogram({
          registry,
          histogram: {
            name: 'graphql_envelop_request_duration',
            help: 'Time spent on running the GraphQL operation from parse to execute',
            labelNames: ['operationName', 'operationType'],
          },
          fillLabelsFn: byOperation,
        }),
        graphql_envelop_error_result: createCounter({
          registry,
          counter: {
            name: 'graphql_envelop_error_result',
            help: 'Counts the amount of errors reported from all phases',
            labelNames: ['operationName', 'operationType', 'phase'],
          },
          fillLabelsFn: (params: FillLabelsFnParams) => ({ ...byOperation(params), phase: params.errorPhase ?? 'unknown' }),
        }),
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
