import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { ExpressInstrumentation } from '@opentelemetry/instrumentation-express';
import { GraphQLInstrumentation } from '@opentelemetry/instrumentation-graphql';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { NodeSDK } from '@opentelemetry/sdk-node';

export interface Tracing {
  /** Sends the spans still buffered; call before the process exits. */
  shutdown(): Promise<void>;
}

/**
 * OpenTelemetry traces to the OTLP/HTTP endpoint in OTEL_EXPORTER_OTLP_ENDPOINT,
 * or nothing when it is unset. Must run before express, pg, ioredis and graphql
 * are loaded (each service imports its tracing module first). Spans carry
 * operation names and timings; database statements are recorded without their
 * parameters, so no personal value leaves the process.
 */
export function startTracing(serviceName: string): Tracing | undefined {
  if (!process.env.OTEL_EXPORTER_OTLP_ENDPOINT) return undefined;
  process.env.OTEL_SERVICE_NAME ??= serviceName;
  const sdk = new NodeSDK({
    serviceName: process.env.OTEL_SERVICE_NAME,
    traceExporter: new OTLPTraceExporter(),
    instrumentations: [
      // Probes and scrapes would drown the traces that matter.
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (req) => /^\/(livez|readyz|healthz|metrics)/.test(req.url ?? ''),
      }),
      new ExpressInstrumentation(),
      new GraphQLInstrumentation({ allowValues: false, mergeItems: true }),
      new PgInstrumentation({ enhancedDatabaseReporting: false }),
      new IORedisInstrumentation(),
    ],
  });
  sdk.start();
  return { shutdown: () => sdk.shutdown() };
}
