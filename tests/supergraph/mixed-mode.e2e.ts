/**
 * Mixed mode: the canonical, translated city API and the province's matter-catalogue subgraph
 * in one API, as `npm start` serves them. Matter's canonical fields come from the catalogue and
 * the cities; its province fields from the subgraph, through `_entities`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createMatterCatalogue, MATTER_CATALOGUE_SDL, startSandbox } from '../../sandbox/index.js'
import { postGraphQL } from '../fixtures/gateway-harness.js'
import { startSupergraphGateway, type SupergraphGateway } from './supergraph-gateway.js'

let sandbox: Awaited<ReturnType<typeof startSandbox>>
let province: ReturnType<typeof createMatterCatalogue>
let gw: SupergraphGateway

beforeAll(async () => {
  sandbox = await startSandbox({ host: '127.0.0.1' })
  province = createMatterCatalogue({ host: '127.0.0.1' })
  await province.start()
  gw = await startSupergraphGateway([{ name: 'province', url: province.url, sdl: MATTER_CATALOGUE_SDL }], { endpoints: sandbox.endpoints, upstream: { retries: 0 } })
})

afterAll(async () => {
  await gw?.close()
  await province?.close()
  await sandbox?.close()
})

describe('mixed mode: canonical API + province matter catalogue', () => {
  it('matter(code) with canonical and province fields in one query', async () => {
    const r = await gw.query('{ matter(code: "TB-SCJG-001") { code name competenceBasis provinceCode timeLimitDays legalTimeLimitDays fee { charged } level maxVisits onlineUrl } }')
    expect(r.errors).toBeUndefined()
    expect(r.data.matter).toMatchObject({ code: 'TB-SCJG-001', name: '营业执照设立登记', competenceBasis: 'ENTERPRISE_DOMICILE', fee: { charged: false }, level: 'COUNTY', maxVisits: 0 })
    expect(r.data.matter.provinceCode).toMatch(/^510000SCJG001/)
    expect(r.data.matter.timeLimitDays).toBeLessThan(r.data.matter.legalTimeLimitDays)
  })

  it('the whole catalogue: one _entities request to the province for every matter', async () => {
    province.resetStats()
    const r = await gw.query('{ matters { code timeLimitDays fee { charged basis } } }')
    expect(r.errors).toBeUndefined()
    expect(r.data.matters.length).toBe(24)
    expect(r.data.matters.every((m: any) => typeof m.timeLimitDays === 'number')).toBe(true)
    expect(r.data.matters.find((m: any) => m.code.startsWith('TB-BDC')).fee.charged).toBe(true)
    expect(province.stats.requests).toBe(1)
  })

  it('a province root field, completed with canonical fields by the canonical subgraph', async () => {
    const r = await gw.query('{ provinceMatters(level: COUNTY) { code name department provinceCode } }')
    expect(r.errors).toBeUndefined()
    expect(r.data.provinceMatters.length).toBeGreaterThan(0)
    expect(r.data.provinceMatters[0]).toMatchObject({ code: expect.stringMatching(/^TB-/), name: expect.any(String), department: expect.any(String) })
  })

  it("cities' cases, translated, with the province's time limit of each case's matter", async () => {
    const r = await gw.query('{ cases(first: 5) { edges { node { id region { code } matter { code name timeLimitDays } } } } }')
    expect(r.errors).toBeUndefined()
    expect(r.data.cases.edges).toHaveLength(5)
    for (const e of r.data.cases.edges) expect(e.node.matter.timeLimitDays).toBeTypeOf('number')
  })

  it('authorization holds on the supergraph path too: the public may not read cases', async () => {
    const r = await postGraphQL<any>(gw.url, '{ cases(first: 1) { edges { node { id matter { timeLimitDays } } } } }')
    expect(r.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED')
  })

  it('canonical-only documents keep their canonical answers and errors', async () => {
    const r = await gw.query('{ competentRegion(matterCode: "TB-GA-001", facts: { residence: "510107" }) { rule } }')
    expect(r.errors?.[0]?.extensions?.code).toBe('COMPETENCE_UNDETERMINED')
    const m = await gw.query('{ matter(code: "TB-SCJG-001") { name } regions { code available } }')
    expect(m.errors).toBeUndefined()
    expect(m.data.regions).toHaveLength(4)
  })

  it('province down: matters keep their canonical fields, province fields are null with SUBGRAPH_UNAVAILABLE', async () => {
    await province.stop()
    try {
      const r = await gw.query('{ matter(code: "TB-SCJG-001") { name timeLimitDays } }')
      expect(r.data.matter).toEqual({ name: '营业执照设立登记', timeLimitDays: null })
      expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'province' })
    } finally {
      await province.start()
    }
  })
})
