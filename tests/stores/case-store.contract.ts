/**
 * The CaseStore contract, run against every store (memory-store.test.ts, redis-store.e2e.ts):
 * one suite, so the in-memory default and Redis cannot drift apart.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { RemoteCase } from '../../gateway/acceptance/remote-case.js'
import { auditHash, GENESIS_HASH } from '../../gateway/stores/audit-hash.js'
import type { AuditEntry, CaseStore, Commit, OutboxMessage } from '../../gateway/stores/case-store.js'
import { StoreError } from '../../gateway/stores/errors.js'
import { acceptCommit, newCaseId, receivedDraft, sampleCase } from './sample-case.js'

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

/** Reads the whole chain and checks every link; returns the entries. */
export async function expectValidChain(store: CaseStore): Promise<AuditEntry[]> {
  const head = await store.audit.head()
  const entries = await store.audit.read(1, head.seq + 10)
  expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: head.seq }, (_, i) => i + 1))
  let prev = GENESIS_HASH
  for (const e of entries) {
    expect(e.prevHash).toBe(prev)
    expect(e.hash).toBe(auditHash(e.prevHash, e.seq, e))
    prev = e.hash
  }
  expect(head.hash).toBe(entries.length ? prev : GENESIS_HASH)
  return entries
}

async function expectStoreError(p: Promise<unknown>, code: StoreError['code']): Promise<void> {
  const err = await p.then(() => undefined, (e: unknown) => e)
  expect(err).toBeInstanceOf(StoreError)
  expect((err as StoreError).code).toBe(code)
}

const deliver = (c: RemoteCase, attempt = 0): OutboxMessage => ({ caseId: c.id, step: 1, region: c.competentRegion, kind: 'deliver', attempt })
/** The workflow's update: next version, with a message and an audit entry. */
const updateCommit = (c: RemoteCase, expectedVersion: number): Commit => ({
  cases: [{ value: { ...c, state: 'DELIVERED', version: expectedVersion + 1 }, expectedVersion }],
  enqueue: [{ message: deliver(c, 1) }],
  audit: [{ type: 'step.state', caseId: c.id, at: new Date().toISOString(), data: { state: 'DELIVERED' } }],
})

/** What a refused commit must not have changed. */
async function snapshot(store: CaseStore, region: string) {
  return { head: await store.audit.head(), depth: await store.outbox.depth(region) }
}

