import { describe, expect, it } from 'vitest'
import { sandboxSeed } from '../../sandbox/index.js'
import { beijingMs } from '../../sandbox/seed/beijing-time.js'
import { deliverOk, INTAKE_DRIVERS, remoteCase } from './intake-drivers.js'
import { expectNewestFirst, useStartedCity } from './sandbox-helpers.js'

// 异地受理 at each sandbox city, over real HTTP in the city's own schema: intake, idempotent
// redelivery, withdrawal and progress, checked through the city's own list, count and lookup.

const seed = sandboxSeed()

describe.each(INTAKE_DRIVERS)('$name: remote intake over HTTP', (d) => {
  const city = useStartedCity(d.create)
  const seededIds = new Set(seed.cities[d.code]!.cases.map((c) => c.localId))

  it('creates a pending case with a new number, visible at once in list, count, filter and lookup', async () => {
    const before = await d.newest(city().url, 1)
    const spec = remoteCase(d)
    const no = await deliverOk(d, city().url, spec)
    expect(no).toMatch(d.idPattern)
    expect(seededIds.has(no)).toBe(false)

    const after = await d.newest(city().url, 3)
    expect(after.total).toBe(before.total + 1)
    expect(after.rows[0]!.id).toBe(no)
    expect((await d.newest(city().url, 50, spec.applicant.idNumber)).rows[0]!.id).toBe(no)

    const c = await d.lookup(city().url, no)
    expect(c).toMatchObject({
      localId: no,
      state: d.local.DELIVERED,
      mode: d.remoteMode,
      receivedAt: d.stamp(spec.submittedAt),
      acceptingRegion: spec.acceptingRegion,
      applicantId: spec.applicant.idNumber,
      applicantName: spec.applicant.name,
      materials: spec.materials,
    })
    expect(c!.history).toEqual([{ state: d.local.DELIVERED, note: expect.stringContaining(spec.window) }])
    expect(city().intake.received().find((r) => r.gatewayCaseId === spec.gatewayCaseId)).toEqual({
      gatewayCaseId: spec.gatewayCaseId,
      localId: no,
      state: 'DELIVERED',
      deliveries: 1,
      acceptingRegion: spec.acceptingRegion,
      acceptingWindow: spec.window,
      withdrawn: false,
    })
  })

  it('numbers cases in arrival order and files an older application where its time puts it', async () => {
    const first = await deliverOk(d, city().url, remoteCase(d))
    const second = await deliverOk(d, city().url, remoteCase(d))
    expect(second > first).toBe(true)
    const old = await deliverOk(d, city().url, remoteCase(d, { submittedAt: beijingMs(2025, 3, 14, 10, 30) }))
    const all = await d.newest(city().url, 10_000)
    expect(all.rows).toHaveLength(all.total)
    expectNewestFirst(all.rows)
    const at = all.rows.findIndex((r) => r.id === old)
    expect(at).toBeGreaterThan(0)
    expect(all.rows[at]!.at).toBe(d.stamp(beijingMs(2025, 3, 14, 10, 30)))
  })

  it('answers a repeated delivery with the first number and duplicate = true, creating nothing', async () => {
    const spec = remoteCase(d)
    const no = await deliverOk(d, city().url, spec)
    const before = await d.newest(city().url, 1)
    for (let i = 0; i < 3; i++) {
      const again = await d.deliver(city().url, { ...spec, applicant: { ...spec.applicant, name: '另一个人' } })
      expect(again.receipt).toEqual({ localId: no, duplicate: true })
    }
    expect((await d.newest(city().url, 1)).total).toBe(before.total)
    expect((await d.lookup(city().url, no))!.applicantName).toBe(spec.applicant.name)
    expect(city().intake.received().filter((r) => r.gatewayCaseId === spec.gatewayCaseId).map((r) => r.deliveries)).toEqual([4])
  })

  it('refuses a matter code the city does not handle as BAD_USER_INPUT and records nothing', async () => {
    const before = await d.newest(city().url, 1)
    const spec = remoteCase(d, { localMatterCode: 'NO-SUCH-ITEM' })
    expect((await d.deliver(city().url, spec)).errorCode).toBe('BAD_USER_INPUT')
    expect((await d.newest(city().url, 1)).total).toBe(before.total)
    expect(city().intake.received().some((r) => r.gatewayCaseId === spec.gatewayCaseId)).toBe(false)
    // The id was not used up: a good delivery under it later is a first delivery.
    expect((await d.deliver(city().url, { ...spec, localMatterCode: remoteCase(d).localMatterCode })).receipt?.duplicate).toBe(false)
  })

  it('withdraws to the refused value with a note giving the reason; again changes nothing', async () => {
    const spec = remoteCase(d)
    const no = await deliverOk(d, city().url, spec)
    city().intake.progress(spec.gatewayCaseId, 'ACCEPTED')
    const withdrawn = await d.withdraw(city().url, spec.gatewayCaseId, '后续环节不予受理,联办补偿')
    expect(withdrawn).toMatchObject({ localId: no, state: d.local.REFUSED })
    expect(withdrawn!.history.map((h) => h.state)).toEqual([d.local.DELIVERED, d.local.ACCEPTED, d.local.REFUSED])
    expect(withdrawn!.history[2]!.note).toMatch(/撤回.*后续环节不予受理,联办补偿/)
    expect(await d.withdraw(city().url, spec.gatewayCaseId, '再次撤回')).toEqual(withdrawn)
    expect(await d.lookup(city().url, no)).toEqual(withdrawn)
    expect(await d.withdraw(city().url, 'TB-UNKNOWN', 'x')).toBeNull()
    expect(city().intake.received().find((r) => r.localId === no)).toMatchObject({ state: 'REFUSED', withdrawn: true })
  })

  it('progresses by canonical state name into the city’s own values, filterable at once', async () => {
    const approved = remoteCase(d)
    const denied = remoteCase(d)
    const [a, b] = [await deliverOk(d, city().url, approved), await deliverOk(d, city().url, denied)]
    for (const s of ['ACCEPTED', 'IN_REVIEW', 'APPROVED', 'RESULT_ISSUED'] as const) {
      expect(city().intake.progress(approved.gatewayCaseId, s).state).toBe(s)
      expect((await d.lookup(city().url, a))!.state).toBe(d.local[s])
    }
    city().intake.progress(denied.gatewayCaseId, 'IN_REVIEW')
    city().intake.progress(denied.gatewayCaseId, 'DENIED', '经审查不予批准(测试)')
    // Moving a case to the state it is in adds nothing.
    city().intake.progress(denied.gatewayCaseId, 'DENIED')
    const c = await d.lookup(city().url, b)
    expect(c!.history.map((h) => h.state)).toEqual([d.local.DELIVERED, d.local.IN_REVIEW, d.local.DENIED])
    expect(c!.history[2]!.note).toBe('经审查不予批准(测试)')
    expect((await d.lookup(city().url, a))!.history.map((h) => h.state)).toEqual(
      (['DELIVERED', 'ACCEPTED', 'IN_REVIEW', 'APPROVED', 'RESULT_ISSUED'] as const).map((s) => d.local[s]),
    )
    expect(() => city().intake.progress('TB-UNKNOWN', 'ACCEPTED')).toThrow(/no remote case/)
    expect(() => city().intake.progress(approved.gatewayCaseId, 'DELIVERED' as never)).toThrow(RangeError)
  })
})

