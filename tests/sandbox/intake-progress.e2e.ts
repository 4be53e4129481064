import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { refusedAtIntake, REPORT_CASE_STATUS, startSandbox, type Sandbox, type SandboxCity } from '../../sandbox/index.js'
import { deliverOk, INTAKE_DRIVERS, remoteCase, type IntakeDriver } from './intake-drivers.js'
import { freePort, startStatusReceiver, waitFor, type StatusReceiver } from './status-receiver.js'

// The shared progress simulation and status push (sandbox/intake/), run against all four
// cities at once over real HTTP, with a real node:http server standing in for the gateway.

const ENDED = new Set(['REFUSED', 'DENIED', 'RESULT_ISSUED'])
const PATH = ['DELIVERED', 'ACCEPTED', 'IN_REVIEW', 'APPROVED', 'RESULT_ISSUED'] as const
const ISO_BEIJING = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+08:00$/

let sandbox: Sandbox
const cityOf = (d: IntakeDriver): SandboxCity => sandbox.cities.get(d.code)!
const receivers: StatusReceiver[] = []

async function receiver(...args: Parameters<typeof startStatusReceiver>): Promise<StatusReceiver> {
  const rx = await startStatusReceiver(...args)
  receivers.push(rx)
  return rx
}

/** Delivers `n` remote cases to every city; returns the gateway ids per city code. */
async function deliverEach(n: number): Promise<Map<string, string[]>> {
  const ids = new Map<string, string[]>()
  for (const d of INTAKE_DRIVERS) {
    const mine: string[] = []
    for (let i = 0; i < n; i++) {
      const spec = remoteCase(d)
      await deliverOk(d, cityOf(d).url, spec)
      mine.push(spec.gatewayCaseId)
    }
    ids.set(d.code, mine)
  }
  return ids
}

/** The states reported for each case, in arrival order. */
function reportedStates(rx: StatusReceiver): Map<string, string[]> {
  const by = new Map<string, string[]>()
  for (const r of rx.accepted) by.set(r.input.caseId, [...(by.get(r.input.caseId) ?? []), r.input.state])
  return by
}

beforeAll(async () => {
  sandbox = await startSandbox()
})
afterEach(async () => {
  for (const city of sandbox.cities.values()) {
    city.intake.setAutoProgress(null)
    city.intake.setStatusPush(null)
  }
  await Promise.all(receivers.splice(0).map((rx) => rx.close()))
})
afterAll(() => sandbox.close())

describe('auto-progress', () => {
  it('walks every remote case to its end, refusing at intake exactly the ids that hash to 0 mod refuseEvery', async () => {
    const ids = await deliverEach(9)
    const refused = [...ids.values()].flat().filter((id) => refusedAtIntake(id, 3)).length
    expect(refused).toBeGreaterThan(0)
    expect(refused).toBeLessThan(36)
    for (const city of sandbox.cities.values()) city.intake.setAutoProgress({ stepMs: 20, refuseEvery: 3 })
    const ended = (): boolean => [...sandbox.cities.values()].every((c) => c.intake.received().every((r) => ENDED.has(r.state)))
    await waitFor(ended, 10_000, 'every case to end')
    for (const d of INTAKE_DRIVERS) {
      const received = new Map(cityOf(d).intake.received().map((r) => [r.gatewayCaseId, r]))
      for (const id of ids.get(d.code)!) {
        const want = refusedAtIntake(id, 3) ? 'REFUSED' : 'RESULT_ISSUED'
        const r = received.get(id)!
        expect(r.state, id).toBe(want)
        const local = (await d.lookup(cityOf(d).url, r.localId))!
        const path = want === 'REFUSED' ? (['DELIVERED', 'REFUSED'] as const) : PATH
        expect(local.history.map((h) => h.state)).toEqual(path.map((s) => d.local[s]))
        expect(local.state).toBe(d.local[want])
      }
    }
  })

  it('stops with null, and startSandbox({ autoProgress }) starts it in every city', async () => {
    const [spec, d] = [remoteCase(INTAKE_DRIVERS[1]!), INTAKE_DRIVERS[1]!]
    await deliverOk(d, cityOf(d).url, spec)
    cityOf(d).intake.setAutoProgress({ stepMs: 10 })
    cityOf(d).intake.setAutoProgress(null)
    await new Promise((r) => setTimeout(r, 60))
    expect(cityOf(d).intake.received().find((r) => r.gatewayCaseId === spec.gatewayCaseId)!.state).toBe('DELIVERED')
    expect(() => cityOf(d).intake.setAutoProgress({ stepMs: 0 })).toThrow(RangeError)
    expect(() => cityOf(d).intake.setAutoProgress({ stepMs: 10, refuseEvery: 1.5 })).toThrow(RangeError)

    const other = await startSandbox({ autoProgress: { stepMs: 15, refuseEvery: 1 } })
    try {
      for (const od of INTAKE_DRIVERS) await deliverOk(od, other.cities.get(od.code)!.url, remoteCase(od))
      await waitFor(() => [...other.cities.values()].every((c) => c.intake.received()[0]?.state === 'REFUSED'), 5000, 'refusal everywhere')
    } finally {
      await other.close()
    }
  })
})

