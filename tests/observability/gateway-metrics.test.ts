import { describe, expect, it } from 'vitest'
import type { Federation } from '../../federation/index.js'
import { GatewayMetrics } from '../../gateway/observability/gateway-metrics.js'
import type { CaseStore } from '../../gateway/stores/case-store.js'
import { createMemoryStore } from '../../gateway/stores/memory-store.js'

/** Just what the metrics read of a federation: its regions and their breakers. */
function fakeFederation(breakers: Record<string, string>): () => Federation {
  const fed = {
    regions: Object.keys(breakers).map((code) => ({ code })),
    clients: new Map(Object.entries(breakers).map(([code, breakerState]) => [code, { breakerState }])),
  }
  return () => fed as unknown as Federation
}

/** The value lines of one metric family, without HELP/TYPE and histogram buckets. */
async function series(m: GatewayMetrics, name: string): Promise<string[]> {
  return (await m.scrape()).split('\n').filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `))
}

const ok = { outcome: 'ok' as const, code: '', seconds: 0.002 }

describe('gateway metrics', () => {
  it('keeps operation names and error codes bounded', async () => {
    const m = new GatewayMetrics({ federation: fakeFederation({}), maxOperationNames: 3, processMetrics: false })
    for (const name of ['A', 'B', 'C', 'D', 'E', 'A']) m.request({ name, type: 'query', ...ok })
    m.request({ name: 'x'.repeat(65), type: 'query', ...ok })
    m.request({ name: undefined, type: 'mutation', ...ok })
    m.request({ name: undefined, type: undefined, outcome: 'error', code: 'GRAPHQL_PARSE_FAILED', seconds: 0.001 })
    m.request({ name: 'A', type: 'query', outcome: 'partial', code: 'not a code: 510107199001011234', seconds: 0.01 })
    expect(await series(m, 'tongban_graphql_requests_total')).toEqual([
      'tongban_graphql_requests_total{operation="A",operation_type="query",outcome="ok",code=""} 2',
      'tongban_graphql_requests_total{operation="B",operation_type="query",outcome="ok",code=""} 1',
      'tongban_graphql_requests_total{operation="C",operation_type="query",outcome="ok",code=""} 1',
      'tongban_graphql_requests_total{operation="other",operation_type="query",outcome="ok",code=""} 3',
      'tongban_graphql_requests_total{operation="anonymous",operation_type="mutation",outcome="ok",code=""} 1',
      'tongban_graphql_requests_total{operation="unknown",operation_type="unknown",outcome="error",code="GRAPHQL_PARSE_FAILED"} 1',
      'tongban_graphql_requests_total{operation="A",operation_type="query",outcome="partial",code="other"} 1',
    ])
    expect(await series(m, 'tongban_graphql_request_duration_seconds_count')).toContain('tongban_graphql_request_duration_seconds_count{operation="A",operation_type="query"} 3')
  })

  it('reads breaker states at scrape time', async () => {
    const m = new GatewayMetrics({ federation: fakeFederation({ '510100': 'closed', '510600': 'open' }), processMetrics: false })
    expect(await series(m, 'tongban_upstream_breaker_state')).toEqual([
      'tongban_upstream_breaker_state{region="510100",state="closed"} 1',
      'tongban_upstream_breaker_state{region="510100",state="half-open"} 0',
      'tongban_upstream_breaker_state{region="510100",state="open"} 0',
      'tongban_upstream_breaker_state{region="510600",state="closed"} 0',
      'tongban_upstream_breaker_state{region="510600",state="half-open"} 0',
      'tongban_upstream_breaker_state{region="510600",state="open"} 1',
    ])
  })

  it('reads outbox depth and dead letters from the store at scrape time', async () => {
    const store = createMemoryStore()
    const message = (caseId: string) => ({ message: { caseId, step: 1, region: '510100', kind: 'deliver' as const, attempt: 0 } })
    await store.commit({ cases: [], enqueue: [message('TB-1'), message('TB-2'), message('TB-3'), { ...message('TB-4'), dueAt: Date.now() + 60_000 }], audit: [] })
    const [claimed] = await store.outbox.claim('510100', 'test', { count: 1, minIdleMs: 30_000 })
    await store.outbox.claim('510100', 'test', { count: 1, minIdleMs: 30_000 })
    await store.outbox.deadLetter('510100', claimed!.id, claimed!.message, 'gave up')
    const m = new GatewayMetrics({ federation: fakeFederation({ '510100': 'closed', '510600': 'closed' }), store, processMetrics: false })
    expect(await series(m, 'tongban_outbox_messages')).toEqual([
      'tongban_outbox_messages{region="510100",state="ready"} 1',
      'tongban_outbox_messages{region="510100",state="delayed"} 1',
      'tongban_outbox_messages{region="510100",state="unacknowledged"} 1',
      'tongban_outbox_messages{region="510600",state="ready"} 0',
      'tongban_outbox_messages{region="510600",state="delayed"} 0',
      'tongban_outbox_messages{region="510600",state="unacknowledged"} 0',
    ])
    expect(await series(m, 'tongban_outbox_dead_letters')).toEqual(['tongban_outbox_dead_letters{region="510100"} 1', 'tongban_outbox_dead_letters{region="510600"} 0'])
    await store.close()
  })

  it('reports no outbox figures, rather than hanging, when the store does not answer', async () => {
    const hung = { outbox: { depth: () => new Promise(() => undefined) } } as unknown as CaseStore
    const m = new GatewayMetrics({ federation: fakeFederation({ '510100': 'closed' }), store: hung, storeTimeoutMs: 50, processMetrics: false })
    const started = Date.now()
    expect(await series(m, 'tongban_outbox_messages')).toEqual([])
    expect(Date.now() - started).toBeLessThan(1000)
  })

  it('counts upstream attempts, errors by reason, verifications, deliveries and accepted cases', async () => {
    const m = new GatewayMetrics({ federation: fakeFederation({}), processMetrics: false })
    m.upstreamAttempt('510600', 'ok', 0.004)
    m.upstreamAttempt('510600', 'TIMEOUT', 0.5)
    m.upstreamError('510600', 'BREAKER_OPEN')
    m.verification({ indication: 'TOTAL_FAILED', subIndication: 'REVOKED', reports: [{ format: 'JWS', indication: 'TOTAL_PASSED' }, { format: 'SES_SIGNATURE', indication: 'TOTAL_PASSED' }] })
    m.delivery({ region: '510100', kind: 'deliver', outcome: 'delivered' })
    m.caseAccepted({ acceptingRegion: '511400', competentRegion: '510100', mode: 'REMOTE_INTAKE' })
    expect(await series(m, 'tongban_upstream_request_duration_seconds_count')).toEqual([
      'tongban_upstream_request_duration_seconds_count{region="510600",outcome="ok"} 1',
      'tongban_upstream_request_duration_seconds_count{region="510600",outcome="TIMEOUT"} 1',
    ])
    expect(await series(m, 'tongban_upstream_errors_total')).toEqual([
      'tongban_upstream_errors_total{region="510600",reason="TIMEOUT"} 1',
      'tongban_upstream_errors_total{region="510600",reason="BREAKER_OPEN"} 1',
    ])
    expect(await series(m, 'tongban_certificate_verifications_total')).toEqual(['tongban_certificate_verifications_total{indication="TOTAL_FAILED",sub_indication="REVOKED"} 1'])
    expect(await series(m, 'tongban_signature_verifications_total')).toEqual([
      'tongban_signature_verifications_total{format="JWS",indication="TOTAL_PASSED",sub_indication=""} 1',
      'tongban_signature_verifications_total{format="SES_SIGNATURE",indication="TOTAL_PASSED",sub_indication=""} 1',
    ])
    expect(await series(m, 'tongban_deliveries_total')).toEqual(['tongban_deliveries_total{region="510100",kind="deliver",outcome="delivered"} 1'])
    expect(await series(m, 'tongban_cases_accepted_total')).toEqual(['tongban_cases_accepted_total{accepting_region="511400",competent_region="510100",mode="REMOTE_INTAKE"} 1'])
  })

  it('includes the process metrics by default', async () => {
    const m = new GatewayMetrics({ federation: fakeFederation({}) })
    const text = await m.scrape()
    expect(text).toContain('process_cpu_seconds_total')
    expect(text).toContain('nodejs_eventloop_lag_seconds')
  })
})
