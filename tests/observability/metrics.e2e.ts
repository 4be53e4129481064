import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { compromisedLicenceIds, sandboxSeed } from '../../sandbox/index.js'
import { startHarness, type Harness } from '../fixtures/gateway-harness.js'
import { submitSampleApplication, until } from './remote-application.js'

/** /metrics of a real gateway in front of the four sandbox cities, with remote acceptance. */
let h: Harness
beforeAll(async () => {
  h = await startHarness({ acceptance: { delivery: { backoff: { maxAttempts: 3, baseDelayMs: 20, maxDelayMs: 100 } } } })
})
afterAll(() => h?.close())

async function scrape(): Promise<{ text: string; type: string | null; value(series: string): number }> {
  const res = await fetch(h.url.replace(/\/graphql$/, '/metrics'))
  const text = await res.text()
  const values = new Map<string, number>()
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue
    const at = line.lastIndexOf(' ')
    values.set(line.slice(0, at), Number(line.slice(at + 1)))
  }
  return { text, type: res.headers.get('content-type'), value: (series) => values.get(series) ?? 0 }
}

const post = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(h.url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json', ...headers }, body: JSON.stringify(body) })
const requests = (operation: string, type: string, outcome: string, code = '') =>
  `tongban_graphql_requests_total{operation="${operation}",operation_type="${type}",outcome="${outcome}",code="${code}"}`

describe('/metrics', () => {
  it('serves the Prometheus text format with the process metrics', async () => {
    const m = await scrape()
    expect(m.type).toMatch(/^text\/plain; version=0\.0\.4/)
    expect(m.text).toContain('# TYPE tongban_graphql_requests_total counter')
    expect(m.text).toContain('process_resident_memory_bytes')
  })

  it('counts requests once each, by operation and outcome, on the lean path and through yoga alike', async () => {
    const before = await scrape()
    await post({ query: 'query MetricsLean { regions { code } }' })
    await post({ query: 'query MetricsYoga { regions { code } }' }, { origin: 'http://localhost' })
    await post({ query: '{ regions { code } }' })
    // Lean path first, then handed to yoga, which reports it: still one request.
    await post({ query: 'query Broken { regions { ' })
    await post({ query: 'query MetricsCoded { competentRegion(matterCode: "TB-NOPE", facts: {}) { rule } }' })
    const after = await scrape()
    const delta = (s: string) => after.value(s) - before.value(s)
    expect(delta(requests('MetricsLean', 'query', 'ok'))).toBe(1)
    expect(delta(requests('MetricsYoga', 'query', 'ok'))).toBe(1)
    expect(delta(requests('anonymous', 'query', 'ok'))).toBe(1)
    expect(delta(requests('unknown', 'unknown', 'error', 'GRAPHQL_PARSE_FAILED'))).toBe(1)
    expect(delta(requests('MetricsCoded', 'query', 'error', 'UNKNOWN_MATTER'))).toBe(1)
    expect(delta('tongban_graphql_request_duration_seconds_count{operation="MetricsLean",operation_type="query"}')).toBe(1)
    expect(delta('tongban_graphql_request_duration_seconds_bucket{le="10",operation="MetricsLean",operation_type="query"}')).toBe(1)
  })

  it('reports a city that is down: partial results, upstream errors by reason, latency by region', async () => {
    const meishan = h.sandbox.cities.get('511400')!
    const before = await scrape()
    await meishan.stop()
    try {
      const r = await h.query('query MetricsFanOut { cases(first: 5) { edges { node { id } } } }')
      expect(r.errors?.[0]?.extensions?.code).toBe('REGION_UNAVAILABLE')
    } finally {
      await meishan.start()
    }
    const after = await scrape()
    const delta = (s: string) => after.value(s) - before.value(s)
    expect(delta(requests('MetricsFanOut', 'query', 'partial', 'REGION_UNAVAILABLE'))).toBe(1)
    // A refused connection is retried: one error per attempt.
    expect(delta('tongban_upstream_errors_total{region="511400",reason="CONNECTION_FAILED"}')).toBeGreaterThanOrEqual(1)
    expect(delta('tongban_upstream_request_duration_seconds_count{region="510100",outcome="ok"}')).toBeGreaterThanOrEqual(1)
    expect(after.value('tongban_upstream_breaker_state{region="511400",state="closed"}')).toBe(1)
  })

  it('counts verification results by indication and by signed format', async () => {
    const seed = sandboxSeed()
    const compromised = new Set(compromisedLicenceIds(seed, '510600'))
    const licence = seed.cities['510600']!.licences.find((l) => l.status === 'VALID' && (l.validUntil === null || l.validUntil > '2027-01-01') && !compromised.has(l.localId))!
    const before = await scrape()
    const r = await h.anonymous<any>('query($i: VerifyCertificateInput!) { verifyCertificate(input: $i) { indication } }', { i: { certificateId: `510600:${licence.localId}` } })
    expect(r.data.verifyCertificate.indication).toBe('TOTAL_PASSED')
    const after = await scrape()
    const delta = (s: string) => after.value(s) - before.value(s)
    expect(delta('tongban_certificate_verifications_total{indication="TOTAL_PASSED",sub_indication=""}')).toBe(1)
    for (const format of ['JWS', 'CMS', 'SES_SIGNATURE']) {
      expect(delta(`tongban_signature_verifications_total{format="${format}",indication="TOTAL_PASSED",sub_indication=""}`)).toBe(1)
    }
  })

  it('counts an accepted case and its delivery, and shows the outbox per city', async () => {
    const before = await scrape()
    const caseId = await submitSampleApplication(h, 'metrics')
    const accepted = 'tongban_cases_accepted_total{accepting_region="511400",competent_region="510100",mode="REMOTE_INTAKE"}'
    const delivered = 'tongban_deliveries_total{region="510100",kind="deliver",outcome="delivered"}'
    await until(async () => (await scrape()).value(delivered) > before.value(delivered))
    const after = await scrape()
    expect(after.value(accepted) - before.value(accepted)).toBe(1)
    for (const region of ['510100', '510600', '511400', '512000']) {
      expect(after.text).toContain(`tongban_outbox_messages{region="${region}",state="ready"}`)
      expect(after.text).toContain(`tongban_outbox_dead_letters{region="${region}"} 0`)
    }
    // The delivery went out with a request id of its own that names the case.
    const chengdu = h.sandbox.cities.get('510100')!.stats.lastRequests
    expect(chengdu.some((x) => x.requestId === `${caseId}.d1.1`)).toBe(true)
  })

  // Last: it uses up the cap of operation names.
  it('never makes a label of what a client chooses beyond the cap', async () => {
    await Promise.all(Array.from({ length: 120 }, (_, i) => post({ query: `query Flood${i} { regions { code } }` })))
    const m = await scrape()
    const names = new Set([...m.text.matchAll(/tongban_graphql_requests_total\{operation="([^"]+)"/g)].map((x) => x[1]))
    // 100 client names at most, and the gateway's own: other, anonymous, unknown.
    expect([...names].filter((n) => !['other', 'anonymous', 'unknown'].includes(n!)).length).toBe(100)
    expect(names.has('other')).toBe(true)
  })
})
