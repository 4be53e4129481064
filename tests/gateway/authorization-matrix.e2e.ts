import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildSchema } from 'graphql'
import { canonicalSdl } from '../../federation/index.js'
import { FIELD_OPERATIONS } from '../../gateway/auth/authorization.js'
import { startHarness, type GraphQLResult, type Harness } from '../fixtures/gateway-harness.js'

/**
 * The whole authorization matrix: every role of every region (and the province, and the
 * public) against every root field, on real sandbox data. The expectations are written out
 * here as the specification, independently of gateway/auth/authorization.ts.
 */
const CITIES = ['510100', '510600', '511400', '512000'] as const
type City = (typeof CITIES)[number]
type Who =
  | { kind: 'public' }
  | { kind: 'window-clerk'; region: City; window: string }
  | { kind: 'city-platform'; region: City }
  | { kind: 'auditor'; region: City }
  | { kind: 'province' }

const CALLERS: Who[] = [
  { kind: 'public' },
  ...CITIES.map((region): Who => ({ kind: 'window-clerk', region, window: `W-${region}` })),
  ...CITIES.map((region): Who => ({ kind: 'city-platform', region })),
  ...CITIES.map((region): Who => ({ kind: 'auditor', region })),
  { kind: 'province' },
]
const label = (w: Who) => (w.kind === 'public' || w.kind === 'province' ? w.kind : `${w.kind}@${w.region}`)

/** Which regions' city-held cases a caller reads (empty: none at all). */
function readsCityCases(w: Who): readonly string[] {
  if (w.kind === 'province') return CITIES
  if (w.kind === 'city-platform' || w.kind === 'auditor') return [w.region]
  return []
}
/** Which regions' licence records a caller reads. Window clerks: all (the applicant is at the window). */
function readsCertificates(w: Who): readonly string[] {
  if (w.kind === 'province' || w.kind === 'window-clerk') return CITIES
  if (w.kind === 'city-platform' || w.kind === 'auditor') return [w.region]
  return []
}
/** The error a caller gets for an operation it may not do at all. */
const refusal = (w: Who) => (w.kind === 'public' ? 'UNAUTHENTICATED' : 'FORBIDDEN')

let h: Harness
const tokens = new Map<string, string>()
const cityCase = new Map<string, string>()
const certificate = new Map<string, string>()
let holder: { id: string; regions: string[] }
/** A Chengdu matter accepted at Meishan window W-511400: parties 511400 (window) and 510100 (step). */
let remote: string

async function ask(w: Who, query: string, variables?: Record<string, unknown>): Promise<GraphQLResult<any>> {
  const token = tokens.get(label(w))
  return token ? h.as(token, query, variables) : h.anonymous(query, variables)
}
const code = (r: GraphQLResult) => r.errors?.[0]?.extensions?.code

