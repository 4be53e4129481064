/**
 * Remote acceptance throughput (issue 4): accepted cases per second and p50/p99 latency of
 * submitRemoteApplication through the gateway with Redis (AOF everysec), receipt signing and
 * the audit chain on, deliveries to the sandbox cities running at the same time — beside the
 * raw cost of the same Redis writes (case document, idempotency key, outbox and audit stream
 * entries, index) issued directly in MULTI/EXEC, in the same run.
 * Run: npm run bench -- acceptance   (BENCH_S seconds per run, BENCH_C concurrency)
 */
import { createClient } from 'redis'
import { issueToken } from '../gateway/auth/issue-token.js'
import { startSandbox } from '../sandbox/index.js'
import { testPki } from '../tests/fixtures/gateway-harness.js'
import { deploymentConfig, startGatewayProcess } from '../tests/fixtures/gateway-process.js'
import { startRedisServer } from '../tests/fixtures/redis-server.js'
import { percentile, printTable } from './support/child.js'
import { submitLoad } from './support/submit-load.js'
import { creditCodeCheckChar } from '../federation/index.js'

const DURATION_S = Number(process.env.BENCH_S ?? 10)
const CONCURRENCY = Number(process.env.BENCH_C ?? 32)

const company = (() => {
  const body = '91510107MA6BENCH1'
  return body + creditCodeCheckChar(body)
})()

const body = (key: string) =>
  JSON.stringify({
    query: 'mutation($i: RemoteApplicationInput!) { submitRemoteApplication(input: $i) { jws case { id } } }',
    variables: {
      i: {
        idempotencyKey: key,
        matterCode: 'TB-SCJG-002',
        mode: 'REMOTE_INTAKE',
        applicant: { kind: 'ENTERPRISE', name: '成都基准测试有限公司', idNumber: company, facts: { enterpriseDomicile: '510104' } },
        materials: [{ name: '变更登记申请书', fileSha256: 'f'.repeat(64) }, { name: '股东会决议', fileSha256: 'e'.repeat(64) }],
      },
    },
  })

/** The same writes a submission commits, straight to Redis: the floor the store can reach. */
async function rawRedis(url: string, sampleCase: string) {
  const client = createClient({ url })
  await client.connect()
  const times: number[] = []
  const end = Date.now() + DURATION_S * 1000
  let n = 0
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (Date.now() < end) {
        const id = `raw-${n++}`
        const started = process.hrtime.bigint()
        await client
          .multi()
          .set(`raw:case:${id}`, sampleCase)
          .set(`raw:idem:${id}`, JSON.stringify({ requestHash: 'x'.repeat(64), caseId: id }), { NX: true })
          .xAdd('raw:outbox:510100', '*', { caseId: id, step: '1', kind: 'deliver', attempt: '0' })
          .xAdd('raw:audit', '*', { seq: String(n), hash: 'h'.repeat(64), prev: 'p'.repeat(64), entry: sampleCase.slice(0, 600) })
          .zAdd('raw:index', { score: n, value: id })
          .exec()
        times.push(Number(process.hrtime.bigint() - started) / 1e6)
      }
    }),
  )
  await client.quit()
  times.sort((a, b) => a - b)
  return { perSecond: times.length / DURATION_S, p50: percentile(times, 50), p99: percentile(times, 99) }
}

async function main() {
  const pki = await testPki()
  const redis = await startRedisServer({ appendfsync: 'everysec' })
  const sandbox = await startSandbox({ host: '127.0.0.1', pki })
  const config = deploymentConfig(sandbox.endpoints, pki)
  const gw = await startGatewayProcess({ configDir: config.dir, redisUrl: redis.url, receiptKey: config.receiptKey })
  try {
    const idp = pki.cities.get('511400')!.identity
    const token = await issueToken({ privateKey: idp.privateKey, kid: idp.kid, issuer: idp.issuer, subject: 'bench', claim: { role: 'window-clerk', region: '511400', window: 'MS-BENCH' } })
    // Warm-up: JIT, keep-alive, script cache.
    await submitLoad({ url: gw.url, token, concurrency: 8, durationS: 2, body })
    const through = await submitLoad({ url: gw.url, token, concurrency: CONCURRENCY, durationS: DURATION_S, body })
    const sample = JSON.stringify({ pad: 'x'.repeat(2000) })
    const raw = await rawRedis(redis.url, sample)
    const f = (n: number) => n.toFixed(2)
    printTable(
      `submitRemoteApplication, ${CONCURRENCY} concurrent windows, ${DURATION_S}s; Redis AOF everysec; receipts (ES256) and audit chain on; deliveries running`,
      ['path', 'per second', 'p50 ms', 'p99 ms', 'errors'],
      [
        ['through the gateway (accepted cases)', Math.round(through.perSecond), f(through.p50), f(through.p99), through.errors],
        ['raw Redis MULTI of the same writes', Math.round(raw.perSecond), f(raw.p50), f(raw.p99), 0],
      ],
    )
    console.log(`gateway / raw Redis: ${(through.perSecond / raw.perSecond).toFixed(2)}×; target ≥ 1,000 cases/s with p99 ≤ 20 ms`)
    if (through.firstError) console.log(`first error: ${through.firstError}`)
  } finally {
    await gw.kill('SIGTERM')
    await sandbox.close()
    await redis.dispose()
    config.remove()
  }
}

await main()
