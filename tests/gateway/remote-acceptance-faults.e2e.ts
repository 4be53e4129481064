import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { creditCodeCheckChar } from '../../federation/index.js'
import { startHarness, type Harness } from '../fixtures/gateway-harness.js'
import { until } from '../fixtures/until.js'

/**
 * Fault tests within one process (in-memory store): a competent city stops in the middle of a
 * burst of submissions and comes back. Every accepted case must reach it exactly once.
 * (Gateway crashes and Redis restarts are in remote-acceptance-durability.e2e.ts.)
 */
let h: Harness
beforeAll(async () => {
  h = await startHarness({ acceptance: { delivery: { backoff: { maxAttempts: 50, baseDelayMs: 50, maxDelayMs: 400 } } } })
})
afterAll(() => h?.close())

const company = (i: number) => {
  const body = `91510107MA6B${String(i).padStart(5, '0')}`
  return body + creditCodeCheckChar(body)
}


describe('a competent city that stops during a burst', () => {
  it('receives every accepted case exactly once after it comes back', async () => {
    const token = await h.token({ region: '511400', window: 'MS-BURST' })
    const chengdu = h.sandbox.cities.get('510100')!
    const N = 60
    const submit = (i: number) =>
      h.as<any>(token, 'mutation($i: RemoteApplicationInput!) { submitRemoteApplication(input: $i) { case { id } } }', {
        i: {
          idempotencyKey: `burst-${i}`,
          matterCode: 'TB-SCJG-002',
          mode: 'REMOTE_INTAKE',
          applicant: { kind: 'ENTERPRISE', name: `成都测试${i}有限公司`, idNumber: company(i), facts: { enterpriseDomicile: '510104' } },
          materials: [{ name: '变更登记申请书', fileSha256: 'e'.repeat(64) }],
        },
      })
    const results: Promise<any>[] = []
    for (let i = 0; i < N; i++) {
      results.push(submit(i))
      if (i === N / 3) await chengdu.stop()
      if (i % 10 === 0) await new Promise((r) => setTimeout(r, 10))
    }
    const settled = await Promise.all(results)
    const accepted = settled.map((r) => r.data?.submitRemoteApplication?.case?.id).filter(Boolean) as string[]
    // The city being down does not stop acceptance: the gateway stores and answers.
    expect(accepted).toHaveLength(N)
    await new Promise((r) => setTimeout(r, 500))
    await chengdu.start()
    await until(() => accepted.every((id) => chengdu.intake.received().some((x) => x.gatewayCaseId === id)), 30_000)
    const received = chengdu.intake.received().filter((x) => accepted.includes(x.gatewayCaseId))
    expect(received).toHaveLength(N)
    expect(new Set(received.map((x) => x.gatewayCaseId)).size).toBe(N)
    expect(new Set(received.map((x) => x.localId)).size).toBe(N)
    // Every case is recorded as delivered once, with Chengdu's number. The city has the case a
    // moment before the gateway has its answer and commits DELIVERED, so that is waited for.
    await until(async () => {
      for (const id of accepted) if ((await h.store!.getCase(id))!.steps[0]!.delivery.status !== 'DELIVERED') return false
      return true
    }, 10_000)
    for (const id of accepted.slice(0, 10)) {
      const c = await h.store!.getCase(id)
      expect(c!.steps[0]!.delivery.status).toBe('DELIVERED')
      expect(c!.steps[0]!.localId).toBe(received.find((x) => x.gatewayCaseId === id)!.localId)
    }
  }, 60_000)
})
