import { context, propagation, SpanKind, SpanStatusCode, trace, type Span, type Tracer } from '@opentelemetry/api'
import { upstreamChannels, type UpstreamAttempt, type UpstreamCall } from '../../federation/upstream/upstream-events.js'

/**
 * A client span for each request the federation layer sends to a city, as a child of whatever
 * span is active where the request was made (a GraphQL request, a delivery). The span's
 * W3C `traceparent` goes to the city with the request, next to x-request-id. Retries are
 * events on the span. Returns the unsubscribe function.
 */
export function traceUpstreamCalls(tracer: Tracer): () => void {
  const spans = new WeakMap<UpstreamCall, Span>()
  const onStart = (m: unknown) => {
    const call = m as UpstreamCall
    const parent = context.active()
    const span = tracer.startSpan(
      `upstream ${call.region}`,
      {
        kind: SpanKind.CLIENT,
        attributes: {
          'tongban.region': call.region,
          'tongban.request_id': call.requestId,
          'tongban.upstream.fields': call.fields,
          'tongban.upstream.read': call.read,
          ...(call.operationName && { 'graphql.operation.name': call.operationName }),
        },
      },
      parent,
    )
    spans.set(call, span)
    propagation.inject(trace.setSpan(parent, span), call.headers)
  }
  const onAttempt = (m: unknown) => {
    const a = m as UpstreamAttempt
    spans.get(a.call)?.addEvent('attempt', { 'tongban.upstream.attempt': a.attempt, 'tongban.upstream.outcome': a.outcome, 'tongban.upstream.ms': a.ms })
  }
  const onEnd = (m: unknown) => {
    const call = m as UpstreamCall
    const span = spans.get(call)
    if (!span) return
    spans.delete(call)
    span.setAttributes({
      'tongban.upstream.attempts': call.attempts,
      'tongban.upstream.outcome': call.outcome ?? 'unknown',
      'tongban.upstream.graphql_errors': call.graphqlErrors,
      ...(call.status !== undefined && { 'http.response.status_code': call.status }),
    })
    if (call.outcome !== 'ok') span.setStatus({ code: SpanStatusCode.ERROR, message: call.outcome })
    span.end()
  }
  upstreamChannels.start.subscribe(onStart)
  upstreamChannels.attempt.subscribe(onAttempt)
  upstreamChannels.end.subscribe(onEnd)
  return () => {
    upstreamChannels.start.unsubscribe(onStart)
    upstreamChannels.attempt.unsubscribe(onAttempt)
    upstreamChannels.end.unsubscribe(onEnd)
  }
}
