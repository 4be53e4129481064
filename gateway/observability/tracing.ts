import { context, propagation, trace, type Tracer } from '@opentelemetry/api'
import type { SpanExporter } from '@opentelemetry/sdk-trace-node'
import { traceUpstreamCalls } from './upstream-spans.js'

export interface TracingOptions {
  /**
   * OTLP/HTTP base URL of a collector, as in OTEL_EXPORTER_OTLP_ENDPOINT (`/v1/traces` is
   * appended). Without it the exporter follows the standard OTEL_EXPORTER_OTLP_* variables.
   */
  endpoint?: string
  /** Spans go here instead, each as it ends (tests pass an InMemorySpanExporter). */
  exporter?: SpanExporter
}

export interface Tracing {
  readonly tracer: Tracer
  /** Exports the spans that ended and are still buffered. */
  flush(): Promise<void>
  /** Flushes, stops and unregisters: the process is untraced again. */
  shutdown(): Promise<void>
}

let active: { tracer: Tracer } | undefined

/**
 * Whether the process should trace: an endpoint was given (`--otel-endpoint`) or the standard
 * environment names one, and OTEL_SDK_DISABLED is not `true`.
 */
export function tracingRequested(endpoint: string | undefined, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.OTEL_SDK_DISABLED?.toLowerCase() === 'true') return false
  return Boolean(endpoint || env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT)
}

/**
 * The tracer while tracing is on, else undefined. Callers on the request path test this and
 * skip the OpenTelemetry API altogether when it is off, so untraced requests pay nothing.
 */
export function activeTracer(): Tracer | undefined {
  return active?.tracer
}

/**
 * Turns tracing on for this process: an OpenTelemetry tracer provider with async-context
 * propagation and the W3C trace-context propagator, registered globally, and spans for every
 * upstream call (see upstream-spans.ts). Sampling follows OTEL_TRACES_SAMPLER (default: every
 * request, or as the caller's traceparent says); OTEL_SERVICE_NAME overrides `tongban-gateway`.
 * The SDK is loaded here, not at start-up: an untraced gateway does not carry it in memory.
 * @throws Error when tracing is already on in this process.
 */
export async function startTracing(o: TracingOptions = {}): Promise<Tracing> {
  if (active) throw new Error('tracing is already started in this process')
  const [{ OTLPTraceExporter }, { detectResources, envDetector, resourceFromAttributes }, { BatchSpanProcessor, NodeTracerProvider, SimpleSpanProcessor }] = await Promise.all([
    import('@opentelemetry/exporter-trace-otlp-http'),
    import('@opentelemetry/resources'),
    import('@opentelemetry/sdk-trace-node'),
  ])
  if (active) throw new Error('tracing is already started in this process')
  const exporter = o.exporter ?? new OTLPTraceExporter(o.endpoint ? { url: `${o.endpoint.replace(/\/+$/, '')}/v1/traces` } : {})
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'tongban-gateway' }).merge(detectResources({ detectors: [envDetector] })),
    // Tests read spans as they end; a real exporter batches.
    spanProcessors: [o.exporter ? new SimpleSpanProcessor(exporter) : new BatchSpanProcessor(exporter)],
  })
  provider.register()
  const tracer = provider.getTracer('tongban')
  const untraceUpstream = traceUpstreamCalls(tracer)
  const state = { tracer }
  active = state
  return {
    tracer,
    flush: () => provider.forceFlush(),
    async shutdown() {
      if (active !== state) return
      active = undefined
      untraceUpstream()
      await provider.shutdown()
      trace.disable()
      context.disable()
      propagation.disable()
    },
  }
}
