import { cpSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { copyConfigs } from '../fixtures/config-dir.js'
import { startSuining, SUINING_ENTERPRISE, SUINING_PERSON } from '../fixtures/fifth-city/server.js'
import { startHarness, type Harness } from '../fixtures/gateway-harness.js'

/**
 * Adding a city is adding a folder: 遂宁 (510900) joins with its own PascalCase schema,
 * epoch seconds, integer status codes, {Rows, Total} pages and single-key lookups — and no
 * line of gateway code knows about it.
 */
let h: Harness
let suining: Awaited<ReturnType<typeof startSuining>>
let configs: ReturnType<typeof copyConfigs>
beforeAll(async () => {
  suining = await startSuining()
  configs = copyConfigs()
  cpSync(fileURLToPath(new URL('../fixtures/fifth-city/suining', import.meta.url)), join(configs.dir, 'suining'), { recursive: true })
  h = await startHarness({ configDir: configs.dir, endpoints: { '510900': suining.url } })
})
afterAll(async () => {
  await h?.close()
  await suining?.close()
  configs?.remove()
})

describe('a fifth city from configuration alone', () => {
  it('is a region with its districts and former codes', async () => {
    const r: any = await h.query('{ regions { code } region(code: "510922") { code name nameEn districts { code formerCodes { code until } } } }')
    expect(r.data.regions.map((x: any) => x.code)).toEqual(['510100', '510600', '510900', '511400', '512000'])
    expect(r.data.region).toMatchObject({ code: '510900', name: '遂宁市', nameEn: 'Suining' })
    expect(r.data.region.districts.find((d: any) => d.code === '510981').formerCodes).toEqual([{ code: '510922', until: '2019-07-31' }])
  })

  it('answers case lookups, batching several into one request even without a batch field', async () => {
    const before = suining.requests()
    const r: any = await h.query(`{
      a: case(id: "510900:SN-2025-0003") { id localId state receivedAt updatedAt matter { code } applicant { __typename ... on Enterprise { name creditCode legalRepresentative } }
        history { state at note } }
      b: case(id: "510900:SN-2025-0002") { id state applicant { __typename ... on Person { name idNumber phone } } }
      c: case(id: "510900:SN-404") { id }
    }`)
    expect(r.errors).toBeUndefined()
    expect(suining.requests() - before).toBe(1)
    expect(r.data.a).toEqual({
      id: '510900:SN-2025-0003',
      localId: 'SN-2025-0003',
      state: 'APPROVED',
      receivedAt: '2025-06-03T10:00:00+08:00',
      updatedAt: '2025-06-10T16:30:00+08:00',
      matter: { code: 'TB-SCJG-001' },
      applicant: { __typename: 'Enterprise', name: '遂宁市船山区蜀丰农业有限公司', creditCode: SUINING_ENTERPRISE, legalRepresentative: '唐志远' },
      history: [
        { state: 'DELIVERED', at: '2025-06-03T10:00:00+08:00', note: null },
        { state: 'ACCEPTED', at: '2025-06-04T09:00:00+08:00', note: '材料齐全' },
        { state: 'APPROVED', at: '2025-06-10T16:30:00+08:00', note: null },
      ],
    })
    expect(r.data.b).toEqual({ id: '510900:SN-2025-0002', state: 'ACCEPTED', applicant: { __typename: 'Person', name: '唐志远', idNumber: SUINING_PERSON, phone: '13908251234' } })
    expect(r.data.c).toBeNull()
  })

  it('pages its cases, and puts an untranslatable value\'s error at the canonical path', async () => {
    const r: any = await h.query('{ cases(filter: { region: "510900" }, first: 2) { totalCount pageInfo { hasNextPage endCursor } edges { node { id state } } } }')
    expect(r.data.cases.totalCount).toBe(3)
    expect(r.data.cases.edges.map((e: any) => e.node.id)).toEqual(['510900:SN-2025-0003', '510900:SN-2025-0002'])
    const next: any = await h.query('query($a: String) { cases(filter: { region: "510900" }, first: 2, after: $a) { pageInfo { hasNextPage } edges { node { id localId state } } } }', { a: r.data.cases.pageInfo.endCursor })
    // SN-2025-0001 carries status 9, which Suining's table does not define: the node is
    // nulled by the non-null state (GraphQL's rule) and the error names the path.
    expect(next.data.cases.pageInfo.hasNextPage).toBe(false)
    expect(next.errors).toEqual([
      expect.objectContaining({ path: ['cases', 'edges', 0, 'node', 'state'], extensions: expect.objectContaining({ code: 'UPSTREAM_BAD_RESPONSE', region: '510900' }) }),
    ])
  })

  it('joins the fan-out for a holder\'s certificates and the competence routing', async () => {
    const r: any = await h.query(`query($h: String!) { certificates(holderId: $h) { id typeName issuingRegion { code } issuedOn validUntil status holder { kind } } }`, { h: SUINING_PERSON })
    expect(r.data.certificates).toEqual([
      { id: '510900:SNZZ-0002', typeName: '结婚证', issuingRegion: { code: '510900' }, issuedOn: '2024-02-14', validUntil: null, status: 'VALID', holder: { kind: 'PERSON' } },
    ])
    const c: any = await h.query('{ competentRegion(matterCode: "TB-GA-005", facts: { householdRegistration: "510922" }) { region { code } district { name } } }')
    expect(c.data.competentRegion).toEqual({ region: { code: '510900' }, district: { name: '射洪市' } })
  })
})
