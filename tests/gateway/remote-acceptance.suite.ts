import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { creditCodeCheckChar, residentIdCheckChar } from '../../federation/index.js'
import { verifyReceipt } from '../../signing/index.js'
import { verifyAudit } from '../../gateway/audit/verify-audit.js'
import { startHarness, type Harness } from '../fixtures/gateway-harness.js'
import type { CaseStore } from '../../gateway/stores/case-store.js'
import { until } from '../fixtures/until.js'
import { StatusPoller } from '../../gateway/delivery/status-poller.js'

/**
 * 异地受理 end to end: a Meishan window accepts applications other cities decide; the gateway
 * stores them, signs receipts, delivers them in each city's own schema, and follows them.
 */
/**
 * Defines the suite for one store: the same behaviour is required of the in-memory store and
 * of Redis (remote-acceptance.e2e.ts and remote-acceptance-redis.e2e.ts run it). `makeStore`
 * gives a separate store for each name.
 */
export function defineRemoteAcceptanceSuite(makeStore?: (name: string) => Promise<CaseStore>): void {
let h: Harness
let meishanWindow: string
beforeAll(async () => {
  const store = makeStore ? await makeStore('suite') : undefined
  h = await startHarness({ acceptance: { ...(store && { store }), delivery: { backoff: { maxAttempts: 3, baseDelayMs: 20, maxDelayMs: 100 } } } })
  meishanWindow = await h.token({ region: '511400', window: 'MS-DP-01' })
})
afterAll(() => h?.close())

const enterprise = (body: string) => body + creditCodeCheckChar(body)
const person = (body: string) => body + residentIdCheckChar(body)
const ENTERPRISE = enterprise('91510107MA6CD0001')
const PERSON = person('51142119900101123')

const SUBMIT = `mutation($input: RemoteApplicationInput!) { submitRemoteApplication(input: $input) {
  jws replayed case { id state competentRegion { code } acceptingRegion { code } acceptingWindow
    steps { order region { code } state localId delivery { status attempts lastError } compensation }
    materials { name kind digest indication } history { state source step note } } } }`

let seq = 0
function application(overrides: Record<string, unknown> = {}) {
  return {
    idempotencyKey: `test-${Date.now()}-${++seq}`,
    matterCode: 'TB-SCJG-001',
    mode: 'REMOTE_INTAKE',
    applicant: { kind: 'ENTERPRISE', name: '成都锦程商贸有限公司', idNumber: ENTERPRISE, facts: { enterpriseDomicile: '510107' } },
    materials: [{ name: '公司登记申请书', fileSha256: 'a'.repeat(64) }],
    ...overrides,
  }
}

const submit = (token: string, input: unknown) => h.as<any>(token, SUBMIT, { input })


/** Cases and case.received entries so far: what a refused submission must not add to. */
async function written(): Promise<{ cases: number; received: number }> {
  const cases = (await h.store!.listCases({ limit: 1000 })).length
  const received = (await h.store!.audit.read(1, 100_000)).filter((e) => e.type === 'case.received').length
  return { cases, received }
}

const REMOTE = `query($id: ID!) { remoteCase(id: $id) { id state steps { order state localId delivery { status attempts lastError } compensation } history { state source step note } } }`

describe('submitting at a remote window', () => {
  it('accepts a Chengdu matter at a Meishan window, signs a receipt, and delivers it to Chengdu in Chengdu\'s schema', async () => {
    const input = application({ materials: [{ name: '公司登记申请书', fileSha256: 'b'.repeat(64) }] })
    const r = await submit(meishanWindow, input)
    expect(r.errors).toBeUndefined()
    const { jws, case: c, replayed } = r.data.submitRemoteApplication
    expect(replayed).toBe(false)
    expect(c).toMatchObject({ state: 'RECEIVED', competentRegion: { code: '510100' }, acceptingRegion: { code: '511400' }, acceptingWindow: 'MS-DP-01' })
    expect(c.id).toMatch(/^TB-[0-9A-HJKMNP-TV-Z]{26}$/)

    // The receipt verifies with the gateway's published key and holds what the window needs.
    const jwks = (await (await fetch(h.url.replace('/graphql', '/.well-known/jwks.json'))).json()) as { keys: unknown[] }
    const report = await verifyReceipt(jws, jwks as never)
    expect(report.indication).toBe('TOTAL_PASSED')
    expect(report.payload).toMatchObject({ caseId: c.id, competentRegion: '510100', acceptingRegion: '511400', acceptingWindow: 'MS-DP-01', materials: [{ name: '公司登记申请书', digest: 'b'.repeat(64) }] })
    expect((report.payload as any).requestHash).toMatch(/^[0-9a-f]{64}$/)

    // Chengdu holds it in its own schema, exactly once.
    const chengdu = h.sandbox.cities.get('510100')!
    const received = await until(async () => chengdu.intake.received().find((x) => x.gatewayCaseId === c.id))
    expect(received.deliveries).toBe(1)
    const local = await h.city<any>('510100', 'query($n: [String!]!) { applicationsByNumbers(numbers: $n) { applicationNumber serviceItemCode channel partnerRegionCode status applicant { __typename ... on LegalEntity { entityName creditCode } } attachments { title sha256 } } }', { n: [received.localId] })
    expect(local.data.applicationsByNumbers[0]).toMatchObject({
      serviceItemCode: 'CD-SCJG-0101',
      channel: 'PROXY',
      partnerRegionCode: '511400',
      status: 'PENDING_INTAKE',
      applicant: { __typename: 'LegalEntity', entityName: '成都锦程商贸有限公司', creditCode: ENTERPRISE },
      attachments: [{ title: '公司登记申请书', sha256: 'b'.repeat(64) }],
    })
    const followed = await until(async () => {
      const x: any = await h.as(meishanWindow, REMOTE, { id: c.id })
      return x.data.remoteCase.steps[0].delivery.status === 'DELIVERED' && x.data.remoteCase
    })
    expect(followed.steps[0]).toMatchObject({ localId: received.localId, state: 'DELIVERED' })
  })

  it('returns the same receipt for the same key and request, and refuses the key for another request', async () => {
    const input = application()
    const first = (await submit(meishanWindow, input)).data.submitRemoteApplication
    const again = (await submit(meishanWindow, input)).data.submitRemoteApplication
    expect(again).toMatchObject({ replayed: true, jws: first.jws, case: { id: first.case.id } })
    const before = await written()
    const other = await submit(meishanWindow, { ...input, applicant: { ...input.applicant, name: '另一家公司' } })
    expect(other.errors?.[0]?.extensions).toMatchObject({ code: 'IDEMPOTENCY_CONFLICT', caseId: first.case.id })
    expect(await written()).toEqual(before)
  })

  it.each([
    ['an unknown matter', { matterCode: 'TB-NOPE-001' }, 'UNKNOWN_MATTER'],
    ['a mode the matter does not allow', { matterCode: 'TB-BDC-001', mode: 'FULLY_ONLINE', applicant: { kind: 'PERSON', name: '张三', idNumber: PERSON, facts: { propertyLocation: '510104' } } }, 'MODE_NOT_ALLOWED'],
    ['a person for an enterprise matter', { applicant: { kind: 'PERSON', name: '张三', idNumber: PERSON, facts: { enterpriseDomicile: '510107' } } }, 'APPLICANT_KIND_NOT_ALLOWED'],
    ['a wrong check character', { applicant: { kind: 'ENTERPRISE', name: 'x', idNumber: ENTERPRISE.slice(0, 17) + (ENTERPRISE[17] === '0' ? '1' : '0'), facts: { enterpriseDomicile: '510107' } } }, 'INVALID_ID_NUMBER'],
    ['missing facts', { applicant: { kind: 'ENTERPRISE', name: 'x', idNumber: ENTERPRISE, facts: {} } }, 'COMPETENCE_UNDETERMINED'],
    ['a material with two sources', { materials: [{ name: 'x', fileSha256: 'a'.repeat(64), certificateId: '510100:X' }] }, 'BAD_USER_INPUT'],
    ['a forged certificate', { materials: [{ name: '营业执照', jws: 'eyJhbGciOiJFUzI1NiJ9.eyJ4IjoxfQ.AAAA' }] }, 'MATERIAL_REJECTED'],
  ])('refuses %s with a typed error and writes nothing', async (_, overrides, code) => {
    const before = await written()
    const r = await submit(meishanWindow, application(overrides))
    expect(r.errors?.[0]?.extensions?.code).toBe(code)
    expect(r.data).toBeNull()
    expect(await written()).toEqual(before)
  })

  it('names each rejected material and its sub-indication', async () => {
    const licence = h.sandbox.cities.get('510100')!
    void licence
    const r = await submit(meishanWindow, application({ materials: [{ name: '好的', fileSha256: 'c'.repeat(64) }, { name: '营业执照', jws: 'not-a-jws' }] }))
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'MATERIAL_REJECTED', materials: [{ index: 1, name: '营业执照', indication: 'TOTAL_FAILED', subIndication: 'FORMAT_FAILURE' }] })
  })

  it('takes the accepting window from the token, and only from a window clerk', async () => {
    expect((await h.anonymous(SUBMIT, { input: application() })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED')
    // The provincial auditor oversees, but submits nothing.
    expect((await h.query(SUBMIT, { input: application() })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN')
    const platform = await h.token({ region: '511400', role: 'city-platform' })
    expect((await submit(platform, application())).errors?.[0]?.extensions?.code).toBe('FORBIDDEN')
    expect((await submit('garbage', application())).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED')
    // A Chengdu token cannot speak for a Meishan window.
    const idp = h.pki!.cities.get('510100')!.identity
    const { issueToken } = await import('../../gateway/auth/issue-token.js')
    const forged = await issueToken({ privateKey: idp.privateKey, kid: idp.kid, issuer: idp.issuer, subject: 'x', claim: { role: 'window-clerk', region: '511400', window: 'MS-DP-01' } })
    expect((await submit(forged, application())).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED')
  })
})

describe('waking the delivery workers', () => {
  // Workers that poll only every ten minutes: a case delivered within seconds was delivered
  // because the store announced it (Outbox.onReady), not because a poll found it.
  let slow: Harness
  beforeAll(async () => {
    // A store of its own: its gateway's audit checkpoints are signed with another key.
    const store = makeStore ? await makeStore('wake') : undefined
    slow = await startHarness({ acceptance: { ...(store && { store }), delivery: { pollMs: 600_000 } } })
  })
  afterAll(() => slow?.close())

  it('delivers an accepted case at once, though the workers would not look again for ten minutes', async () => {
    const token = await slow.token({ region: '511400', window: 'MS-DP-01' })
    for (let i = 0; i < 2; i++) {
      // Twice: the second case arrives while the loop sleeps after delivering the first.
      const c = (await slow.as<any>(token, SUBMIT, { input: application() })).data.submitRemoteApplication.case
      await until(async () => (await slow.as<any>(token, REMOTE, { id: c.id })).data.remoteCase.steps[0].delivery.status === 'DELIVERED', 5_000)
    }
  })
})

describe('following a case', () => {
  it('merges what Chengdu pushes into the case, and only Chengdu may report on it', async () => {
    const c = (await submit(meishanWindow, application())).data.submitRemoteApplication.case
    const chengdu = h.sandbox.cities.get('510100')!
    await until(async () => chengdu.intake.received().some((x) => x.gatewayCaseId === c.id))
    const token = await h.token({ region: '510100', role: 'city-platform' })
    chengdu.intake.setStatusPush({ url: h.url, token })
    chengdu.intake.progress(c.id, 'ACCEPTED', '材料齐全')
    chengdu.intake.progress(c.id, 'APPROVED')
    const done = await until(async () => {
      const x: any = await h.as(meishanWindow, REMOTE, { id: c.id })
      return x.data.remoteCase.state === 'APPROVED' && x.data.remoteCase
    })
    expect(done.history.filter((e: any) => e.source === '510100').map((e: any) => e.state)).toEqual(expect.arrayContaining(['ACCEPTED', 'APPROVED']))
    // The canonical case(id) shows the merged history too.
    const canonical: any = await h.as(meishanWindow, 'query($id: ID!) { case(id: $id) { id state region { code } history { state } } }', { id: c.id })
    expect(canonical.data.case).toMatchObject({ id: c.id, state: 'APPROVED', region: { code: '510100' } })
    const deyang = await h.token({ region: '510600', role: 'city-platform' })
    const r = await h.as(deyang, 'mutation($i: CaseStatusReportInput!) { reportCaseStatus(input: $i) { id } }', { i: { caseId: c.id, state: 'DENIED', at: '2026-11-25T10:00:00+08:00' } })
    expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN')
    chengdu.intake.setStatusPush(null)
  })

  it('polls cities that cannot push (Meishan), in one request per round', async () => {
    const chengduWindow = await h.token({ region: '510100', window: 'CD-WH-03' })
    const c = (await submit(chengduWindow, application({ matterCode: 'TB-YB-001', applicant: { kind: 'PERSON', name: '王芳', idNumber: PERSON, facts: { placeInsured: '511402' } } }))).data.submitRemoteApplication.case
    expect(c.competentRegion.code).toBe('511400')
    const meishan = h.sandbox.cities.get('511400')!
    await until(async () => {
      const x: any = await h.as(chengduWindow, REMOTE, { id: c.id })
      return x.data.remoteCase.steps[0].delivery.status === 'DELIVERED'
    })
    meishan.intake.progress(c.id, 'ACCEPTED')
    const before = meishan.stats.requests
    await h.acceptance!.poller.pollOnce('511400')
    expect(meishan.stats.requests - before).toBe(1)
    const x: any = await h.as(chengduWindow, REMOTE, { id: c.id })
    expect(x.data.remoteCase.state).toBe('ACCEPTED')
    // Another window of the same city does not see it.
    const other = await h.token({ region: '510100', window: 'CD-JJ-01' })
    expect(((await h.as(other, REMOTE, { id: c.id })) as any).data.remoteCase).toBeNull()
  })

  it('polls every case open in a city, however many came after it, scanLimit at a time', async () => {
    const chengduWindow = await h.token({ region: '510100', window: 'CD-WH-04' })
    const meishanCase = async () => (await submit(chengduWindow, application({ matterCode: 'TB-YB-001', applicant: { kind: 'PERSON', name: '王芳', idNumber: PERSON, facts: { placeInsured: '511402' } } }))).data.submitRemoteApplication.case
    const older = await meishanCase()
    const newer = await meishanCase()
    // Newer cases elsewhere do not use up a round: the poller reads Meishan's open cases only.
    await submit(chengduWindow, application())
    const stateOf = async (id: string) => ((await h.as(chengduWindow, REMOTE, { id })) as any).data.remoteCase
    await until(async () => (await Promise.all([older, newer].map((c) => stateOf(c.id)))).every((x) => x.steps[0].delivery.status === 'DELIVERED'))
    const meishan = h.sandbox.cities.get('511400')!
    meishan.intake.progress(older.id, 'ACCEPTED')
    meishan.intake.progress(newer.id, 'ACCEPTED')
    const poller = new StatusPoller({ ...h.acceptance!.poller.deps, scanLimit: 1 })
    await poller.pollOnce('511400')
    expect([(await stateOf(newer.id)).state, (await stateOf(older.id)).state]).toEqual(['ACCEPTED', 'DELIVERED'])
    await poller.pollOnce('511400')
    expect((await stateOf(older.id)).state).toBe('ACCEPTED')
    // Rounds go on past the oldest open case and start over from the newest.
    meishan.intake.progress(newer.id, 'IN_REVIEW')
    await until(async () => {
      await poller.pollOnce('511400')
      return (await stateOf(newer.id)).state === 'IN_REVIEW'
    })
  })

  it('runs 多地联办 in order, and withdraws the first step when the second is refused', async () => {
    const deyangWindow = await h.token({ region: '510600', window: 'DY-JY-02' })
    const input = application({ matterCode: 'TB-GA-001', mode: 'MULTI_CITY', applicant: { kind: 'PERSON', name: '李强', idNumber: PERSON, facts: { householdRegistration: '511421', residence: '510107' } } })
    const c = (await submit(deyangWindow, input)).data.submitRemoteApplication.case
    expect(c.steps.map((s: any) => [s.order, s.region.code, s.delivery.status])).toEqual([
      [1, '511400', 'PENDING'],
      [2, '510100', 'WAITING'],
    ])
    const meishan = h.sandbox.cities.get('511400')!
    const chengdu = h.sandbox.cities.get('510100')!
    await until(async () => meishan.intake.received().some((x) => x.gatewayCaseId === c.id))
    expect(chengdu.intake.received().some((x) => x.gatewayCaseId === c.id)).toBe(false)
    meishan.intake.progress(c.id, 'APPROVED', '准予迁出')
    await h.acceptance!.poller.pollOnce('511400')
    await until(async () => chengdu.intake.received().some((x) => x.gatewayCaseId === c.id))
    const token = await h.token({ region: '510100', role: 'city-platform' })
    const refused = await h.as(token, 'mutation($i: CaseStatusReportInput!) { reportCaseStatus(input: $i) { state } }', { i: { caseId: c.id, state: 'REFUSED', at: new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 19) + '+08:00', note: '迁入条件不符' } })
    expect(refused.errors).toBeUndefined()
    const final = await until(async () => {
      const x: any = await h.as(deyangWindow, REMOTE, { id: c.id })
      return x.data.remoteCase.steps[0].compensation === 'DELIVERED' && x.data.remoteCase
    })
    expect(final.state).toBe('REFUSED')
    expect(final.history.some((e: any) => e.state === 'COMPENSATED' && e.step === 1)).toBe(true)
    expect(meishan.intake.received().find((x) => x.gatewayCaseId === c.id)).toMatchObject({ withdrawn: true })
  })
})

describe('live updates', () => {
  it('streams caseUpdated over SSE as the case changes', async () => {
    const c = (await submit(meishanWindow, application())).data.submitRemoteApplication.case
    const chengdu = h.sandbox.cities.get('510100')!
    await until(async () => chengdu.intake.received().some((x) => x.gatewayCaseId === c.id))
    const res = await fetch(h.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${meishanWindow}` },
      body: JSON.stringify({ query: 'subscription($id: ID!) { caseUpdated(id: $id) { id state } }', variables: { id: c.id } }),
    })
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/)
    const reader = res.body!.getReader()
    const states: string[] = []
    let buffer = ''
    const nextState = async () => {
      for (;;) {
        const m = /data: (\{.*\})\n/.exec(buffer)
        if (m) {
          buffer = buffer.slice(m.index + m[0].length)
          const state = JSON.parse(m[1]!).data?.caseUpdated?.state
          if (state) return state as string
          continue
        }
        const { value, done } = await reader.read()
        if (done) throw new Error('stream ended')
        buffer += new TextDecoder().decode(value)
      }
    }
    states.push(await nextState())
    const token = await h.token({ region: '510100', role: 'city-platform' })
    await h.as(token, 'mutation($i: CaseStatusReportInput!) { reportCaseStatus(input: $i) { id } }', { i: { caseId: c.id, state: 'IN_REVIEW', at: '2099-01-01T09:00:00+08:00' } })
    while (!states.includes('IN_REVIEW')) states.push(await nextState())
    await reader.cancel()
    expect(states[0]).toMatch(/RECEIVED|DELIVERED/)
    expect(states.at(-1)).toBe('IN_REVIEW')
  })

  it('does not stream a case to a window that did not accept it', async () => {
    const c = (await submit(meishanWindow, application())).data.submitRemoteApplication.case
    const other = await h.token({ region: '511400', window: 'MS-OTHER' })
    const res = await fetch(h.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${other}` },
      body: JSON.stringify({ query: 'subscription($id: ID!) { caseUpdated(id: $id) { id } }', variables: { id: c.id } }),
    })
    const text = await res.text()
    expect(text).toMatch(/FORBIDDEN/)
  })
})

describe('deliveries that keep failing', () => {
  it('retry with backoff, become dead letters, and can be requeued', async () => {
    const ziyang = h.sandbox.cities.get('512000')!
    await ziyang.stop()
    try {
      const chengduWindow = await h.token({ region: '510100', window: 'CD-WH-03' })
      const c = (await submit(chengduWindow, application({ matterCode: 'TB-RS-001', applicant: { kind: 'PERSON', name: '赵敏', idNumber: PERSON, facts: { placeInsured: '512002' } } }))).data.submitRemoteApplication.case
      const dead = await until(async () => {
        const x: any = await h.as(chengduWindow, REMOTE, { id: c.id })
        return x.data.remoteCase.steps[0].delivery.status === 'DEAD' && x.data.remoteCase
      })
      expect(dead.steps[0].delivery.attempts).toBe(3)
      const ziyangPlatform = await h.token({ region: '512000', role: 'city-platform' })
      const letters: any = await h.as(ziyangPlatform, '{ deadLetters { id caseId region { code } reason } }')
      const letter = letters.data.deadLetters.find((d: any) => d.caseId === c.id)
      expect(letter).toMatchObject({ region: { code: '512000' } })
      await ziyang.start()
      const requeued: any = await h.as(ziyangPlatform, 'mutation($id: ID!) { requeueDelivery(id: $id) }', { id: letter.id })
      expect(requeued.data.requeueDelivery).toBe(true)
      // Ziyang's breaker may still be open from the failures (5 s cooldown), and a delivery the
      // breaker turns away waits out the cooldown before its next try: allow for both.
      await until(async () => ziyang.intake.received().some((x) => x.gatewayCaseId === c.id), 20_000)
    } finally {
      await ziyang.start()
    }
  })
})

describe('audit', () => {
  it('keeps every transition in one verifiable hash chain with signed checkpoints', async () => {
    await h.acceptance!.checkpointer.checkpoint()
    // The chain spans every region, so only the provincial auditor reads it whole.
    const cityAuditor = await h.token({ region: '511400', role: 'auditor' })
    expect((await h.as(cityAuditor, '{ auditLog(from: 1, first: 1) { seq } }')).errors?.[0]?.extensions?.code).toBe('FORBIDDEN')
    const auditor = await h.token({ region: '510000', role: 'auditor' })
    const log: any = await h.as(auditor, '{ auditLog(from: 1, first: 1000) { seq type caseId at data prevHash hash } auditCheckpoints { seq hash at jws } }')
    expect(log.errors).toBeUndefined()
    const entries = log.data.auditLog.map((e: any) => ({ ...e, data: JSON.parse(e.data) }))
    expect(entries.length).toBeGreaterThan(5)
    expect(entries.map((e: any) => e.type)).toEqual(expect.arrayContaining(['case.received', 'step.delivered', 'step.state']))
    const verdict = await verifyAudit(entries, log.data.auditCheckpoints, h.receiptKey!.privateKey)
    expect(verdict.problems).toEqual([])
    expect(verdict.ok).toBe(true)
    expect(verdict.checkpointsVerified).toBeGreaterThan(0)
    const window = await h.token({ region: '511400', window: 'MS-DP-01' })
    expect(((await h.as(window, '{ auditLog { seq } }')) as any).errors[0].extensions.code).toBe('FORBIDDEN')
  })
})
}
