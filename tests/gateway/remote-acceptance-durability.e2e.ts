import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { creditCodeCheckChar } from '../../federation/index.js'
import { issueToken } from '../../gateway/auth/issue-token.js'
import { startSandbox, type Sandbox } from '../../sandbox/index.js'
import { postGraphQL, testPki } from '../fixtures/gateway-harness.js'
import { deploymentConfig, startGatewayProcess, type GatewayProcess } from '../fixtures/gateway-process.js'
import { redisServerMissing, startRedisServer, type RedisServer } from '../fixtures/redis-server.js'

/**
 * Durability with Redis, across real process boundaries: the gateway is killed with SIGKILL
 * in the middle of a burst and restarted; redis-server is restarted (AOF) in the middle of a
 * burst. No accepted case may be lost, none delivered twice (counted at the city).
 */
const d = redisServerMissing ? describe.skip : describe
if (redisServerMissing) console.warn(`skipping the Redis durability suite: ${redisServerMissing}`)

let redis: RedisServer
let sandbox: Sandbox
let config: ReturnType<typeof deploymentConfig>
let token: string
beforeAll(async () => {
  if (redisServerMissing) return
  const pki = await testPki()
  redis = await startRedisServer({ appendfsync: 'always' })
  sandbox = await startSandbox({ host: '127.0.0.1', pki })
  config = deploymentConfig(sandbox.endpoints, pki)
  const idp = pki.cities.get('511400')!.identity
  token = await issueToken({ privateKey: idp.privateKey, kid: idp.kid, issuer: idp.issuer, subject: 'clerk', claim: { role: 'window-clerk', region: '511400', window: 'MS-DUR-01' } })
}, 60_000)
afterAll(async () => {
  await sandbox?.close()
  await redis?.dispose()
  config?.remove()
})

const company = (prefix: string, i: number) => {
  const body = `91510107MA6${prefix}${String(i).padStart(5, '0')}`
  return body + creditCodeCheckChar(body)
}

const SUBMIT = 'mutation($i: RemoteApplicationInput!) { submitRemoteApplication(input: $i) { replayed case { id } } }'
const input = (prefix: string, i: number) => ({
  idempotencyKey: `${prefix}-${i}`,
  matterCode: 'TB-SCJG-002',
  mode: 'REMOTE_INTAKE',
  applicant: { kind: 'ENTERPRISE', name: `成都持久${prefix}${i}有限公司`, idNumber: company(prefix, i), facts: { enterpriseDomicile: '510104' } },
  materials: [{ name: '变更登记申请书', fileSha256: 'd'.repeat(64) }],
})

async function trySubmit(url: string, prefix: string, i: number): Promise<string | undefined> {
  try {
    const r = await postGraphQL<any>(url, SUBMIT, { i: input(prefix, i) }, { authorization: `Bearer ${token}` })
    return r.data?.submitRemoteApplication?.case?.id
  } catch {
    return undefined // connection refused or reset: the outcome is unknown to the client
  }
}

/** What a well-behaved window does after an unknown outcome: retry with the same key. */
async function submitUntilAccepted(url: () => string, prefix: string, i: number): Promise<string> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const id = await trySubmit(url(), prefix, i)
    if (id) return id
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`submission ${prefix}-${i} never accepted`)
}

async function allDelivered(ids: readonly string[], timeoutMs: number): Promise<void> {
  const chengdu = sandbox.cities.get('510100')!
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const got = new Set(chengdu.intake!.received().map((x) => x.gatewayCaseId))
    if (ids.every((id) => got.has(id))) return
    if (Date.now() > deadline) throw new Error(`only ${ids.filter((id) => got.has(id)).length} of ${ids.length} delivered`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

function expectExactlyOnce(ids: readonly string[]): void {
  const received = sandbox.cities.get('510100')!.intake!.received().filter((x) => ids.includes(x.gatewayCaseId))
  expect(received).toHaveLength(ids.length)
  expect(new Set(received.map((x) => x.localId)).size).toBe(ids.length)
}

d('durability with Redis', () => {
  it('a gateway killed with SIGKILL mid-burst and restarted loses and duplicates nothing', async () => {
    let gw: GatewayProcess = await startGatewayProcess({ configDir: config.dir, redisUrl: redis.url, receiptKey: config.receiptKey })
    const N = 80
    const acceptedBeforeKill: string[] = []
    const inflight: Promise<void>[] = []
    let killed = false
    for (let i = 0; i < N; i++) {
      inflight.push(trySubmit(gw.url, 'K', i).then((id) => void (id && !killed && acceptedBeforeKill.push(id))))
      // Kill once a good part of the burst was accepted, with more still in flight.
      if (!killed && acceptedBeforeKill.length >= 20) {
        killed = true
        await gw.kill('SIGKILL')
      }
      await new Promise((r) => setTimeout(r, 15))
    }
    if (!killed) await gw.kill('SIGKILL')
    await Promise.all(inflight)
    expect(acceptedBeforeKill.length).toBeGreaterThan(10)
    gw = await startGatewayProcess({ configDir: config.dir, redisUrl: redis.url, receiptKey: config.receiptKey })
    try {
      const ids = await Promise.all(Array.from({ length: N }, (_, i) => submitUntilAccepted(() => gw.url, 'K', i)))
      expect(new Set(ids).size).toBe(N)
      for (const id of acceptedBeforeKill) expect(ids).toContain(id)
      await allDelivered(ids, 40_000)
      expectExactlyOnce(ids)
    } finally {
      await gw.kill('SIGTERM')
    }
  }, 120_000)

  it('a redis-server restart mid-burst loses and duplicates nothing (AOF)', async () => {
    const gw = await startGatewayProcess({ configDir: config.dir, redisUrl: redis.url, receiptKey: config.receiptKey })
    try {
      const N = 60
      const work: Promise<string>[] = []
      for (let i = 0; i < N; i++) {
        work.push(submitUntilAccepted(() => gw.url, 'R', i))
        if (i === 25) {
          await redis.stop()
          setTimeout(() => void redis.start(), 700)
        }
        await new Promise((r) => setTimeout(r, 10))
      }
      const ids = await Promise.all(work)
      expect(new Set(ids).size).toBe(N)
      await allDelivered(ids, 40_000)
      expectExactlyOnce(ids)
    } finally {
      await gw.kill('SIGTERM')
    }
  }, 120_000)
})
