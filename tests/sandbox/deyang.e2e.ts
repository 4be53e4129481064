import { describe, expect, it } from 'vitest'
import { createDeyangCity, multiCityHolders, sandboxSeed } from '../../sandbox/index.js'
import { busiestApplicant, busiestMatterAndState, expectNewestFirst, gql, gqlData, useStartedCity } from './sandbox-helpers.js'

const seed = sandboxSeed()
const { cases, licences } = seed.cities['510600']!
const ZT: Record<string, string> = {
  DELIVERED: '01', ACCEPTED: '02', REFUSED: '03', IN_REVIEW: '04', APPROVED: '05', DENIED: '06', RESULT_ISSUED: '07', RESULT_SERVED: '08',
}

const LIST = /* GraphQL */ `
  query ($sfzhm: String, $sxbm: String, $zt: [String!], $pyl: Int, $ts: Int) {
    bjlb(sfzhm: $sfzhm, sxbm: $sxbm, zt: $zt, pyl: $pyl, ts: $ts) { bjbh sqsj zt sfzhm sxbm }
    bjsl(sfzhm: $sfzhm, sxbm: $sxbm, zt: $zt)
  }
`
interface List {
  bjlb: Array<{ bjbh: string; sqsj: string; zt: string; sfzhm: string; sxbm: string }>
  bjsl: number
}

const city = useStartedCity(createDeyangCity)

describe('Deyang (德阳) over HTTP', () => {
  it('lists every 办件 newest first (bjlb) and counts them (bjsl)', async () => {
    const data = await gqlData<List>(city().url, LIST, {})
    expect(data.bjsl).toBe(cases.length)
    expect(data.bjlb.map((b) => b.bjbh)).toEqual(cases.map((c) => c.localId))
    expectNewestFirst(data.bjlb.map((b) => ({ at: b.sqsj, id: b.bjbh })))
    for (const b of data.bjlb) expect(b.sqsj).toMatch(/^20\d{12}$/)
  })

  it('filters by 身份证号码, 事项编码 and a list of status codes; bjsl counts the same filter', async () => {
    const who = busiestApplicant(cases)
    const mine = await gqlData<List>(city().url, LIST, { sfzhm: who })
    expect(mine.bjlb.map((b) => b.bjbh)).toEqual(cases.filter((c) => c.applicantIdNumber === who).map((c) => c.localId))
    expect(mine.bjsl).toBe(mine.bjlb.length)

    const { matter, state } = busiestMatterAndState(cases)
    const expected = cases.filter((c) => c.localMatterCode === matter && (c.state === state || c.state === 'REFUSED'))
    const both = await gqlData<List>(city().url, LIST, { sxbm: matter, zt: [ZT[state]!, '03'] })
    expect(both.bjlb.map((b) => b.bjbh)).toEqual(expected.map((c) => c.localId))
    expect(both.bjsl).toBe(expected.length)
    expect((await gqlData<List>(city().url, LIST, { zt: ['99'] })).bjsl).toBe(0)
  })

  it('pages exactly with pyl/ts', async () => {
    const ids: string[] = []
    for (let pyl = 0; pyl < cases.length; pyl += 13) {
      const page = await gqlData<List>(city().url, LIST, { pyl, ts: 13 })
      expect(page.bjlb.length).toBe(Math.min(13, cases.length - pyl))
      ids.push(...page.bjlb.map((b) => b.bjbh))
    }
    expect(ids).toEqual(cases.map((c) => c.localId))
    expect((await gqlData<List>(city().url, LIST, { pyl: cases.length, ts: 5 })).bjlb).toEqual([])
    expect((await gqlData<List>(city().url, LIST, { pyl: 3, ts: 0 })).bjlb).toEqual([])
    const negative = await gql(city().url, LIST, { pyl: -1 })
    expect(negative.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT')
  })

  it('looks 办件 up by number (bjcx), aligned with the input, with flat applicant and history', async () => {
    const c = cases.find((x) => x.applicant.kind === 'ENTERPRISE' && x.materials.length > 0)!
    const data = await gqlData(city().url, `query ($n: [String!]!) {
      bjcx(bjbh: $n) { bjbh sqrlx sqrxm sfzhm fddbr slqh lzjl { zt sj bz } cl { clmc zzbh zy } }
    }`, { n: ['x', c.localId] })
    expect(data['bjcx'][0]).toBeNull()
    const bj = data['bjcx'][1]
    expect(bj).toMatchObject({ bjbh: c.localId, sqrlx: '2', sqrxm: c.applicantName, sfzhm: c.applicantIdNumber, slqh: c.acceptingRegion })
    expect(bj.lzjl.map((e: { zt: string }) => e.zt)).toEqual(c.history.map((h) => ZT[h.state]))
    expect(bj.cl.map((m: { zzbh: string | null }) => m.zzbh)).toEqual(c.materials.map((m) => m.licenceId))
  })

  it('returns licences by holder (zzlb) and by number (zzcx), with 长期 for open-ended ones', async () => {
    const holder = multiCityHolders(seed).find((h) => h.regions.includes('510600'))!
    const longTerm = licences.find((l) => l.validUntil === null)!
    const data = await gqlData(city().url, `query ($h: String!, $n: [String!]!) {
      zzlb(czrzjhm: $h) { zzbh czrzjhm }
      zzcx(zzbh: $n) { zzbh yxqq yxqz zzzt czrlx }
    }`, { h: holder.idNumber, n: [longTerm.localId, 'DYZZ-none'] })
    expect(data['zzlb'].map((z: { zzbh: string }) => z.zzbh)).toEqual(licences.filter((l) => l.holderIdNumber === holder.idNumber).map((l) => l.localId))
    expect(data['zzcx'][0]).toMatchObject({ zzbh: longTerm.localId, yxqz: '长期', yxqq: longTerm.validFrom.replaceAll('-', '') })
    expect(data['zzcx'][1]).toBeNull()
  })
})
