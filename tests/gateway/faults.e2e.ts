import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { copyConfigs } from '../fixtures/config-dir.js'
import { startHarness, type Harness } from '../fixtures/gateway-harness.js'

/** Partial data, timeouts, retries and breakers against real sandbox cities that fail. */
let h: Harness
let configs: ReturnType<typeof copyConfigs>
beforeAll(async () => {
  configs = copyConfigs()
  for (const city of ['chengdu', 'deyang', 'meishan', 'ziyang']) {
    const file = `${city}/region.yaml`
    configs.edit(file, 'requestTimeoutMs: 4000', 'requestTimeoutMs: 600')
    configs.edit(file, 'headersTimeoutMs: 3000', 'headersTimeoutMs: 500')
    configs.edit(file, 'breaker: { failureThreshold: 5, cooldownMs: 5000 }', 'breaker: { failureThreshold: 3, cooldownMs: 400 }')
  }
  h = await startHarness({ configDir: configs.dir })
})
afterAll(async () => {
  await h?.close()
  configs?.remove()
})
const deyang = () => h.sandbox.cities.get('510600')!
afterEach(async () => {
  deyang().setFault(null)
  await deyang().start()
  // Let any open breaker cool down and close again before the next test.
  await new Promise((r) => setTimeout(r, 450))
  await h.query('{ cases(filter: { region: "510600" }, first: 1) { totalCount } }')
})

const CASES = '{ cases(first: 40) { totalCount edges { node { id region { code } } } } }'

function regionsIn(data: any): Set<string> {
  return new Set(data.cases.edges.map((e: any) => e.node.region.code))
}

describe('a city that is down', () => {
  it('yields the other cities\' data and REGION_UNAVAILABLE for it', async () => {
    await deyang().stop()
    const r: any = await h.query(CASES)
    expect(r.data.cases.edges).toHaveLength(40)
    expect(regionsIn(r.data).has('510600')).toBe(false)
    expect(r.data.cases.totalCount).toBeNull()
    expect(r.errors).toEqual([
      expect.objectContaining({ path: ['cases'], extensions: expect.objectContaining({ code: 'REGION_UNAVAILABLE', region: '510600', reason: 'CONNECTION_FAILED' }) }),
    ])
  })

  it('stopping a city in the middle of a query gives partial data, not a failed request', async () => {
    deyang().setFault({ delayMs: 300 })
    const pending = h.query(CASES)
    await new Promise((r) => setTimeout(r, 100))
    await deyang().stop()
    const r: any = await pending
    expect(r.data.cases.edges.length).toBe(40)
    expect(regionsIn(r.data).has('510600')).toBe(false)
    expect(r.errors?.map((e: any) => [e.extensions.code, e.extensions.region])).toEqual([['REGION_UNAVAILABLE', '510600']])
  })

  it('answers a lookup of that city with null and the error at the field', async () => {
    const ids: any = await h.query('{ cases(filter: { region: "510600" }, first: 1) { edges { node { id } } } }')
    const id = ids.data.cases.edges[0].node.id
    await deyang().stop()
    const r: any = await h.query('query($id: ID!) { case(id: $id) { id } regions { code } }', { id })
    expect(r.data.case).toBeNull()
    expect(r.data.regions).toHaveLength(4)
    expect(r.errors[0]).toMatchObject({ path: ['case'], extensions: { code: 'REGION_UNAVAILABLE', region: '510600' } })
  })

  it('times out a hanging city within its requestTimeoutMs', async () => {
    deyang().setFault({ hang: true })
    const started = Date.now()
    const r: any = await h.query(CASES)
    const took = Date.now() - started
    expect(took).toBeLessThan(1500)
    expect(r.data.cases.edges).toHaveLength(40)
    expect(r.errors[0].extensions).toMatchObject({ code: 'REGION_UNAVAILABLE', region: '510600', reason: 'TIMEOUT' })
  })
})

describe('health and readiness', () => {
  it('reports alive, and each city\'s breaker in readiness', async () => {
    const base = h.url.replace('/graphql', '')
    expect(await (await fetch(`${base}/healthcheck`)).json()).toEqual({ status: 'ok' })
    const ready = await fetch(`${base}/readiness`)
    expect(ready.status).toBe(200)
    expect(await ready.json()).toMatchObject({ status: 'ready', regions: { '510100': 'closed', '510600': 'closed', '511400': 'closed', '512000': 'closed' } })
  })
})

describe('retries and the circuit breaker', () => {
  it('retries reads through transient 503s', async () => {
    deyang().setFault({ failRate: 0.5 })
    deyang().resetStats()
    let ok = 0
    for (let i = 0; i < 10; i++) {
      const r: any = await h.query('{ cases(filter: { region: "510600" }, first: 3) { edges { node { id } } } }')
      if (!r.errors) ok++
    }
    // With two retries a query fails only if three attempts in a row fail (1 in 8).
    expect(ok).toBeGreaterThanOrEqual(7)
    expect(deyang().stats.requests).toBeGreaterThan(10)
  })

  it('opens after repeated failures, fails fast without calling the city, then recovers', async () => {
    deyang().setFault({ status: 503 })
    for (let i = 0; i < 3; i++) await h.query('{ cases(filter: { region: "510600" }, first: 1) { totalCount } }')
    const open: any = await h.query('{ region(code: "510600") { available } }')
    expect(open.data.region.available).toBe(false)
    deyang().resetStats()
    const r: any = await h.query(CASES)
    expect(r.errors[0].extensions).toMatchObject({ code: 'REGION_UNAVAILABLE', region: '510600', reason: 'BREAKER_OPEN' })
    expect(deyang().stats.requests).toBe(0)
    deyang().setFault(null)
    await new Promise((res) => setTimeout(res, 450))
    const back: any = await h.query('{ cases(filter: { region: "510600" }, first: 1) { edges { node { id } } } region(code: "510600") { available } }')
    expect(back.errors).toBeUndefined()
    expect(back.data.region.available).toBe(true)
  })
})