describe('Meishan: applicants in the registers', () => {
  const d = INTAKE_DRIVERS.find((x) => x.code === '511400')!
  const city = useStartedCity(d.create)
  const cases = seed.cities['511400']!.cases
  const seededRefs = new Set(cases.map((c) => 10001 + c.applicant.ref))

  it('refers to a known person by their register id, and registers a new one past every seeded id', async () => {
    const known = cases.find((c) => c.applicant.kind === 'PERSON')!
    const knownCase = await d.lookup(city().url, known.localId)
    const spec = remoteCase(d, { applicant: { kind: 'PERSON', name: known.applicantName, idNumber: known.applicantIdNumber, phone: null } })
    expect((await d.lookup(city().url, await deliverOk(d, city().url, spec)))!.applicantRef).toBe(knownCase!.applicantRef)

    const inMeishan = new Set(cases.map((c) => c.applicantIdNumber))
    const stranger = seed.persons.find((p) => !inMeishan.has(p.idNumber))!
    const first = remoteCase(d, { applicant: { kind: 'PERSON', name: stranger.name, idNumber: stranger.idNumber, phone: stranger.phone } })
    const a = (await d.lookup(city().url, await deliverOk(d, city().url, first)))!
    expect(a.applicantRef).toBeGreaterThanOrEqual(10001 + seed.persons.length)
    expect(seededRefs.has(a.applicantRef!)).toBe(false)
    expect(a).toMatchObject({ applicantId: stranger.idNumber, applicantName: stranger.name })
    const b = (await d.lookup(city().url, await deliverOk(d, city().url, remoteCase(d, { applicant: first.applicant }))))!
    expect(b.applicantRef).toBe(a.applicantRef)
  })

  it('registers a new enterprise in the enterprise register', async () => {
    const inMeishan = new Set(cases.map((c) => c.applicantIdNumber))
    const firm = seed.enterprises.find((e) => !inMeishan.has(e.creditCode))!
    const spec = remoteCase(d, { applicant: { kind: 'ENTERPRISE', name: firm.name, idNumber: firm.creditCode, phone: null } })
    const c = (await d.lookup(city().url, await deliverOk(d, city().url, spec)))!
    expect(c).toMatchObject({ applicantId: firm.creditCode, applicantName: firm.name })
    expect(c.applicantRef).toBeGreaterThanOrEqual(10001 + seed.enterprises.length)
  })
})
