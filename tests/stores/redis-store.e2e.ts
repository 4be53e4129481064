/**
 * The Redis store against a real redis-server (started here on a free loopback port, AOF on):
 * the shared contract, then what only Redis has — replicas sharing one server, restarts, a
 * SIGKILLed server, scripts forgotten by a restart.
 */
import { createClient } from 'redis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CaseStore } from '../../gateway/stores/case-store.js'
import { createStore } from '../../gateway/stores/create-store.js'
import { StoreError } from '../../gateway/stores/errors.js'
import { COMMIT_SCRIPT } from '../../gateway/stores/redis-commit-script.js'
import { createRedisStore } from '../../gateway/stores/redis-store.js'
import { openConnection, REDIS_CONNECTION_DEFAULTS } from '../../gateway/stores/redis-link.js'
import { overfillWhileFrozen, redisServerMissing, startRedisServer, type RedisServer } from '../fixtures/redis-server.js'
import { caseStoreContract, expectValidChain, sleep } from './case-store.contract.js'
import { acceptCommit, sampleCase } from './sample-case.js'

let prefixes = 0
const freshPrefix = (): string => `t${process.pid}-${++prefixes}:`

async function until(what: string, cond: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await sleep(50)
  }
}

if (redisServerMissing) {
  console.warn(`skipping the Redis store suite: ${redisServerMissing}`)
  describe.skip(`Redis store (${redisServerMissing})`, () => { it('needs redis-server', () => undefined) })
} else {
  describe('Redis store', () => {
    let server: RedisServer
    beforeAll(async () => { server = await startRedisServer() })
    afterAll(async () => { await server?.dispose() })
    const open = (keyPrefix = freshPrefix()): Promise<CaseStore> => createRedisStore({ url: server.url, keyPrefix })
    /** A store on a fresh prefix and a plain client beside it, to look at or tamper with its keys. */
    const adminClient = () => createClient({ url: server.url })
    const withAdmin = async (test: (t: { store: CaseStore; admin: ReturnType<typeof adminClient>; prefix: string }) => Promise<void>): Promise<void> => {
      const prefix = freshPrefix()
      const store = await open(prefix)
      const admin = adminClient()
      await admin.connect()
      try {
        await test({ store, admin, prefix })
      } finally {
        await admin.quit()
        await store.close()
      }
    }

    caseStoreContract('redis', () => open())

    it('createStore with a Redis URL gives the durable Redis store', async () => {
      const store = await createStore({ redisUrl: server.url, redis: { keyPrefix: freshPrefix() } })
      expect([store.kind, store.durable]).toEqual(['redis', true])
      await store.close()
    })

    it('two replicas committing concurrently to one server build one valid chain', async () => {
      const prefix = freshPrefix()
      const [a, b] = await Promise.all([open(prefix), open(prefix)])
      try {
        // 16 workers per replica, each committing one case after another: the replicas' batches
        // keep landing on a head the other has just moved, and must re-chain and retry.
        const work = (s: CaseStore) => Promise.all(Array.from({ length: 16 }, async () => {
          const out = []
          for (let i = 0; i < 15; i++) out.push(await s.commit(acceptCommit(sampleCase())))
          return out
        })).then((r) => r.flat())
        const [ra, rb] = await Promise.all([work(a), work(b)])
        const all = [...ra, ...rb]
        expect(all.every((r) => r.outcome === 'applied')).toBe(true)
        const entries = await expectValidChain(a)
        expect(entries).toHaveLength(480)
        const returned = all.flatMap((r) => (r.outcome === 'applied' ? r.audit : [])).sort((x, y) => x.seq - y.seq)
        expect(returned).toEqual(entries)
        expect(await b.audit.head()).toEqual(await a.audit.head())
        expect((await a.outbox.depth('510100')).ready).toBe(480)
      } finally {
        await Promise.all([a.close(), b.close()])
      }
    })

    it('gives the turn to a replica whose batch lost the race for the chain head, so it is not starved', async () => {
      // The commit script driven directly, as two replicas X and Y would: a batch of one audit
      // entry each (the script checks the chain's length, not its hashes).
      const prefix = freshPrefix()
      const client = createClient({ url: server.url, RESP: 2 })
      await client.connect()
      const keys = ['audit:head', 'audit:log', 'cases:meta', 'idempotency', 'audit:turn'].map((k) => prefix + k)
      const head = (seq: number) => `${seq}:${String(seq).repeat(64).slice(0, 64)}`
      const batch = (replica: string, from: number) => client.sendCommand([
        'EVAL', COMMIT_SCRIPT.source, '5', ...keys,
        prefix, from === 0 ? `0:${'0'.repeat(64)}` : head(from), head(from + 1), String(Date.now()), '1', replica,
        '', '', '', '0', '0', '1', JSON.stringify({ seq: from + 1, by: replica }),
      ])
      try {
        expect(await batch('X', 0)).toEqual(['OK'])
        // Y chained on a head that has moved: it is told the head, and takes the turn.
        expect(await batch('Y', 0)).toEqual(['HEAD', head(1)])
        expect(await client.get(keys[4]!)).toBe('Y')
        // X, though chained right, waits: nothing of it is applied.
        expect(await batch('X', 1)).toEqual(['WAIT', head(1)])
        expect(await client.lLen(keys[1]!)).toBe(1)
        // Y goes, and gives the turn back; then X goes.
        expect(await batch('Y', 1)).toEqual(['OK'])
        expect(await client.exists(keys[4]!)).toBe(0)
        expect(await batch('X', 2)).toEqual(['OK'])
        expect((await client.lRange(keys[1]!, 0, -1)).map((e) => JSON.parse(e).by)).toEqual(['X', 'Y', 'X'])
        // A turn whose holder never comes back (it crashed) lapses on its own.
        expect(await batch('Z', 0)).toEqual(['HEAD', head(3)])
        expect(await batch('X', 3)).toEqual(['WAIT', head(3)])
        await sleep(80)
        expect(await batch('X', 3)).toEqual(['OK'])
      } finally {
        await client.quit()
      }
    })

    it('commits new cases while a client resends used keys without pause (replays do not use up their attempts)', async () => {
      const store = await open()
      try {
        const used = Array.from({ length: 20 }, () => sampleCase())
        for (const c of used) await store.commit(acceptCommit(c))
        // Every batch now holds a replay, so every batch is refused; the new commits beside them
        // go again each time, and must not run out of attempts for it.
        // Resent at every turn of the event loop whatever the answers, as many clients would.
        let stop = false
        const answers: Promise<unknown>[] = []
        const resenders = (async () => {
          while (!stop) {
            for (const c of used.slice(0, 4)) answers.push(store.commit(acceptCommit(c)).then((r) => expect(r).toEqual({ outcome: 'replay', caseId: c.id })))
            await new Promise((r) => setImmediate(r))
          }
          return answers.length
        })()
        const fresh: string[] = []
        for (let i = 0; i < 30; i++) {
          const c = sampleCase()
          expect((await store.commit(acceptCommit(c))).outcome).toBe('applied')
          fresh.push(c.id)
        }
        stop = true
        expect(await resenders).toBeGreaterThan(100)
        await Promise.all(answers)
        const entries = await expectValidChain(store)
        expect(entries.map((e) => e.caseId)).toEqual([...used.map((c) => c.id), ...fresh])
      } finally {
        await store.close()
      }
    })

    it('replicas share the work, events and idempotency keys', async () => {
      const prefix = freshPrefix()
      const [a, b] = await Promise.all([open(prefix), open(prefix)])
      try {
        const heard: string[] = [], ready: string[] = []
        b.events.subscribe((id) => heard.push(id))
        b.outbox.onReady((region) => ready.push(region))
        const c = sampleCase({ competentRegion: '510100' })
        expect((await a.commit(acceptCommit(c))).outcome).toBe('applied')
        expect(await b.commit(acceptCommit(c))).toEqual({ outcome: 'replay', caseId: c.id })
        // A's commit is announced to B, and so is the work it queued (B's delivery loop wakes);
        // B's replay announces nothing.
        await expect.poll(() => heard).toEqual([c.id])
        await expect.poll(() => ready).toEqual(['510100'])
        const [m] = await a.outbox.claim('510100', 'replica-a', { count: 1, minIdleMs: 600 })
        expect(await b.outbox.claim('510100', 'replica-b', { count: 1, minIdleMs: 600 })).toEqual([])
        await sleep(700) // replica A "crashed" holding the message
        expect(await b.outbox.claim('510100', 'replica-b', { count: 1, minIdleMs: 600 })).toEqual([m])
      } finally {
        await Promise.all([a.close(), b.close()])
      }
    })

    it('refuses to extend an audit log that lost an entry (STORE_CORRUPT), writing nothing', async () => {
      const keyPrefix = freshPrefix()
      const store = await open(keyPrefix)
      const probe = createClient({ url: server.url, RESP: 2 })
      await probe.connect()
      try {
        await store.commit(acceptCommit(sampleCase()))
        await store.commit(acceptCommit(sampleCase()))
        await probe.sendCommand(['RPOP', `${keyPrefix}audit:log`]) // tampering: the head still says seq 2
        const c = sampleCase()
        const err = await store.commit(acceptCommit(c)).catch((e: unknown) => e)
        expect((err as StoreError).code).toBe('STORE_CORRUPT')
        expect(await store.getCase(c.id)).toBeUndefined()
        expect((await store.outbox.depth('510100')).ready).toBe(2)
        await probe.sendCommand(['LSET', `${keyPrefix}audit:log`, '0', '{"seq":7}'])
        expect(((await store.audit.read(1, 5).catch((e: unknown) => e)) as StoreError).code).toBe('STORE_CORRUPT')
      } finally {
        await probe.close()
        await store.close()
      }
    })

    it('reads the cases asked for in one turn with one MGET and acknowledges one turn\'s messages in one script call; a corrupt case fails alone', () => withAdmin(async ({ store, admin, prefix }) => {
      const calls = async (): Promise<{ get: number; mget: number; evalsha: number }> => {
        const info = await admin.info('commandstats')
        const count = (cmd: string) => Number(new RegExp(`cmdstat_${cmd}:calls=(\\d+)`).exec(info)?.[1] ?? 0)
        return { get: count('get'), mget: count('mget'), evalsha: count('evalsha') }
      }
      const cs = Array.from({ length: 5 }, () => sampleCase({ competentRegion: '512000' }))
      for (const c of cs) await store.commit(acceptCommit(c))
      await admin.set(`${prefix}case:${cs[1]!.id}`, 'not json')
      const before = await calls()
      const read = await Promise.allSettled([...cs.map((c) => store.getCase(c.id)), store.getCase('TB-NONE')])
      const after = await calls()
      // INFO itself is neither: the counts moved by this store's reads alone.
      expect({ get: after.get - before.get, mget: after.mget - before.mget }).toEqual({ get: 0, mget: 1 })
      expect(read.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled', 'fulfilled'])
      expect(((read[1] as PromiseRejectedResult).reason as StoreError).code).toBe('STORE_CORRUPT')
      expect(read.filter((r) => r.status === 'fulfilled').map((r) => (r as PromiseFulfilledResult<unknown>).value)).toEqual([cs[0], cs[2], cs[3], cs[4], undefined])

      const claimed = await store.outbox.claim('512000', 'w1', { count: 5, minIdleMs: 60_000 })
      expect(claimed).toHaveLength(5)
      const beforeAcks = await calls()
      expect(await Promise.all(claimed.map((m) => store.outbox.ack('512000', m.id)))).toEqual([true, true, true, true, true])
      expect((await calls()).evalsha - beforeAcks.evalsha).toBe(1)
      expect(await store.outbox.depth('512000')).toEqual({ ready: 0, delayed: 0, unacknowledged: 0, dead: 0 })
    }))

    it('reads case metadata written before the open-regions field, and indexes the case at its next change', () => withAdmin(async ({ store, admin, prefix }) => {
      const c = sampleCase({ competentRegion: '511400' })
      await store.commit(acceptCommit(c))
      // As an older version wrote it: four lines, no open regions.
      const meta = String(await admin.hGet(`${prefix}cases:meta`, c.id))
      expect(meta.split('\n')).toHaveLength(5)
      await admin.hSet(`${prefix}cases:meta`, c.id, meta.split('\n').slice(0, 4).join('\n'))
      expect(await store.listCases({ competentRegion: '511400', limit: 10 })).toEqual([c])
      const next = structuredClone(c)
      Object.assign(next.steps[0]!, { state: 'ACCEPTED', localId: 'MS-9', delivery: { ...next.steps[0]!.delivery, status: 'DELIVERED' } })
      next.version = 2
      expect((await store.commit({ cases: [{ value: next, expectedVersion: 1 }], enqueue: [], audit: [] })).outcome).toBe('applied')
      expect(await store.listCases({ openIn: '511400', limit: 10 })).toEqual([next])
      expect(await store.listCases({ competentRegion: '511400', limit: 10 })).toEqual([next])
      expect(await store.listCases({ acceptingRegion: c.accepting.region, limit: 10 })).toEqual([next])
    }))

    it('rejects unusable options with INVALID_OPTIONS', async () => {
      const err = await createRedisStore({ url: 'http://127.0.0.1:6379' }).catch((e: unknown) => e)
      expect((err as StoreError).code).toBe('INVALID_OPTIONS')
    })

    it('fails fast with STORE_UNAVAILABLE when Redis cannot be reached', async () => {
      const t0 = Date.now()
      const err = await createRedisStore({ url: 'redis://127.0.0.1:1', connectTimeoutMs: 300 }).catch((e: unknown) => e)
      expect(err).toBeInstanceOf(StoreError)
      expect((err as StoreError).code).toBe('STORE_UNAVAILABLE')
      expect(Date.now() - t0).toBeLessThan(5_000)
    })

    it('answers STORE_UNAVAILABLE when Redis stops answering for longer than the command timeout, and goes on once it answers', async () => {
      const store = await createRedisStore({ url: server.url, keyPrefix: freshPrefix(), commandTimeoutMs: 200 })
      const admin = createClient({ url: server.url })
      await admin.connect()
      try {
        const c = sampleCase()
        await admin.sendCommand(['CLIENT', 'PAUSE', '1200', 'ALL'])
        const t0 = Date.now()
        const [read, commit] = await Promise.all([store.getCase(c.id).catch((e: unknown) => e), store.commit(acceptCommit(c)).catch((e: unknown) => e)])
        const waited = Date.now() - t0
        for (const err of [read, commit]) {
          expect(err).toBeInstanceOf(StoreError)
          expect((err as StoreError).code).toBe('STORE_UNAVAILABLE')
        }
        // Answered at the timeout, not when Redis came back.
        expect(waited).toBeGreaterThanOrEqual(190)
        expect(waited).toBeLessThan(1_000)
        await until('Redis answering again', async () => String(await admin.sendCommand(['PING'])) === 'PONG')
        // The timed-out commit's outcome was unknown: sent again with its idempotency key it is
        // applied, or a replay if the first one reached Redis after all — never a second case.
        const again = await store.commit(acceptCommit(c))
        expect(['applied', 'replay']).toContain(again.outcome)
        expect((await store.getCase(c.id))?.id).toBe(c.id)
        expect((await expectValidChain(store)).filter((e) => e.caseId === c.id)).toHaveLength(1)
      } finally {
        await admin.quit()
        await store.close()
      }
    })

    it('bounds the commands waiting on a stalled Redis: past 10 000 a new one fails at once, and none queued is lost', async () => {
      // The store times commands out itself (linkOf), but node-redis keeps a late one queued
      // until Redis answers; without a bound that queue would grow for as long as Redis stalls.
      const conn = await openConnection({ url: server.url, commandTimeoutMs: 200, connectTimeoutMs: 2_000 })
      const { extra, answers } = await overfillWhileFrozen(server, () => conn.sendCommand(['PING']), REDIS_CONNECTION_DEFAULTS.commandsQueueMaxLength)
      expect(extra).toMatch(/queue is full/)
      expect(new Set(answers)).toEqual(new Set(['PONG']))
      conn.destroy()
    })
  })

  describe('Redis store across redis-server restarts (AOF)', () => {
    /** Everything a committed batch must have left: cases, chain, outbox messages. */
    async function expectAllThere(store: CaseStore, ids: string[]): Promise<void> {
      for (const id of ids) expect((await store.getCase(id))?.id).toBe(id)
      const entries = await expectValidChain(store)
      expect(entries.map((e) => e.caseId)).toEqual(expect.arrayContaining(ids))
      expect((await store.outbox.depth('510100')).ready).toBe(ids.length)
    }
    const commitMany = async (store: CaseStore, n: number): Promise<string[]> => {
      const cs = Array.from({ length: n }, () => sampleCase())
      const rs = await Promise.all(cs.map((c) => store.commit(acceptCommit(c))))
      expect(rs.every((r) => r.outcome === 'applied')).toBe(true)
      return cs.map((c) => c.id)
    }

    it('keeps every commit across stop/start (everysec), fails fast while down, reloads its scripts and resubscribes', async () => {
      const server = await startRedisServer({ appendfsync: 'everysec' })
      const store = await createRedisStore({ url: server.url, keyPrefix: freshPrefix() })
      const heard: string[] = []
      store.events.subscribe((id) => heard.push(id))
      try {
        const ids = await commitMany(store, 100)
        await server.stop() // SIGTERM: redis-server fsyncs the AOF before it exits
        const down = await store.commit(acceptCommit(sampleCase())).catch((e: unknown) => e)
        expect((down as StoreError).code).toBe('STORE_UNAVAILABLE')
        expect(await store.ping()).toBe(false)
        await server.start()
        await until('the store to reconnect', () => store.ping())
        // The restarted server has no scripts cached: the next commit meets NOSCRIPT and reloads.
        const probe = createClient({ url: server.url, RESP: 2 })
        await probe.connect()
        expect(await probe.sendCommand(['SCRIPT', 'EXISTS', COMMIT_SCRIPT.sha])).toEqual([0])
        await expectAllThere(store, ids)
        const more = await commitMany(store, 10)
        expect(await probe.sendCommand(['SCRIPT', 'EXISTS', COMMIT_SCRIPT.sha])).toEqual([1])
        await probe.close()
        await expectAllThere(store, [...ids, ...more])
        // The subscriber connection came back subscribed: events flow again.
        // (Until resubscribed, announcements are missed, as pub/sub does: commit until one is heard.)
        const after: string[] = []
        await until('events after the restart', async () => {
          after.push(...(await commitMany(store, 1)))
          return after.some((id) => heard.includes(id))
        })
      } finally {
        await store.close()
        await server.dispose()
      }
    })

    it('keeps everything acknowledged when redis-server is SIGKILLed (appendfsync always)', async () => {
      const server = await startRedisServer({ appendfsync: 'always' })
      const store = await createRedisStore({ url: server.url, keyPrefix: freshPrefix() })
      try {
        const ids = await commitMany(store, 200)
        // Workers commit one case after another while the server dies under them: whatever
        // was acknowledged must survive; what was not may or may not have landed.
        const acknowledged: string[] = [], unknown: string[] = []
        let stop = false
        const workers = Array.from({ length: 16 }, async () => {
          while (!stop) {
            const c = sampleCase()
            try {
              await store.commit(acceptCommit(c))
              acknowledged.push(c.id)
            } catch (err) {
              expect((err as StoreError).code).toBe('STORE_UNAVAILABLE')
              unknown.push(c.id)
              stop = true
            }
          }
        })
        await until('commits under load', async () => acknowledged.length >= 100)
        await server.kill()
        await Promise.all(workers)
        expect(unknown.length).toBeGreaterThan(0)
        await server.start()
        await until('the store to reconnect', () => store.ping())
        for (const id of [...ids, ...acknowledged]) expect((await store.getCase(id))?.id).toBe(id)
        const entries = await expectValidChain(store)
        // Unacknowledged commits may or may not have landed — but all or nothing of each.
        const landed = new Set(entries.map((e) => e.caseId))
        for (const id of unknown) expect(landed.has(id)).toBe((await store.getCase(id)) !== undefined)
        expect((await store.outbox.depth('510100')).ready).toBe(entries.length)
        // And the store goes on: its next commit re-learns the head and chains onto it.
        await commitMany(store, 5)
        await expectValidChain(store)
      } finally {
        await store.close()
        await server.dispose()
      }
    })
  })
}