beforeAll(async () => {
  h = await startHarness({ acceptance: { delivery: { pollMs: 20 } } })
  for (const w of CALLERS) {
    if (w.kind === 'public') continue
    if (w.kind === 'province') tokens.set(label(w), await h.token({ region: '510000', role: 'auditor' }))
    else tokens.set(label(w), await h.token({ region: w.region, role: w.kind, ...(w.kind === 'window-clerk' && { window: w.window }) }))
  }
  // Ids of each city's own data, found by the provincial auditor.
  for (const region of CITIES) {
    const r: any = await h.query('query($r: String) { cases(filter: { region: $r }, first: 40) { edges { node { id applicant { ... on Person { idNumber } ... on Enterprise { creditCode } } } } } }', { r: region })
    cityCase.set(region, r.data.cases.edges[0].node.id)
  }
  const holders: string[] = []
  for (const region of CITIES) {
    const r: any = await h.query('query($r: String) { cases(filter: { region: $r }, first: 40) { edges { node { applicant { ... on Person { idNumber } ... on Enterprise { creditCode } } } } } }', { r: region })
    holders.push(...r.data.cases.edges.map((e: any) => e.node.applicant.idNumber ?? e.node.applicant.creditCode))
  }
  for (const id of new Set(holders)) {
    const r: any = await h.query('query($h: String!) { certificates(holderId: $h) { id issuingRegion { code } } }', { h: id })
    for (const c of r.data.certificates) if (!certificate.has(c.issuingRegion.code)) certificate.set(c.issuingRegion.code, c.id)
    const regions = [...new Set<string>(r.data.certificates.map((c: any) => c.issuingRegion.code))]
    if (!holder || regions.length > holder.regions.length) holder = { id, regions }
    if (certificate.size === CITIES.length && holder.regions.length >= 2) break
  }
  expect(certificate.size).toBe(CITIES.length)
  expect(holder.regions.length).toBeGreaterThanOrEqual(2)
  const submitted: any = await h.as(
    tokens.get('window-clerk@511400')!,
    `mutation($input: RemoteApplicationInput!) { submitRemoteApplication(input: $input) { case { id } } }`,
    {
      input: {
        idempotencyKey: `matrix-${Date.now()}`,
        matterCode: 'TB-SCJG-001',
        mode: 'REMOTE_INTAKE',
        applicant: { kind: 'ENTERPRISE', name: '成都锦程商贸有限公司', idNumber: '91510107MA6CD0001J', facts: { enterpriseDomicile: '510107' } },
        materials: [{ name: '公司登记申请书', fileSha256: 'c'.repeat(64) }],
      },
    },
  )
  remote = submitted.data.submitRemoteApplication.case.id
}, 120_000)
afterAll(() => h?.close())