describe('status push', () => {
  it('POSTs reportCaseStatus with the bearer token, canonical state and +08:00 time, in order per case', async () => {
    const rx = await receiver()
    const d = INTAKE_DRIVERS[0]!
    cityOf(d).intake.setStatusPush({ url: rx.url, token: 'city-510100-token' })
    const spec = remoteCase(d)
    const no = await deliverOk(d, cityOf(d).url, spec)
    cityOf(d).intake.progress(spec.gatewayCaseId, 'ACCEPTED')
    cityOf(d).intake.progress(spec.gatewayCaseId, 'IN_REVIEW', '转业务科室审核')
    await d.withdraw(cityOf(d).url, spec.gatewayCaseId, '申请人撤回')
    await cityOf(d).intake.settled()

    expect(rx.accepted.map((r) => r.input.state)).toEqual(['DELIVERED', 'ACCEPTED', 'IN_REVIEW', 'REFUSED'])
    for (const r of rx.accepted) {
      expect(r.authorization).toBe('Bearer city-510100-token')
      expect(r.query).toBe(REPORT_CASE_STATUS)
      expect(r.input).toMatchObject({ caseId: spec.gatewayCaseId, localId: no })
      expect(r.input.at).toMatch(ISO_BEIJING)
    }
    const times = rx.accepted.map((r) => Date.parse(r.input.at))
    expect([...times].sort((a, b) => a - b)).toEqual(times)
    expect(new Set(times).size).toBe(times.length)
    expect(rx.accepted.map((r) => r.input.note)).toEqual([expect.stringContaining(spec.window), '材料齐全,予以受理', '转业务科室审核', '已撤回:申请人撤回'])
    expect(cityOf(d).intake.pushStats).toMatchObject({ dropped: 0 })
  })

  it('reports every step of auto-progress from all four cities, each case in order', async () => {
    const rx = await receiver()
    for (const city of sandbox.cities.values()) city.intake.setStatusPush({ url: rx.url, token: `t-${city.code}` })
    const ids = await deliverEach(5)
    for (const city of sandbox.cities.values()) city.intake.setAutoProgress({ stepMs: 15, refuseEvery: 4 })
    const all = [...ids.values()].flat()
    await waitFor(() => all.every((id) => ENDED.has(reportedStates(rx).get(id)?.at(-1) ?? '')), 10_000, 'final reports')
    const states = reportedStates(rx)
    for (const id of all) expect(states.get(id), id).toEqual(refusedAtIntake(id, 4) ? ['DELIVERED', 'REFUSED'] : [...PATH])
    for (const r of rx.accepted) expect(r.authorization).toBe(`Bearer t-${r.input.caseId.slice(3, 9)}`)
  })

  it('retries with backoff while the gateway is down, then delivers everything in order', async () => {
    const port = await freePort()
    const d = INTAKE_DRIVERS[2]!
    const intake = cityOf(d).intake
    const failedBefore = intake.pushStats.failedAttempts
    // Counters are per city and cumulative: reports of the previous test's cases may still end after it.
    const droppedBefore = intake.pushStats.dropped
    intake.setStatusPush({ url: `http://127.0.0.1:${port}/graphql`, token: 'tok', initialBackoffMs: 30, maxBackoffMs: 120 })
    const specs = [remoteCase(d), remoteCase(d)]
    for (const spec of specs) {
      await deliverOk(d, cityOf(d).url, spec)
      intake.progress(spec.gatewayCaseId, 'ACCEPTED')
      intake.progress(spec.gatewayCaseId, 'IN_REVIEW')
    }
    await waitFor(() => intake.pushStats.failedAttempts >= failedBefore + 4, 5000, 'failed attempts')
    const rx = await receiver(port)
    await intake.settled()
    const states = reportedStates(rx)
    for (const spec of specs) expect(states.get(spec.gatewayCaseId)).toEqual(['DELIVERED', 'ACCEPTED', 'IN_REVIEW'])
    expect(rx.accepted).toHaveLength(6)
    expect(intake.pushStats.dropped).toBe(droppedBefore)
  })

  it('retries a report the gateway answered with GraphQL errors', async () => {
    const rx = await receiver(0, (n) => (n < 2 ? 'graphql-error' : 'ok'))
    const d = INTAKE_DRIVERS[3]!
    cityOf(d).intake.setStatusPush({ url: rx.url, token: 'tok', initialBackoffMs: 10 })
    const spec = remoteCase(d)
    await deliverOk(d, cityOf(d).url, spec)
    await cityOf(d).intake.settled()
    expect(rx.requests).toBe(3)
    expect(rx.accepted.map((r) => r.input.caseId)).toEqual([spec.gatewayCaseId])
  })

  it('never holds up the intake mutation, and gives a report up after maxAttempts', async () => {
    const hanging = await receiver(0, () => 'hang')
    const d = INTAKE_DRIVERS[1]!
    const intake = cityOf(d).intake
    intake.setStatusPush({ url: hanging.url, token: 'tok', attemptTimeoutMs: 60_000 })
    const started = Date.now()
    await deliverOk(d, cityOf(d).url, remoteCase(d))
    expect(Date.now() - started).toBeLessThan(1000)
    await waitFor(() => hanging.requests === 1, 5000, 'the push to arrive')

    const dropped = intake.pushStats.dropped
    const port = await freePort()
    intake.setStatusPush({ url: `http://127.0.0.1:${port}/graphql`, token: 'tok', maxAttempts: 2, initialBackoffMs: 5 })
    await intake.settled()
    expect(intake.pushStats.dropped).toBe(dropped + 1)
  })

  it('checks its options', () => {
    const intake = cityOf(INTAKE_DRIVERS[0]!).intake
    expect(() => intake.setStatusPush({ url: 'not a url', token: 't' })).toThrow(TypeError)
    expect(() => intake.setStatusPush({ url: 'ftp://127.0.0.1/x', token: 't' })).toThrow(TypeError)
    expect(() => intake.setStatusPush({ url: 'http://127.0.0.1:1/graphql', token: '' })).toThrow(TypeError)
    expect(() => intake.setStatusPush({ url: 'http://127.0.0.1:1/graphql', token: 't', maxAttempts: 0 })).toThrow(RangeError)
  })
})
