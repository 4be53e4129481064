import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startHarness, type Harness } from '../fixtures/gateway-harness.js'

/**
 * Canonical answers checked field by field against what each sandbox city returns in its own
 * schema. The expected conversions are written out here independently of region.yaml.
 */
let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(() => h?.close())

const CASE_FIELDS = `id localId state mode receivedAt updatedAt region { code } matter { code }
  acceptingRegion { code }
  applicant { __typename ... on Person { name idNumber phone } ... on Enterprise { name creditCode legalRepresentative } }
  history { state at note } materials { name certificateId digest }`

const beijing = (ms: number) => {
  const d = new Date(ms + 8 * 3600_000)
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}T${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}+08:00`
}
const compact = (s: string | null) => (s ? `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}T${s.slice(8, 10)}:${s.slice(10, 12)}:${s.slice(12, 14)}+08:00` : null)
const spaced = (s: string | null) => (s ? `${s.replace(' ', 'T')}+08:00` : null)
/** The city of an area code; 简阳's old Ziyang code and 郫县's old code belong to Chengdu now. */
const cityOf = (code: string) => ({ '512081': '510100', '510124': '510100', '510122': '510100', '510132': '510100', '511422': '511400', '510626': '510600' })[code] ?? `${code.slice(0, 4)}00`
const iso = (s: string | null) => (s ? beijing(Date.parse(s)) : null)

/** Matter code of a local code, looked up through the gateway's own catalogue answer. */
let localToMatter: Map<string, string>
beforeAll(async () => {
  const r = await h.query<{ matters: { code: string; localCodes: { region: { code: string }; code: string }[] }[] }>(
    '{ matters { code localCodes { region { code } code } } }',
  )
  localToMatter = new Map(r.data!.matters.flatMap((m) => m.localCodes.map((l) => [`${l.region.code}/${l.code}`, m.code] as const)))
})

async function canonicalCases(region: string, first = 15) {
  const r = await h.query<{ cases: { edges: { node: Record<string, any> }[] } }>(
    `query($r: String!, $n: Int) { cases(filter: { region: $r }, first: $n) { edges { node { ${CASE_FIELDS} } } } }`,
    { r: region, n: first },
  )
  expect(r.errors).toBeUndefined()
  return r.data!.cases.edges.map((e) => e.node)
}

describe('translation, city by city', () => {
  it('Chengdu: camelCase, ISO-8601, Relay connection, union applicant', async () => {
    const status: Record<string, string> = { PENDING_INTAKE: 'DELIVERED', ACCEPTED: 'ACCEPTED', REJECTED: 'REFUSED', UNDER_REVIEW: 'IN_REVIEW', APPROVED: 'APPROVED', DISAPPROVED: 'DENIED', CERTIFICATE_ISSUED: 'RESULT_ISSUED', DELIVERED_TO_APPLICANT: 'RESULT_ISSUED' }
    const channel: Record<string, string> = { ONLINE: 'FULLY_ONLINE', PROXY: 'REMOTE_INTAKE', JOINT: 'MULTI_CITY' }
    const local = await h.city<{ applications: { edges: { node: any }[] } }>('510100', `{ applications(first: 15) { edges { node {
      applicationNumber serviceItemCode status channel submittedAt lastUpdatedAt partnerRegionCode
      applicant { __typename ... on NaturalPerson { fullName idCardNumber mobile } ... on LegalEntity { entityName creditCode legalRepresentative } }
      statusHistory { status changedAt remark } attachments { title licenceId sha256 } } } } }`)
    const canonical = await canonicalCases('510100')
    expect(canonical).toHaveLength(15)
    local.data!.applications.edges.forEach(({ node: l }, i) => {
      const c = canonical[i]!
      expect(c.id).toBe(`510100:${l.applicationNumber}`)
      expect(c.localId).toBe(l.applicationNumber)
      expect(c.state).toBe(status[l.status])
      expect(c.mode).toBe(l.channel ? channel[l.channel] : null)
      expect(c.receivedAt).toBe(iso(l.submittedAt))
      expect(c.updatedAt).toBe(iso(l.lastUpdatedAt))
      expect(c.matter.code).toBe(localToMatter.get(`510100/${l.serviceItemCode}`))
      expect(c.region.code).toBe('510100')
      if (l.applicant.__typename === 'NaturalPerson') {
        expect(c.applicant).toEqual({ __typename: 'Person', name: l.applicant.fullName, idNumber: l.applicant.idCardNumber, phone: l.applicant.mobile })
      } else {
        expect(c.applicant).toEqual({ __typename: 'Enterprise', name: l.applicant.entityName, creditCode: l.applicant.creditCode, legalRepresentative: l.applicant.legalRepresentative })
      }
      expect(c.history).toEqual(l.statusHistory.map((s: any) => ({ state: status[s.status], at: iso(s.changedAt), note: s.remark })))
      expect(c.materials).toEqual(l.attachments.map((a: any) => ({ name: a.title, certificateId: a.licenceId ? `510100:${a.licenceId}` : null, digest: a.sha256 })))
    })
  })

  it('Deyang: pinyin fields, yyyyMMddHHmmss, status codes, flat applicant', async () => {
    const zt: Record<string, string> = { '01': 'DELIVERED', '02': 'ACCEPTED', '03': 'REFUSED', '04': 'IN_REVIEW', '05': 'APPROVED', '06': 'DENIED', '07': 'RESULT_ISSUED', '08': 'RESULT_ISSUED' }
    const blfs: Record<string, string> = { '1': 'FULLY_ONLINE', '2': 'REMOTE_INTAKE', '3': 'MULTI_CITY' }
    const local = await h.city<{ bjlb: any[] }>('510600', '{ bjlb(pyl: 0, ts: 15) { bjbh sxbm zt blfs sqsj gxsj slqh sqrlx sqrxm sfzhm lxdh fddbr lzjl { zt sj bz } cl { clmc zzbh zy } } }')
    const canonical = await canonicalCases('510600')
    local.data!.bjlb.forEach((l, i) => {
      const c = canonical[i]!
      expect(c.id).toBe(`510600:${l.bjbh}`)
      expect(c.state).toBe(zt[l.zt])
      expect(c.mode).toBe(l.blfs ? blfs[l.blfs] : null)
      expect(c.receivedAt).toBe(compact(l.sqsj))
      expect(c.updatedAt).toBe(compact(l.gxsj))
      expect(c.matter.code).toBe(localToMatter.get(`510600/${l.sxbm}`))
      expect(c.acceptingRegion?.code ?? null).toBe(l.slqh ? cityOf(l.slqh) : null)
      expect(c.applicant).toEqual(
        l.sqrlx === '1'
          ? { __typename: 'Person', name: l.sqrxm, idNumber: l.sfzhm, phone: l.lxdh }
          : { __typename: 'Enterprise', name: l.sqrxm, creditCode: l.sfzhm, legalRepresentative: l.fddbr },
      )
      expect(c.history).toEqual(l.lzjl.map((s: any) => ({ state: zt[s.zt], at: compact(s.sj), note: s.bz })))
      expect(c.materials).toEqual(l.cl?.map((m: any) => ({ name: m.clmc, certificateId: m.zzbh ? `510600:${m.zzbh}` : null, digest: m.zy })) ?? null)
    })
  })

  it('Meishan: snake_case, epoch milliseconds, applicant joined from a separate root field', async () => {
    const status: Record<number, string> = { 10: 'DELIVERED', 20: 'ACCEPTED', 21: 'REFUSED', 30: 'IN_REVIEW', 40: 'APPROVED', 41: 'DENIED', 50: 'RESULT_ISSUED' }
    const local = await h.city<{ case_page: { items: any[] } }>('511400', '{ case_page(offset: 0, limit: 15) { items { case_no item_code status created_ms updated_ms applicant_kind applicant_ref timeline { status at_ms comment } } } }')
    const items = local.data!.case_page.items
    const ids = (kind: string) => items.filter((c) => c.applicant_kind === kind).map((c) => c.applicant_ref)
    const parties = await h.city<{ persons_by_id: any[]; enterprises_by_id: any[] }>(
      '511400',
      'query($p: [Int!]!, $e: [Int!]!) { persons_by_id(ids: $p) { id name id_no phone } enterprises_by_id(ids: $e) { id name uscc legal_rep } }',
      { p: ids('person'), e: ids('enterprise') },
    )
    const byRef = new Map<string, any>([...parties.data!.persons_by_id.map((p) => [`person/${p.id}`, p] as const), ...parties.data!.enterprises_by_id.map((e) => [`enterprise/${e.id}`, e] as const)])
    const before = h.sandbox.cities.get('511400')!.stats.requests
    const canonical = await canonicalCases('511400')
    // One request for the page, one for all the applicants of the page (persons and enterprises together).
    expect(h.sandbox.cities.get('511400')!.stats.requests - before).toBe(2)
    items.forEach((l, i) => {
      const c = canonical[i]!
      expect(c.id).toBe(`511400:${l.case_no}`)
      expect(c.state).toBe(status[l.status])
      expect(c.receivedAt).toBe(beijing(l.created_ms))
      expect(c.updatedAt).toBe(l.updated_ms == null ? null : beijing(l.updated_ms))
      const party = byRef.get(`${l.applicant_kind}/${l.applicant_ref}`)
      expect(c.applicant).toEqual(
        l.applicant_kind === 'person'
          ? { __typename: 'Person', name: party.name, idNumber: party.id_no, phone: party.phone }
          : { __typename: 'Enterprise', name: party.name, creditCode: party.uscc, legalRepresentative: party.legal_rep },
      )
      expect(c.history).toEqual(l.timeline.map((s: any) => ({ state: status[s.status], at: beijing(s.at_ms), note: s.comment })))
    })
  })

  it('Ziyang: a federation subgraph with its own type names, interface applicant', async () => {
    const phase: Record<string, string> = { WAITING: 'DELIVERED', TAKEN: 'ACCEPTED', DECLINED: 'REFUSED', EXAMINING: 'IN_REVIEW', GRANTED: 'APPROVED', REJECTED: 'DENIED', CLOSED: 'RESULT_ISSUED' }
    const local = await h.city<{ caseRecords: any[] }>('512000', `{ caseRecords(page: { skip: 0, take: 15 }) { recordNo itemNo phase filedTime touchedTime originArea
      party { __typename partyName partyCode ... on IndividualParty { mobile } ... on CorporateParty { legalPerson } } trail { phase time memo } } }`)
    const canonical = await canonicalCases('512000')
    local.data!.caseRecords.forEach((l, i) => {
      const c = canonical[i]!
      expect(c.id).toBe(`512000:${l.recordNo}`)
      expect(c.state).toBe(phase[l.phase])
      expect(c.receivedAt).toBe(spaced(l.filedTime))
      expect(c.updatedAt).toBe(spaced(l.touchedTime))
      expect(c.acceptingRegion?.code ?? null).toBe(l.originArea ? cityOf(l.originArea) : null)
      expect(c.applicant).toEqual(
        l.party.__typename === 'IndividualParty'
          ? { __typename: 'Person', name: l.party.partyName, idNumber: l.party.partyCode, phone: l.party.mobile }
          : { __typename: 'Enterprise', name: l.party.partyName, creditCode: l.party.partyCode, legalRepresentative: l.party.legalPerson },
      )
      expect(c.history).toEqual(l.trail.map((s: any) => ({ state: phase[s.phase], at: spaced(s.time), note: s.memo })))
    })
  })
})

describe('certificates', () => {
  it('maps each city\'s licences, long-term ones without an end date', async () => {
    const local = await h.city<{ zzlb: any[] }>('510600', `{ zzlb(czrzjhm: "x") { zzbh } }`)
    expect(local.data!.zzlb).toEqual([])
    const dy = await h.city<{ bjlb: any[] }>('510600', '{ bjlb(pyl: 0, ts: 400) { sfzhm } }')
    // Find a Deyang holder with a licence, then compare the two views of it.
    let holder: string | undefined
    let licences: any[] = []
    for (const { sfzhm } of dy.data!.bjlb) {
      const r = await h.city<{ zzlb: any[] }>('510600', 'query($h: String!) { zzlb(czrzjhm: $h) { zzbh zzlx zzhm czrxm czrzjhm czrlx fzjg fzrq yxqq yxqz zzzt } }', { h: sfzhm })
      if (r.data!.zzlb.length) {
        holder = sfzhm
        licences = r.data!.zzlb
        break
      }
    }
    expect(holder).toBeDefined()
    const r = await h.query<{ certificates: any[] }>(
      'query($h: String!) { certificates(holderId: $h) { id typeName number holder { name idNumber kind } issuingRegion { code } issuingAuthority issuedOn validFrom validUntil status } }',
      { h: holder },
    )
    expect(r.errors).toBeUndefined()
    const fromDeyang = r.data!.certificates.filter((c) => c.issuingRegion.code === '510600')
    const d = (s: string) => `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`
    const zzzt: Record<string, string> = { '1': 'VALID', '2': 'REVOKED', '3': 'EXPIRED', '4': 'SUSPENDED' }
    expect(fromDeyang).toEqual(
      licences.map((l) => ({
        id: `510600:${l.zzbh}`,
        typeName: l.zzlx,
        number: l.zzhm,
        holder: { name: l.czrxm, idNumber: l.czrzjhm, kind: l.czrlx === '1' ? 'PERSON' : 'ENTERPRISE' },
        issuingRegion: { code: '510600' },
        issuingAuthority: l.fzjg,
        issuedOn: d(l.fzrq),
        validFrom: d(l.yxqq),
        validUntil: l.yxqz === '长期' ? null : d(l.yxqz),
        status: zzzt[l.zzzt],
      })),
    )
  })
})