describe('authorization matrix', () => {
  it('classifies every root field of the canonical schema', () => {
    const schema = buildSchema(canonicalSdl)
    const fields = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].flatMap((t) => Object.keys(t?.getFields() ?? {}))
    expect(fields.filter((f) => !(f in FIELD_OPERATIONS))).toEqual([])
  })

  it.each(CALLERS.map((w) => [label(w), w] as const))('%s: the public catalogue and verification are open to all', async (_, w) => {
    const r = await ask(w, '{ regions { code } matters(filter: {}) { code } competentRegion(matterCode: "TB-SCJG-001", facts: { enterpriseDomicile: "510107" }) { region { code } } }')
    expect(r.errors).toBeUndefined()
    expect(r.data.regions).toHaveLength(4)
    expect(r.data.competentRegion.region.code).toBe('510100')
  })

  it.each(CALLERS.map((w) => [label(w), w] as const))('%s: case(id) and cases of each city', async (_, w) => {
    const allowed = readsCityCases(w)
    for (const region of CITIES) {
      const one = await ask(w, 'query($id: ID!) { case(id: $id) { id region { code } } }', { id: cityCase.get(region) })
      const list = await ask(w, 'query($r: String) { cases(filter: { region: $r }, first: 5) { edges { node { id region { code } } } } }', { r: region })
      if (allowed.includes(region)) {
        expect(one.errors, `${label(w)} case@${region}`).toBeUndefined()
        expect(one.data.case.region.code).toBe(region)
        expect(list.errors).toBeUndefined()
        expect(list.data.cases.edges.length).toBeGreaterThan(0)
      } else {
        expect(code(one), `${label(w)} case@${region}`).toBe(refusal(w))
        expect(one.data?.case ?? null).toBeNull()
        expect(code(list)).toBe(refusal(w))
      }
    }
    // Without a region filter the fan-out reaches only the caller's jurisdiction.
    const all = await ask(w, '{ cases(first: 60) { edges { node { id region { code } } } } }')
    if (allowed.length === 0) {
      expect(code(all)).toBe(refusal(w))
    } else {
      expect(all.errors).toBeUndefined()
      const seen = new Set<string>(all.data.cases.edges.map((e: any) => e.node.region.code))
      expect([...seen].every((r) => allowed.includes(r))).toBe(true)
      expect(all.data.cases.edges.every((e: any) => allowed.some((r) => e.node.id.startsWith(`${r}:`)))).toBe(true)
      if (w.kind === 'province') expect(seen.size).toBeGreaterThan(1)
    }
  })

  it.each(CALLERS.map((w) => [label(w), w] as const))('%s: certificate(id) and certificates(holderId)', async (_, w) => {
    const allowed = readsCertificates(w)
    for (const region of CITIES) {
      const r = await ask(w, 'query($id: ID!) { certificate(id: $id) { id holder { idNumber } } }', { id: certificate.get(region) })
      if (allowed.includes(region)) expect(r.data?.certificate?.id, `${label(w)} certificate@${region}`).toBe(certificate.get(region))
      else expect(code(r), `${label(w)} certificate@${region}`).toBe(refusal(w))
    }
    const list = await ask(w, 'query($h: String!) { certificates(holderId: $h) { id issuingRegion { code } holder { idNumber } } }', { h: holder.id })
    if (allowed.length === 0) return expect(code(list)).toBe(refusal(w))
    expect(list.errors).toBeUndefined()
    const regions = new Set<string>(list.data.certificates.map((c: any) => c.issuingRegion.code))
    expect([...regions].sort()).toEqual(holder.regions.filter((r) => allowed.includes(r)).sort())
  })

  it.each(CALLERS.map((w) => [label(w), w] as const))('%s: a licence verified by id shows its holder only to who may read it', async (_, w) => {
    for (const region of CITIES) {
      const r = await ask(w, 'query($id: ID!) { verifyCertificate(input: { certificateId: $id }) { indication certificate { id holder { name idNumber kind } signed { jws } } } }', { id: certificate.get(region) })
      expect(r.errors, `${label(w)} verify@${region}`).toBeUndefined()
      const c = r.data.verifyCertificate.certificate
      expect(c.id).toBe(certificate.get(region))
      if (readsCertificates(w).includes(region)) {
        expect(c.holder.idNumber).not.toContain('*')
        expect(c.signed?.jws).toBeTruthy()
      } else {
        expect(c.signed).toBeNull()
        if (c.holder.kind === 'PERSON') {
          expect(c.holder.idNumber).toMatch(/^\d{6}\*{8}[\dX]{4}$/)
          expect(c.holder.name).toMatch(/^.\*+$/u)
        }
      }
    }
  })

  it.each(CALLERS.map((w) => [label(w), w] as const))('%s: remote cases (accepted at W-511400, decided by 510100)', async (_, w) => {
    const sees =
      w.kind === 'province' ||
      (w.kind === 'window-clerk' && w.region === '511400') ||
      (w.kind === 'city-platform' && w.region === '510100') ||
      (w.kind === 'auditor' && (w.region === '511400' || w.region === '510100'))
    const one = await ask(w, 'query($id: ID!) { remoteCase(id: $id) { id } case(id: $id) { id } }', { id: remote })
    const list = await ask(w, '{ remoteCases(first: 100) { id acceptingRegion { code } competentRegion { code } } }')
    if (w.kind === 'public') {
      expect(code(one)).toBe('UNAUTHENTICATED')
      expect(code(list)).toBe('UNAUTHENTICATED')
      return
    }
    expect(one.errors).toBeUndefined()
    expect(one.data.remoteCase?.id ?? null).toBe(sees ? remote : null)
    expect(one.data.case?.id ?? null).toBe(sees ? remote : null)
    expect(list.errors).toBeUndefined()
    expect(list.data.remoteCases.some((c: any) => c.id === remote)).toBe(sees)
  })

  it.each(CALLERS.map((w) => [label(w), w] as const))('%s: submitting, reporting, the audit log and dead letters', async (_, w) => {
    const submit = await ask(w, `mutation($input: RemoteApplicationInput!) { submitRemoteApplication(input: $input) { case { acceptingRegion { code } acceptingWindow } } }`, {
      input: {
        idempotencyKey: `matrix-${label(w).replace(/\W/g, '-')}-${Date.now()}`,
        matterCode: 'TB-SCJG-001',
        mode: 'REMOTE_INTAKE',
        applicant: { kind: 'ENTERPRISE', name: '成都锦程商贸有限公司', idNumber: '91510107MA6CD0001J', facts: { enterpriseDomicile: '510107' } },
        materials: [{ name: '公司登记申请书', fileSha256: 'd'.repeat(64) }],
      },
    })
    if (w.kind === 'window-clerk') expect(submit.data.submitRemoteApplication.case).toEqual({ acceptingRegion: { code: w.region }, acceptingWindow: w.window })
    else expect(code(submit)).toBe(refusal(w))

    const report = await ask(w, 'mutation($id: ID!) { reportCaseStatus(input: { caseId: $id, state: IN_REVIEW, at: "2026-11-25T10:00:00+08:00" }) { id } }', { id: remote })
    if (w.kind === 'city-platform' && w.region === '510100') expect(report.errors).toBeUndefined()
    else expect(code(report), label(w)).toBe(refusal(w))

    const audit = await ask(w, '{ auditLog(first: 1) { seq } auditCheckpoints { seq } }')
    if (w.kind === 'province') expect(audit.data.auditLog).toHaveLength(1)
    else expect(code(audit)).toBe(refusal(w))

    const dead = await ask(w, '{ deadLetters { id } }')
    const requeue = await ask(w, 'mutation { requeueDelivery(id: "no-such-letter") }')
    if (w.kind === 'city-platform' || w.kind === 'auditor' || w.kind === 'province') {
      expect(dead.data.deadLetters).toEqual([])
      expect(requeue.data.requeueDelivery).toBe(false)
    } else {
      expect(code(dead)).toBe(refusal(w))
      expect(code(requeue)).toBe(refusal(w))
    }
  })

  it('follows a remote case by subscription only for those who may see it', async () => {
    const subscribe = async (token: string | undefined) => {
      const res = await fetch(h.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...(token && { authorization: `Bearer ${token}` }) },
        body: JSON.stringify({ query: 'subscription($id: ID!) { caseUpdated(id: $id) { id } }', variables: { id: remote } }),
      })
      const reader = res.body!.getReader()
      let text = ''
      while (!text.includes('\n\n')) text += new TextDecoder().decode((await reader.read()).value)
      await reader.cancel()
      return JSON.parse(/data: (.*)/.exec(text)![1]!) as GraphQLResult<any>
    }
    expect((await subscribe(tokens.get('window-clerk@511400'))).data?.caseUpdated.id).toBe(remote)
    expect(code(await subscribe(tokens.get('window-clerk@510600')))).toBe('FORBIDDEN')
    expect(code(await subscribe(undefined))).toBe('UNAUTHENTICATED')
  })

  it('refuses a token the province did not issue as a provincial one, and a province token for anything but auditing', async () => {
    const idp = h.pki!.provinceIdentity
    const { issueToken } = await import('../../gateway/auth/issue-token.js')
    const clerk = await issueToken({ privateKey: idp.privateKey, kid: idp.kid, issuer: idp.issuer, subject: 'x', claim: { role: 'window-clerk', region: '510000', window: 'P-1' } })
    expect(code(await h.as(clerk, '{ remoteCases { id } }'))).toBe('UNAUTHENTICATED')
    // A city's identity provider cannot mint a provincial auditor.
    const city = h.pki!.cities.get('510100')!.identity
    const fake = await issueToken({ privateKey: city.privateKey, kid: city.kid, issuer: city.issuer, subject: 'x', claim: { role: 'auditor', region: '510000' } })
    expect(code(await h.as(fake, '{ auditLog { seq } }'))).toBe('UNAUTHENTICATED')
  })
})
