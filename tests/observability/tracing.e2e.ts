import { SpanKind, SpanStatusCode } from '@opentelemetry/api'
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-node'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { upstreamChannels, type UpstreamCall } from '../../federation/upstream/upstream-events.js'
import { activeTracer, startTracing, type Tracing } from '../../gateway/observability/tracing.js'
import { startHarness, type Harness } from '../fixtures/gateway-harness.js'
import { submitSampleApplication, until } from './remote-application.js'

/** Spans of a real gateway and sandbox cities, collected in memory. */
const exporter = new InMemorySpanExporter()
let tracing: Tracing
let h: Harness
beforeAll(async () => {
  tracing = await startTracing({ exporter })
  h = await startHarness({ acceptance: {} })
})
afterAll(async () => {
  await h?.close()
  await tracing?.shutdown()
})
beforeEach(() => exporter.reset())

const spans = () => exporter.getFinishedSpans()
const named = (name: string) => spans().filter((s) => s.name === name)
const childrenOf = (parent: ReadableSpan) => spans().filter((s) => s.parentSpanContext?.spanId === parent.spanContext().spanId)

describe('OpenTelemetry spans', () => {
  it('make a server span per GraphQL request, with a client span per city as its children', async () => {
    const sentHeaders: Record<string, string>[] = []
    const spy = (m: unknown) => sentHeaders.push({ ...(m as UpstreamCall).headers })
    upstreamChannels.start.subscribe(spy)
    let requestId: string | null
    try {
      const res = await fetch(h.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await h.token({ region: '510000', role: 'auditor' })}` },
        body: JSON.stringify({ query: 'query TraceCases { cases(first: 5) { edges { node { id } } } }' }),
      })
      expect(res.status).toBe(200)
      requestId = res.headers.get('x-request-id')
    } finally {
      upstreamChannels.start.unsubscribe(spy)
    }
    const [server] = await until(() => (named('query TraceCases').length ? named('query TraceCases') : undefined))
    expect(server!.kind).toBe(SpanKind.SERVER)
    expect(server!.attributes).toMatchObject({
      'graphql.operation.type': 'query',
      'graphql.operation.name': 'TraceCases',
      'tongban.outcome': 'ok',
      'tongban.request_id': requestId,
      'http.response.status_code': 200,
      'tongban.caller.role': 'auditor',
    })
    const upstream = childrenOf(server!)
    expect(upstream.map((s) => s.attributes['tongban.region']).sort()).toEqual(['510100', '510600', '511400', '512000'])
    for (const s of upstream) {
      expect(s.kind).toBe(SpanKind.CLIENT)
      expect(s.spanContext().traceId).toBe(server!.spanContext().traceId)
      expect(s.attributes).toMatchObject({ 'tongban.upstream.attempts': 1, 'tongban.upstream.outcome': 'ok', 'http.response.status_code': 200, 'tongban.request_id': requestId })
      expect(s.attributes['tongban.upstream.fields']).toBeGreaterThanOrEqual(1)
    }
    // Each city was sent the traceparent of its own client span.
    const sent = sentHeaders.map((x) => x.traceparent).sort()
    expect(sent).toEqual(upstream.map((s) => `00-${s.spanContext().traceId}-${s.spanContext().spanId}-01`).sort())
  })

  it('join the trace of a caller that sends a traceparent, and mark errors', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736'
    await fetch(h.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
      body: JSON.stringify({ query: 'query TraceError { competentRegion(matterCode: "TB-NOPE", facts: {}) { rule } }' }),
    })
    const server = await until(() => named('query TraceError')[0])
    expect(server.spanContext().traceId).toBe(traceId)
    expect(server.parentSpanContext?.spanId).toBe('00f067aa0ba902b7')
    expect(server.status.code).toBe(SpanStatusCode.ERROR)
    expect(server.attributes).toMatchObject({ 'tongban.outcome': 'error', 'tongban.error_code': 'UNKNOWN_MATTER' })
  })

  it('make a span per delivery attempt, parent of the call to the city', async () => {
    const caseId = await submitSampleApplication(h, 'trace')
    const delivery = await until(() => named('delivery 510100').find((s) => s.attributes['tongban.case_id'] === caseId))
    expect(delivery.attributes).toMatchObject({ 'tongban.delivery.kind': 'deliver', 'tongban.delivery.step': 1, 'tongban.delivery.attempt': 1, 'tongban.delivery.outcome': 'delivered' })
    const [call] = childrenOf(delivery)
    expect(call!.attributes).toMatchObject({ 'tongban.region': '510100', 'graphql.operation.name': 'TongbanDelivery', 'tongban.upstream.read': false, 'tongban.request_id': `${caseId}.d1.1` })
  })

  it('cost nothing once tracing is off: no tracer, no spans', async () => {
    await tracing.shutdown()
    exporter.reset()
    expect(activeTracer()).toBeUndefined()
    expect(upstreamChannels.start.hasSubscribers).toBe(false)
    const r = await h.query('query Untraced { cases(first: 2) { edges { node { id } } } }')
    expect(r.errors).toBeUndefined()
    expect(spans()).toHaveLength(0)
  })
})
