import { createHash } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectRateLimitRedis } from '../../gateway/plugins/rate-limit-redis.js'
import { REDIS_CONNECTION_DEFAULTS } from '../../gateway/stores/redis-link.js'
import { createGateway } from '../../gateway/server.js'
import { createLogger } from '../../gateway/logger.js'
import { TrustedDocuments } from '../../gateway/plugins/trusted-documents.js'
import { startHarness, type Harness } from '../fixtures/gateway-harness.js'
import { overfillWhileFrozen, redisServerMissing, startRedisServer, type RedisServer } from '../fixtures/redis-server.js'

const CATALOGUE = '{ regions { code } }'

/** A raw POST: status, Retry-After and the body, through the lean path or (with Origin) yoga. */
async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json', ...headers }, body: JSON.stringify(body) })
  return { status: res.status, retryAfter: res.headers.get('retry-after'), json: (await res.json()) as { data?: any; errors?: { extensions?: Record<string, unknown> }[] } }
}
const codeOf = (r: Awaited<ReturnType<typeof post>>) => r.json.errors?.[0]?.extensions?.code

describe('rate limits (in memory)', () => {
  let h: Harness
  beforeAll(async () => {
    h = await startHarness({ signing: true, rateLimits: { perCaller: 4, perPublicClient: 3, perRegion: 6 } })
  })
  afterAll(() => h?.close())

  it('limits the public per client address, with 429 and Retry-After on both HTTP paths', async () => {
    await new Promise((r) => setTimeout(r, 1100)) // a fresh one-second window
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => post(h.url, { query: CATALOGUE }, i % 2 ? { origin: 'http://localhost' } : {})))
    const ok = results.filter((r) => r.status === 200 && r.json.data?.regions?.length === 4)
    const limited = results.filter((r) => r.status === 429)
    expect(ok).toHaveLength(3)
    expect(limited).toHaveLength(3)
    for (const r of limited) {
      expect(codeOf(r)).toBe('RATE_LIMITED')
      expect(Number(r.retryAfter)).toBeGreaterThanOrEqual(1)
      expect(r.json.errors?.[0]?.extensions?.retryAfterMs).toBeGreaterThan(0)
      expect(r.json.data ?? null).toBeNull()
    }
  })

  it('limits each caller, and all callers of one region together', async () => {
    const a = await h.token({ region: '511400', window: 'MS-A' })
    const b = await h.token({ region: '511400', window: 'MS-B' })
    const other = await h.token({ region: '510600', window: 'DY-A' })
    await new Promise((r) => setTimeout(r, 1100))
    const burst = (token: string, n: number) => Promise.all(Array.from({ length: n }, () => post(h.url, { query: CATALOGUE }, { authorization: `Bearer ${token}` })))
    const fromA = await burst(a, 6)
    expect(fromA.filter((r) => r.status === 200)).toHaveLength(4) // perCaller
    const fromB = await burst(b, 4)
    // Meishan's budget (6 a second) is now spent: 4 by A, 2 of B's.
    expect(fromB.filter((r) => r.status === 200)).toHaveLength(2)
    expect(fromB.filter((r) => codeOf(r) === 'RATE_LIMITED')).toHaveLength(2)
    // Another region is not affected.
    expect((await burst(other, 3)).every((r) => r.status === 200)).toBe(true)
  })
})