export function caseStoreContract(name: string, open: () => Promise<CaseStore>): void {
  describe(`CaseStore contract: ${name}`, () => {
    let store: CaseStore
    beforeEach(async () => { store = await open() })
    afterEach(async () => { await store.close() })

    describe('commit and idempotency', () => {
      it('applies a new case with its key, message and audit entry', async () => {
        const c = sampleCase()
        const r = await store.commit(acceptCommit(c))
        expect(r.outcome).toBe('applied')
        expect(await store.getCase(c.id)).toEqual(c)
        expect(await store.idempotency(c.idempotencyKey)).toEqual({ requestHash: c.requestHash, caseId: c.id })
        expect(await store.idempotency('never-used')).toBeUndefined()
        expect(await store.getCase('TB-NONE')).toBeUndefined()
        expect((await store.outbox.depth(c.competentRegion)).ready).toBe(1)
        if (r.outcome !== 'applied') return
        expect(r.audit).toHaveLength(1)
        expect(r.audit[0]).toMatchObject({ seq: 1, prevHash: GENESIS_HASH, type: 'case.received', caseId: c.id })
        expect(await store.audit.read(1, 10)).toEqual(r.audit)
      })

      it('answers replay for the same request and conflict for another, writing nothing', async () => {
        const c = sampleCase()
        await store.commit(acceptCommit(c))
        const before = await snapshot(store, c.competentRegion)
        const again = sampleCase() // a new case id under the old key, as a retried submission makes
        const retried = { ...acceptCommit(again), idempotency: { key: c.idempotencyKey, requestHash: c.requestHash, caseId: again.id } }
        expect(await store.commit(retried)).toEqual({ outcome: 'replay', caseId: c.id })
        expect(await store.commit({ ...retried, idempotency: { ...retried.idempotency, requestHash: 'other' } }))
          .toEqual({ outcome: 'conflict', caseId: c.id })
        expect(await store.getCase(again.id)).toBeUndefined()
        expect(await snapshot(store, c.competentRegion)).toEqual(before)
        expect(await store.idempotency(c.idempotencyKey)).toEqual({ requestHash: c.requestHash, caseId: c.id })
      })

      it('lets exactly one of two racing commits with one key apply', async () => {
        const a = sampleCase(), b = { ...sampleCase(), idempotencyKey: a.idempotencyKey }
        const results = await Promise.all([store.commit(acceptCommit(a)), store.commit(acceptCommit(b, a.requestHash))])
        expect(results.map((r) => r.outcome).sort()).toEqual(['applied', 'replay'])
        const cases = [await store.getCase(a.id), await store.getCase(b.id)].filter(Boolean)
        expect(cases).toHaveLength(1)
        expect((await store.audit.head()).seq).toBe(1)
        expect((await store.outbox.depth(a.competentRegion)).ready).toBe(1)
      })

      it('refuses a whole multi-case commit when one case is stale', async () => {
        const a = sampleCase(), b = sampleCase()
        await store.commit(acceptCommit(a))
        const before = await snapshot(store, a.competentRegion)
        const r = await store.commit({
          cases: [{ value: b, expectedVersion: null }, { value: { ...a, version: 3 }, expectedVersion: 2 }],
          enqueue: [{ message: deliver(b) }],
          audit: [receivedDraft(b)],
        })
        expect(r).toEqual({ outcome: 'version-conflict', caseId: a.id })
        expect(await store.getCase(b.id)).toBeUndefined()
        expect(await store.getCase(a.id)).toEqual(a)
        expect(await snapshot(store, a.competentRegion)).toEqual(before)
      })
    })

    describe('versions', () => {
      it('applies an update at the stored version and refuses a stale or premature one', async () => {
        const c = sampleCase()
        await store.commit(acceptCommit(c))
        expect((await store.commit(updateCommit(c, 1))).outcome).toBe('applied')
        expect((await store.getCase(c.id))?.version).toBe(2)
        const before = await snapshot(store, c.competentRegion)
        expect(await store.commit(updateCommit(c, 1))).toEqual({ outcome: 'version-conflict', caseId: c.id })
        expect(await store.commit(updateCommit(c, 5))).toEqual({ outcome: 'version-conflict', caseId: c.id })
        expect(await store.commit({ cases: [{ value: c, expectedVersion: null }], enqueue: [], audit: [] }))
          .toEqual({ outcome: 'version-conflict', caseId: c.id })
        const missing = sampleCase({ version: 2 })
        expect(await store.commit({ cases: [{ value: missing, expectedVersion: 1 }], enqueue: [], audit: [] }))
          .toEqual({ outcome: 'version-conflict', caseId: missing.id })
        expect(await snapshot(store, c.competentRegion)).toEqual(before)
        expect((await store.getCase(c.id))?.state).toBe('DELIVERED')
      })

      it('lets one of two concurrent updates of one version win', async () => {
        const c = sampleCase()
        await store.commit(acceptCommit(c))
        const rs = await Promise.all([store.commit(updateCommit(c, 1)), store.commit(updateCommit(c, 1))])
        expect(rs.map((r) => r.outcome).sort()).toEqual(['applied', 'version-conflict'])
        expect((await store.audit.head()).seq).toBe(2)
      })

      it('rejects malformed commits with INVALID_COMMIT', async () => {
        const c = sampleCase()
        await expectStoreError(store.commit({ cases: [{ value: { ...c, version: 2 }, expectedVersion: null }], enqueue: [], audit: [] }), 'INVALID_COMMIT')
        await expectStoreError(store.commit({ cases: [{ value: c, expectedVersion: null }, { value: c, expectedVersion: null }], enqueue: [], audit: [] }), 'INVALID_COMMIT')
        await expectStoreError(store.commit({ cases: [], enqueue: [{ message: { ...deliver(c), region: '' } }], audit: [] }), 'INVALID_COMMIT')
        expect(await store.getCase(c.id)).toBeUndefined()
      })
    })

    describe('listCases', () => {
      it('lists newest first, filters by region and window, and pages with before', async () => {
        const made: RemoteCase[] = []
        const shapes = [
          { acceptingRegion: '511400', acceptingWindow: 'MS-1', competentRegion: '510100' },
          { acceptingRegion: '511400', acceptingWindow: 'MS-2', competentRegion: '510600' },
          { acceptingRegion: '510600', acceptingWindow: 'DY-1', competentRegion: '510100' },
        ]
        for (let i = 0; i < 12; i++) {
          const c = sampleCase(shapes[i % 3])
          made.push(c)
          await store.commit(acceptCommit(c))
        }
        const ids = (cs: RemoteCase[]): string[] => cs.map((c) => c.id)
        const newest = [...made].reverse()
        expect(ids(await store.listCases({ limit: 100 }))).toEqual(ids(newest))
        expect(ids(await store.listCases({ limit: 5 }))).toEqual(ids(newest.slice(0, 5)))
        const page2 = await store.listCases({ limit: 5, before: newest[4]!.id })
        expect(ids(page2)).toEqual(ids(newest.slice(5, 10)))
        expect(ids(await store.listCases({ acceptingRegion: '511400', limit: 100 })))
          .toEqual(ids(newest.filter((c) => c.accepting.region === '511400')))
        expect(ids(await store.listCases({ acceptingWindow: 'MS-2', limit: 100 })))
          .toEqual(ids(newest.filter((c) => c.accepting.window === 'MS-2')))
        expect(ids(await store.listCases({ competentRegion: '510100', acceptingRegion: '511400', limit: 2 })))
          .toEqual(ids(newest.filter((c) => c.competentRegion === '510100' && c.accepting.region === '511400').slice(0, 2)))
        const dy = newest.filter((c) => c.accepting.region === '510600')
        expect(ids(await store.listCases({ competentRegion: '510100', acceptingRegion: '510600', before: dy[1]!.id, limit: 10 })))
          .toEqual(ids(dy.slice(2)))
        expect(await store.listCases({ acceptingRegion: '512000', limit: 10 })).toEqual([])
        expect(await store.listCases({ limit: 0 })).toEqual([])
      })

      it('keeps the lists right when an update changes the competent region', async () => {
        const c = sampleCase({ competentRegion: '510100' })
        await store.commit(acceptCommit(c))
        const moved = { ...c, competentRegion: '510600', version: 2 }
        expect((await store.commit({ cases: [{ value: moved, expectedVersion: 1 }], enqueue: [], audit: [] })).outcome).toBe('applied')
        expect(await store.listCases({ competentRegion: '510100', limit: 10 })).toEqual([])
        expect(await store.listCases({ competentRegion: '510600', limit: 10 })).toEqual([moved])
        expect(await store.listCases({ limit: 10 })).toEqual([moved])
      })

      it('lists the cases open in a region however old, and drops each when its step there finishes', async () => {
        const update = async (c: RemoteCase, change: (c: RemoteCase) => RemoteCase): Promise<RemoteCase> => {
          const next = { ...change(structuredClone(c)), version: c.version + 1 }
          expect((await store.commit({ cases: [{ value: next, expectedVersion: c.version }], enqueue: [], audit: [] })).outcome).toBe('applied')
          return next
        }
        const deliveredAs = (state: RemoteCase['state'], localId: string) => (s: RemoteCase['steps'][number]) =>
          Object.assign(s, { state, localId, delivery: { ...s.delivery, status: 'DELIVERED' } })
        // The oldest case, open in Meishan; many newer ones after it must not hide it.
        let old = sampleCase({ competentRegion: '511400' })
        await store.commit(acceptCommit(old))
        old = await update(old, (c) => { deliveredAs('ACCEPTED', 'MS-1')(c.steps[0]!); return c })
        // A 多地联办 case open in two cities at once.
        let multi = sampleCase({ competentRegion: '510600' })
        multi.steps.push({ ...structuredClone(multi.steps[0]!), order: 2, region: '510100' })
        await store.commit(acceptCommit(multi))
        multi = await update(multi, (c) => { deliveredAs('IN_REVIEW', 'DY-1')(c.steps[0]!); deliveredAs('ACCEPTED', 'CD-1')(c.steps[1]!); return c })
        // Newer cases not yet delivered (open nowhere), and one delivered and already finished.
        for (let i = 0; i < 5; i++) await store.commit(acceptCommit(sampleCase({ competentRegion: '510100' })))
        let done = sampleCase({ competentRegion: '510100' })
        await store.commit(acceptCommit(done))
        done = await update(done, (c) => { deliveredAs('RESULT_ISSUED', 'CD-2')(c.steps[0]!); return c })

        const ids = (cs: RemoteCase[]): string[] => cs.map((c) => c.id)
        expect(ids(await store.listCases({ openIn: '511400', limit: 3 }))).toEqual([old.id])
        expect(await store.listCases({ openIn: '510600', limit: 10 })).toEqual([multi])
        expect(ids(await store.listCases({ openIn: '510100', limit: 10 }))).toEqual([multi.id])
        expect(await store.listCases({ openIn: '512000', limit: 10 })).toEqual([])
        // Combined with another filter, both hold.
        expect(ids(await store.listCases({ openIn: '511400', competentRegion: '511400', limit: 10 }))).toEqual([old.id])
        expect(await store.listCases({ openIn: '511400', acceptingWindow: 'elsewhere', limit: 10 })).toEqual([])

        // Paging: two open in Chengdu, one at a time.
        let later = sampleCase({ competentRegion: '510100' })
        await store.commit(acceptCommit(later))
        later = await update(later, (c) => { deliveredAs('IN_REVIEW', 'CD-3')(c.steps[0]!); return c })
        expect(ids(await store.listCases({ openIn: '510100', limit: 1 }))).toEqual([later.id])
        expect(ids(await store.listCases({ openIn: '510100', limit: 1, before: later.id }))).toEqual([multi.id])

        old = await update(old, (c) => { c.steps[0]!.state = 'RESULT_ISSUED'; return c })
        expect(await store.listCases({ openIn: '511400', limit: 10 })).toEqual([])
        multi = await update(multi, (c) => { c.steps[0]!.state = 'REFUSED'; return c })
        expect(await store.listCases({ openIn: '510600', limit: 10 })).toEqual([])
        expect(ids(await store.listCases({ openIn: '510100', limit: 10 }))).toEqual([later.id, multi.id])
      })
    })

    describe('outbox', () => {
      const region = '510100'
      async function enqueue(n: number, dueAt?: number): Promise<RemoteCase[]> {
        const cs = Array.from({ length: n }, () => sampleCase({ competentRegion: region }))
        for (const c of cs) await store.commit({ ...acceptCommit(c), enqueue: [{ message: deliver(c), ...(dueAt !== undefined && { dueAt }) }] })
        return cs
      }

      it('claims in order, at most count, and acks', async () => {
        const cs = await enqueue(3)
        const got = await store.outbox.claim(region, 'w1', { count: 2, minIdleMs: 60_000 })
        expect(got.map((m) => m.message.caseId)).toEqual([cs[0]!.id, cs[1]!.id])
        expect(got[0]!.message).toEqual(deliver(cs[0]!))
        expect(await store.outbox.depth(region)).toEqual({ ready: 1, delayed: 0, unacknowledged: 2, dead: 0 })
        expect(await store.outbox.ack(region, got[0]!.id)).toBe(true)
        expect(await store.outbox.ack(region, got[0]!.id)).toBe(false)
        const rest = await store.outbox.claim(region, 'w2', { count: 10, minIdleMs: 60_000 })
        expect(rest.map((m) => m.message.caseId)).toEqual([cs[2]!.id])
        expect(await store.outbox.depth(region)).toEqual({ ready: 0, delayed: 0, unacknowledged: 2, dead: 0 })
        expect(await store.outbox.claim('512000', 'w1', { count: 5, minIdleMs: 0 })).toEqual([])
        expect(await store.outbox.depth('512000')).toEqual({ ready: 0, delayed: 0, unacknowledged: 0, dead: 0 })
      })

      it('answers each of many acks sent at once for itself', async () => {
        await enqueue(3)
        const got = await store.outbox.claim(region, 'w1', { count: 3, minIdleMs: 60_000 })
        expect(got).toHaveLength(3)
        expect(await store.outbox.ack(region, got[2]!.id)).toBe(true)
        const [a, b, c] = got.map((m) => m.id) as [string, string, string]
        // The same id twice, and one already settled: only the first of each pending id counts.
        expect(await Promise.all([a, b, a, c].map((id) => store.outbox.ack(region, id)))).toEqual([true, true, false, false])
        expect(await store.outbox.depth(region)).toEqual({ ready: 0, delayed: 0, unacknowledged: 0, dead: 0 })
      })

      it('retries later: the next attempt is delayed until due', async () => {
        const [c] = await enqueue(1)
        const [m] = await store.outbox.claim(region, 'w1', { count: 1, minIdleMs: 60_000 })
        expect(await store.outbox.retry(region, m!.id, deliver(c!, 1), Date.now() + 1_000)).toBe(true)
        expect(await store.outbox.depth(region)).toEqual({ ready: 0, delayed: 1, unacknowledged: 0, dead: 0 })
        expect(await store.outbox.claim(region, 'w1', { count: 5, minIdleMs: 60_000 })).toEqual([])
        await sleep(1_100)
        expect((await store.outbox.depth(region)).ready).toBe(1)
        const again = await store.outbox.claim(region, 'w1', { count: 5, minIdleMs: 60_000 })
        expect(again.map((x) => x.message)).toEqual([deliver(c!, 1)])
        expect(await store.outbox.retry(region, m!.id, deliver(c!, 2), 0)).toBe(false) // settled already
      })

      it('enqueues with dueAt from a commit as a delayed message', async () => {
        await enqueue(1, Date.now() + 60_000)
        expect(await store.outbox.depth(region)).toEqual({ ready: 0, delayed: 1, unacknowledged: 0, dead: 0 })
        await enqueue(1, Date.now() - 1)
        expect((await store.outbox.depth(region)).ready).toBe(1)
      })

      it('parks dead letters and requeues them with attempts reset', async () => {
        const [c] = await enqueue(1)
        const [m] = await store.outbox.claim(region, 'w1', { count: 1, minIdleMs: 60_000 })
        const t0 = Date.now()
        expect(await store.outbox.deadLetter(region, m!.id, deliver(c!, 8), 'HTTP 503 eight times')).toBe(true)
        expect(await store.outbox.depth(region)).toEqual({ ready: 0, delayed: 0, unacknowledged: 0, dead: 1 })
        const dead = await store.outbox.deadLetters()
        expect(dead).toHaveLength(1)
        expect(dead[0]).toMatchObject({ message: deliver(c!, 8), reason: 'HTTP 503 eight times' })
        expect(dead[0]!.at).toBeGreaterThanOrEqual(t0 - 5)
        expect(await store.outbox.requeue('no-such-letter')).toBe(false)
        expect(await store.outbox.requeue(dead[0]!.id)).toBe(true)
        expect(await store.outbox.requeue(dead[0]!.id)).toBe(false)
        expect(await store.outbox.deadLetters()).toEqual([])
        expect(await store.outbox.depth(region)).toEqual({ ready: 1, delayed: 0, unacknowledged: 0, dead: 0 })
        const [back] = await store.outbox.claim(region, 'w2', { count: 1, minIdleMs: 60_000 })
        expect(back!.message).toEqual(deliver(c!, 0))
      })

      it('lets consumer B reclaim what consumer A claimed and never acked, after minIdleMs', async () => {
        const [c] = await enqueue(1)
        // Idle times generous enough that a busy CI machine cannot stall past them by accident.
        const [a] = await store.outbox.claim(region, 'A', { count: 1, minIdleMs: 600 })
        expect(await store.outbox.claim(region, 'B', { count: 1, minIdleMs: 600 })).toEqual([])
        await sleep(700)
        const [b] = await store.outbox.claim(region, 'B', { count: 1, minIdleMs: 600 })
        expect(b).toEqual(a)
        expect(b!.message.caseId).toBe(c!.id)
        expect(await store.outbox.ack(region, b!.id)).toBe(true)
        // A wakes up late: the message is settled, so A's retry must not enqueue a copy.
        expect(await store.outbox.retry(region, a!.id, deliver(c!, 1), 0)).toBe(false)
        expect(await store.outbox.depth(region)).toEqual({ ready: 0, delayed: 0, unacknowledged: 0, dead: 0 })
      })
    })

    describe('audit', () => {
      it('chains concurrent commits into one gap-free, verifiable log', async () => {
        const commits = Array.from({ length: 60 }, (_, i) => {
          const c = sampleCase()
          const extra = i % 3 === 0 ? [{ type: 'case.note', caseId: c.id, at: c.receivedAt, data: { i } }] : []
          return { ...acceptCommit(c), audit: [receivedDraft(c), ...extra] }
        })
        const results = await Promise.all(commits.map((c) => store.commit(c)))
        const entries = await expectValidChain(store)
        expect(entries).toHaveLength(80)
        const returned = results.flatMap((r) => (r.outcome === 'applied' ? r.audit : [])).sort((x, y) => x.seq - y.seq)
        expect(returned).toEqual(entries)
        // A commit's entries are contiguous: its drafts in order, nothing of another commit between.
        for (const r of results) if (r.outcome === 'applied' && r.audit.length === 2) expect(r.audit[1]!.seq).toBe(r.audit[0]!.seq + 1)
        expect(await store.audit.read(79, 10)).toEqual(entries.slice(78))
        expect(await store.audit.read(81, 10)).toEqual([])
      })

      it('answers a burst that mixes new cases, replays, conflicts and stale updates', async () => {
        const old = Array.from({ length: 10 }, () => sampleCase())
        for (const c of old) await store.commit(acceptCommit(c))
        const burst: { commit: Commit; expect: string }[] = []
        for (let i = 0; i < 120; i++) {
          const prior = old[i % 10]!
          if (i % 7 === 3) burst.push({ commit: acceptCommit(prior), expect: 'replay' })
          else if (i % 11 === 5) burst.push({ commit: acceptCommit(prior, 'another request'), expect: 'conflict' })
          else if (i % 13 === 7) burst.push({ commit: updateCommit(prior, 5), expect: 'version-conflict' })
          else burst.push({ commit: acceptCommit(sampleCase()), expect: 'applied' })
        }
        const results = await Promise.all(burst.map((b) => store.commit(b.commit)))
        expect(results.map((r) => r.outcome)).toEqual(burst.map((b) => b.expect))
        const applied = burst.filter((b) => b.expect === 'applied').length
        const entries = await expectValidChain(store)
        expect(entries).toHaveLength(10 + applied)
        expect((await store.outbox.depth('510100')).ready).toBe(10 + applied)
      })

      it('stores checkpoints that name a real entry and refuses others', async () => {
        expect(await store.audit.head()).toEqual({ seq: 0, hash: GENESIS_HASH })
        await store.commit(acceptCommit(sampleCase()))
        await store.commit(acceptCommit(sampleCase()))
        const head = await store.audit.head()
        const cp = { seq: head.seq, hash: head.hash, at: new Date().toISOString(), jws: 'eyJhbGciOiJFUzI1NiJ9.e30.c2ln' }
        await store.audit.addCheckpoint(cp)
        await expectStoreError(store.audit.addCheckpoint({ ...cp, hash: GENESIS_HASH }), 'INVALID_CHECKPOINT')
        await expectStoreError(store.audit.addCheckpoint({ ...cp, seq: 3 }), 'INVALID_CHECKPOINT')
        await expectStoreError(store.audit.addCheckpoint({ ...cp, seq: 0 }), 'INVALID_CHECKPOINT')
        expect(await store.audit.checkpoints()).toEqual([cp])
      })

      it('writes commits without audit drafts without moving the head', async () => {
        const c = sampleCase()
        const r = await store.commit({ ...acceptCommit(c), audit: [] })
        expect(r).toEqual({ outcome: 'applied', audit: [] })
        expect(await store.audit.head()).toEqual({ seq: 0, hash: GENESIS_HASH })
      })
    })

    describe('events and lifecycle', () => {
      it('announces the cases an applied commit wrote, to subscribers until they unsubscribe', async () => {
        const heard: string[] = [], also: string[] = []
        let committing = false
        const duringCall: boolean[] = []
        const off = store.events.subscribe((id) => { heard.push(id); duringCall.push(committing) })
        store.events.subscribe(() => { throw new Error('a faulty listener') })
        store.events.subscribe((id) => also.push(id))
        const c = sampleCase()
        committing = true
        const applied = store.commit(acceptCommit(c))
        committing = false
        expect((await applied).outcome).toBe('applied')
        await expect.poll(() => heard, { timeout: 2_000 }).toEqual([c.id])
        expect(also).toEqual([c.id])
        expect(duringCall).toEqual([false]) // never inside the committing call
        off()
        // One commit writing two cases announces both; the unsubscribed listener hears neither.
        const [d, e] = [sampleCase(), sampleCase()]
        const two = await store.commit({ cases: [{ value: d, expectedVersion: null }, { value: e, expectedVersion: null }], enqueue: [], audit: [] })
        expect(two.outcome).toBe('applied')
        await expect.poll(() => also, { timeout: 2_000 }).toEqual([c.id, d.id, e.id])
        expect(heard).toEqual([c.id])
      })

      it('announces the regions a commit gave messages due at once, after the commit, and not delayed messages or refused commits', async () => {
        const ready: string[] = []
        let committing = false
        const duringCall: boolean[] = []
        const off = store.outbox.onReady((region) => { ready.push(region); duringCall.push(committing) })
        store.outbox.onReady(() => { throw new Error('a faulty listener') })
        const [a, b] = [sampleCase({ competentRegion: '510100' }), sampleCase({ competentRegion: '510600' })]
        committing = true
        // Two messages for 510100 and one for 510600 in one commit: each region announced once.
        const applied = store.commit({
          cases: [{ value: a, expectedVersion: null }, { value: b, expectedVersion: null }],
          enqueue: [{ message: deliver(a) }, { message: { ...deliver(a), kind: 'compensate' } }, { message: deliver(b) }],
          audit: [],
        })
        committing = false
        expect((await applied).outcome).toBe('applied')
        await expect.poll(() => [...ready].sort(), { timeout: 2_000 }).toEqual(['510100', '510600'])
        expect(duringCall).toEqual([false, false])
        // Due later: not announced (the poll that finds it due moves it); refused: nothing.
        const later = sampleCase({ competentRegion: '511400' })
        expect((await store.commit({ ...acceptCommit(later), enqueue: [{ message: deliver(later), dueAt: Date.now() + 60_000 }] })).outcome).toBe('applied')
        expect((await store.commit(acceptCommit(a))).outcome).toBe('version-conflict') // refused, with a message for 510100
        const marker = sampleCase({ competentRegion: '512000' })
        expect((await store.commit(acceptCommit(marker))).outcome).toBe('applied')
        await expect.poll(() => ready.length, { timeout: 2_000 }).toBe(3)
        expect(ready.slice(2)).toEqual(['512000'])
        off()
        expect((await store.commit(acceptCommit(sampleCase({ competentRegion: '510100' })))).outcome).toBe('applied')
        await sleep(100)
        expect(ready).toHaveLength(3)
      })

      it('announces nothing for a refused commit', async () => {
        const heard: string[] = []
        store.events.subscribe((id) => heard.push(id))
        const c = sampleCase()
        expect((await store.commit(acceptCommit(c))).outcome).toBe('applied')
        await expect.poll(() => heard, { timeout: 2_000 }).toEqual([c.id])
        expect((await store.commit(acceptCommit(c))).outcome).toBe('replay')
        expect((await store.commit({ cases: [{ value: { ...c, version: 3 }, expectedVersion: 2 }], enqueue: [], audit: [] })).outcome).toBe('version-conflict')
        expect((await store.commit({ cases: [{ value: { ...c, version: 1 }, expectedVersion: null }], enqueue: [], audit: [] })).outcome).toBe('version-conflict')
        // A later applied commit is heard alone: nothing of the refused ones arrived before it.
        const next = sampleCase()
        await store.commit(acceptCommit(next))
        await expect.poll(() => heard, { timeout: 2_000 }).toEqual([c.id, next.id])
      })

      it('refuses a case id with a newline (announcements carry one id per line)', async () => {
        await expectStoreError(store.commit(acceptCommit(sampleCase({ id: 'TB-A\nTB-B' }))), 'INVALID_COMMIT')
      })

      it('pings, and refuses work once closed', async () => {
        expect(await store.ping()).toBe(true)
        await store.close()
        expect(await store.ping()).toBe(false)
        await expectStoreError(store.commit(acceptCommit(sampleCase())), 'STORE_CLOSED')
        await expectStoreError(store.getCase('TB-X'), 'STORE_CLOSED')
      })
    })
  })
}
