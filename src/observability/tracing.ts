import { useOpenTelemetry } from '@envelop/opentelemetry';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { Plugin } from 'graphql-yoga';

export interface Tracing {
  plugin: Plugin;
  /** Sends the spans still buffered; called on shutdown. */
  close(): Promise<void>;
}

/**
 * OpenTelemetry spans for each operation (name, type and document, never its variables, which
 * can hold tokens or unpublished text), sent over OTLP/HTTP to `endpoint` (a collector, Jaeger,
 * Tempo…). Resolvers are not traced: a span per field would cost more than the fields.
 */
export function createTracing(endpoint: string): Tracing {
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'newskb' }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: `${endpoint.replace(/\/$/, '')}/v1/traces` }))],
  });
  return {
    plugin: useOpenTelemetry({ resolvers: false, variables: false, result: false, document: true }, provider) as Plugin,
    close: () => provider.shutdown(),
  };
}