if (redisServerMissing) {
  console.warn(`SKIPPED: shared rate limits in Redis: ${redisServerMissing}`)
  describe.skip('rate limits shared through Redis', () => undefined)
} else {
  describe('rate limits shared through Redis', () => {
    let redis: RedisServer
    let h: Harness
    let client: Awaited<ReturnType<typeof connectRateLimitRedis>>
    let second: ReturnType<typeof createGateway>
    let secondUrl: string
    beforeAll(async () => {
      redis = await startRedisServer()
      // The gateway's own rate-limit connection (no per-command timeout of node-redis's).
      client = await connectRateLimitRedis(redis.url, () => undefined)
      h = await startHarness({ signing: true, rateLimits: { perCaller: 5, perRegion: 8 }, rateLimitRedis: client })
      // A second replica on the same Redis.
      second = createGateway({ federation: h.federation, logger: createLogger({ level: 'silent' }), rateLimits: { perCaller: 5, perRegion: 8 }, rateLimitRedis: client, identity: h.identity })
      secondUrl = (await second.listen(0, '127.0.0.1')).url
    })
    afterAll(async () => {
      await second?.close()
      await h?.close()
      await client?.quit()
      await redis?.dispose()
    })

    it('counts one caller across replicas', async () => {
      const token = await h.token({ region: '510100', role: 'city-platform' })
      const auth = { authorization: `Bearer ${token}` }
      await new Promise((r) => setTimeout(r, 1100))
      const first = await Promise.all(Array.from({ length: 3 }, () => post(h.url, { query: CATALOGUE }, auth)))
      const other = await Promise.all(Array.from({ length: 3 }, () => post(secondUrl, { query: CATALOGUE }, auth)))
      const all = [...first, ...other]
      expect(all.filter((r) => r.status === 200)).toHaveLength(5)
      expect(all.filter((r) => codeOf(r) === 'RATE_LIMITED')).toHaveLength(1)
      expect(await client.keys('tongban:rl:caller:*')).not.toHaveLength(0)
    })

    it("counts a region across replicas, and gives back the region's point of an operation the caller's own limit refused", async () => {
      const a = await h.token({ region: '511400', window: 'MS-A' })
      const b = await h.token({ region: '511400', window: 'MS-B' })
      await new Promise((r) => setTimeout(r, 1100))
      const burst = (url: string, token: string, n: number) => Promise.all(Array.from({ length: n }, () => post(url, { query: CATALOGUE }, { authorization: `Bearer ${token}` })))
      const fromA = await burst(h.url, a, 7)
      expect(fromA.filter((r) => r.status === 200)).toHaveLength(5) // perCaller
      // A's two refused operations gave Meishan's points back: 3 of B's 4 fit in its 8.
      const fromB = await burst(secondUrl, b, 4)
      expect(fromB.filter((r) => r.status === 200)).toHaveLength(3)
      expect(fromB.filter((r) => codeOf(r) === 'RATE_LIMITED')).toHaveLength(1)
      const [regionKey] = await client.keys('tongban:rl:region:511400')
      expect(Number(await client.get(regionKey!))).toBe(9) // 5 + 4: B's refused one is counted, as any attempt over a limit is
    })

    it('answers while Redis is stalled: each count waits at most its timeout, then the in-memory insurance limiter counts', async () => {
      const token = await h.token({ region: '510600', role: 'city-platform' })
      await new Promise((r) => setTimeout(r, 1100))
      redis.freeze()
      try {
        // The connection stays open and Redis never answers: without the limiter's own timeout
        // these requests would wait for ever (the client has no per-command timeout).
        const all = await Promise.all(Array.from({ length: 6 }, () => post(h.url, { query: CATALOGUE }, { authorization: `Bearer ${token}` })))
        expect(all.filter((r) => r.status === 200)).toHaveLength(5) // still limited, in memory
        expect(all.filter((r) => codeOf(r) === 'RATE_LIMITED')).toHaveLength(1)
      } finally {
        redis.thaw()
      }
    })

    it('bounds what waits on a stalled Redis: past 10 000 queued commands a new one fails at once', async () => {
      await client.ping() // answered in order: nothing older is still queued
      const { extra, answers } = await overfillWhileFrozen(redis, () => client.sendCommand(['PING']), REDIS_CONNECTION_DEFAULTS.commandsQueueMaxLength)
      expect(extra).toMatch(/queue is full/)
      expect(new Set(answers)).toEqual(new Set(['PONG'])) // nothing queued was lost
    })
  })
}

describe('trusted-documents mode', () => {
  const regions = 'query Regions { regions { code name } }'
  const matter = 'query Matter($code: String!) { matter(code: $code) { code name } }'
  const hash = (q: string) => createHash('sha256').update(q).digest('hex')
  let h: Harness
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tongban-trusted-'))
    const file = join(dir, 'persisted-documents.json')
    writeFileSync(file, JSON.stringify({ [hash(regions)]: regions, [`sha256:${hash(matter)}`]: matter }))
    h = await startHarness({ trustedDocuments: TrustedDocuments.fromFile(file) })
  })
  afterAll(() => h?.close())

  it('runs a trusted document by documentId or persistedQuery hash, on both HTTP paths', async () => {
    for (const headers of [{}, { origin: 'http://localhost' }] as Record<string, string>[]) {
      const byId = await post(h.url, { documentId: `sha256:${hash(regions)}` }, headers)
      expect(byId.status).toBe(200)
      expect(byId.json.data.regions).toHaveLength(4)
      const apq = await post(h.url, { extensions: { persistedQuery: { version: 1, sha256Hash: hash(matter) } }, variables: { code: 'TB-SCJG-001' } }, headers)
      expect(apq.json.data.matter.code).toBe('TB-SCJG-001')
    }
  })

  it('refuses a document sent as text, even one that is trusted, and an unknown id', async () => {
    for (const headers of [{}, { origin: 'http://localhost' }] as Record<string, string>[]) {
      const text = await post(h.url, { query: regions }, headers)
      expect(text.status).toBe(400)
      expect(codeOf(text)).toBe('PERSISTED_QUERY_ONLY')
      expect(text.json.data ?? null).toBeNull()
      const unknown = await post(h.url, { documentId: `sha256:${'0'.repeat(64)}` }, headers)
      expect(codeOf(unknown)).toBe('PERSISTED_QUERY_NOT_FOUND')
    }
  })

  it('refuses a manifest whose ids are not the hashes of their documents', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tongban-trusted-'))
    const file = join(dir, 'bad.json')
    writeFileSync(file, JSON.stringify({ [hash(regions)]: '{ cases { totalCount } }' }))
    expect(() => TrustedDocuments.fromFile(file)).toThrow(/not the SHA-256 of its document/)
    writeFileSync(file, '[1,2]')
    expect(() => TrustedDocuments.fromFile(file)).toThrow(/not a \{ hash: document \} map/)
  })
})
