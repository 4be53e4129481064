import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createFederation, creditCodeCheckChar, FederationError, loadFederationConfig, type Federation } from '../../federation/index.js'
import { compileDelivery, type DeliveryCall } from '../../federation/delivery/compile-delivery.js'
import type { DeliveryPayload } from '../../federation/delivery/delivery-payload.js'
import { bundledRegionConfigs } from '../../gateway/cli/package-root.js'
import { DeliveryBatches } from '../../gateway/delivery/delivery-batches.js'
import { createChengduCity } from '../../sandbox/index.js'
import { useStartedCity } from '../sandbox/sandbox-helpers.js'

// Deliveries ready together go to the city as one request of aliased mutations; each case
// still gets its own answer. Against the real Chengdu sandbox platform over HTTP.

const CHENGDU = '510100'
const city = useStartedCity(createChengduCity)
let federation: Federation
let call: DeliveryCall

const company = (n: number) => {
  const body = `91510104MA6BAT${String(n).padStart(3, '0')}`
  return body + creditCodeCheckChar(body)
}

const payload = (id: string, n: number): DeliveryPayload => ({
  caseId: id,
  step: 1,
  matterCode: 'TB-SCJG-002',
  mode: 'REMOTE_INTAKE',
  receivedAt: '2026-11-26T10:00:00+08:00',
  acceptingRegion: '511400',
  acceptingWindow: 'MS-01',
  applicant: { kind: 'ENTERPRISE', name: `批量测试${n}有限公司`, idNumber: company(n), phone: null },
  materials: [{ name: '变更登记申请书', certificateId: null, digest: 'f'.repeat(64) }],
  reason: null,
})

let run = 0
/** Sends `count` new cases at once through one DeliveryBatches; answers in order. */
async function deliverAll(count: number, o: { call?: DeliveryCall; tamper?: (i: number, v: Record<string, unknown>) => void } = {}) {
  const c = o.call ?? call
  const batches = new DeliveryBatches()
  const client = federation.clients.get(CHENGDU)!
  const ids = Array.from({ length: count }, (_, i) => `TB-BATCH-${++run}-${i}`)
  const answers = await Promise.allSettled(
    ids.map((id, i) => {
      const v = c.variables(payload(id, i))
      o.tamper?.(i, v)
      return batches.send(client, c, v, `${id}.d1.1`)
    }),
  )
  return { ids, answers }
}

beforeAll(() => {
  federation = createFederation(loadFederationConfig(bundledRegionConfigs(), { endpoints: { [CHENGDU]: city().url } }))
  const rt = federation.runtimes.get(CHENGDU)!
  call = compileDelivery(rt, rt.config.deliver!)
})
afterAll(() => federation.close())
beforeEach(() => {
  city().setFault(null)
  city().resetStats()
})

describe('delivery batches', () => {
  it('sends cases ready together in one request, and each gets its own case number', async () => {
    const { ids, answers } = await deliverAll(5)
    expect(city().stats.requests).toBe(1)
    const sent = city().stats.lastRequests[0]!
    expect(sent.query).toContain('r4: receivePartnerApplication(')
    expect(sent.requestId).toBe(ids.map((id) => `${id}.d1.1`).join(','))
    const read = answers.map((a) => call.read((a as PromiseFulfilledResult<{ data: Record<string, unknown> | null }>).value.data))
    expect(read.every((r) => r.found && !r.duplicate)).toBe(true)
    expect(new Set(read.map((r) => r.localId)).size).toBe(5)
    // The city holds each case once, under the gateway's id, with the case number it answered.
    const received = city().intake.received().filter((r) => ids.includes(r.gatewayCaseId))
    expect(received.map((r) => [r.gatewayCaseId, r.localId, r.deliveries])).toEqual(ids.map((id, i) => [id, read[i]!.localId, 1]))
  })

  it('keeps each case\'s duplicate flag when a batch is sent again', async () => {
    const client = federation.clients.get(CHENGDU)!
    const batches = new DeliveryBatches()
    const vars = [0, 1, 2].map((i) => call.variables(payload(`TB-AGAIN-${i}`, i)))
    const first = await Promise.all(vars.map((v, i) => batches.send(client, call, v, `a${i}`)))
    const again = await Promise.all(vars.map((v, i) => batches.send(client, call, v, `b${i}`)))
    expect(city().stats.requests).toBe(2)
    expect(first.map((r) => call.read(r.data).duplicate)).toEqual([false, false, false])
    expect(again.map((r) => call.read(r.data))).toEqual(first.map((r) => ({ ...call.read(r.data), duplicate: true })))
  })

  it('never puts more than the mapping\'s batch in one request', async () => {
    const rt = federation.runtimes.get(CHENGDU)!
    const small = compileDelivery(rt, { ...rt.config.deliver!, batch: 2 })
    const { answers } = await deliverAll(5, { call: small })
    expect(answers.every((a) => a.status === 'fulfilled' && small.read(a.value.data).found)).toBe(true)
    expect(city().stats.requests).toBe(3)
    expect(city().stats.lastRequests.map((r) => (r.query.match(/: receivePartnerApplication\(/g) ?? []).length)).toEqual([2, 2, 1])
  })

  it('sends the cases of a request the city refuses as a whole again one by one, so only the bad one fails', async () => {
    // A value the city's schema cannot coerce fails the whole document before any field runs.
    const { ids, answers } = await deliverAll(4, { tamper: (i, v) => { if (i === 2) (v.input as Record<string, unknown>).channel = 'CARRIER_PIGEON' } })
    expect(city().stats.requests).toBe(1 + 4)
    const values = answers.map((a) => (a as PromiseFulfilledResult<{ data: Record<string, unknown> | null; errors: { extensions?: Record<string, unknown> }[] }>).value)
    expect(values.map((v) => call.read(v.data).found)).toEqual([true, true, false, true])
    expect(values[2]!.errors.length).toBeGreaterThan(0)
    expect(values[0]!.errors).toEqual([])
    const received = city().intake.received().filter((r) => ids.includes(r.gatewayCaseId)).map((r) => r.gatewayCaseId)
    expect(received).toEqual([ids[0], ids[1], ids[3]])
  })

  it('fails every case of the request when the city is unavailable, with REGION_UNAVAILABLE', async () => {
    city().setFault({ status: 503 })
    const { ids, answers } = await deliverAll(3)
    expect(city().stats.requests).toBe(1)
    for (const a of answers) {
      expect(a.status).toBe('rejected')
      expect((a as PromiseRejectedResult).reason).toBeInstanceOf(FederationError)
      expect(((a as PromiseRejectedResult).reason as FederationError).code).toBe('REGION_UNAVAILABLE')
    }
    city().setFault(null)
    expect(city().intake.received().filter((r) => ids.includes(r.gatewayCaseId))).toEqual([])
  })

  it('sends a case that is ready alone as the plain single-case document', async () => {
    const { ids, answers } = await deliverAll(1)
    expect(answers[0]!.status).toBe('fulfilled')
    expect(city().stats.lastRequests[0]!.query).toBe(call.query)
    expect(city().stats.lastRequests[0]!.requestId).toBe(`${ids[0]}.d1.1`)
  })
})
