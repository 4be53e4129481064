import type { RemoteCase } from '../acceptance/remote-case.js'
import type { AuditCheckpoint, AuditEntry, CaseStore, Commit, CommitResult } from './case-store.js'
import { GENESIS_HASH } from './audit-hash.js'
import { chainEntries } from './audit-chain.js'
import { createFanout } from './fanout.js'
import { caseListKeys, matchesCaseFilter, type CaseListKeys } from './case-filter.js'
import { StoreError } from './errors.js'
import { createMemoryOutbox } from './memory-outbox.js'
import { validateCommit } from './validate-commit.js'

export interface MemoryStoreOptions {
  /** Clock for outbox due times and idle times (epoch ms); default Date.now. */
  now?: () => number
}

/**
 * Everything in process memory: the embedded default for a single gateway. Not durable
 * (`durable: false`) — a restart loses every case and queued delivery — but with the same
 * semantics as the Redis store, which the shared contract suite checks. A commit runs without
 * yielding to the event loop, which is what makes it atomic here.
 * @example
 * const store = createMemoryStore()
 * if (!store.durable) log.warn('in-memory store: cases are lost on restart')
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): CaseStore {
  const now = options.now ?? Date.now
  // Documents are kept as JSON, as Redis keeps them: nobody holding a returned object can
  // change what is stored, and what does not survive JSON does not survive either store.
  const cases = new Map<string, { version: number; json: string; keys: CaseListKeys }>()
  /** Case ids in ascending order (ULIDs: creation order), for newest-first listing. */
  const ids: string[] = []
  const idempotency = new Map<string, { requestHash: string; caseId: string }>()
  const entries: string[] = []
  let head = { seq: 0, hash: GENESIS_HASH }
  const checkpoints: AuditCheckpoint[] = []
  const outbox = createMemoryOutbox(now)
  const fanout = createFanout()
  const ready = createFanout()
  let closed = false

  const open = (): void => { if (closed) throw new StoreError('STORE_CLOSED', 'store is closed') }
  /** First index in `ids` whose id is ≥ `id` (binary search). */
  const lowerBound = (id: string): number => {
    let lo = 0, hi = ids.length
    while (lo < hi) { const mid = (lo + hi) >> 1; if (ids[mid]! < id) lo = mid + 1; else hi = mid }
    return lo
  }

  /** The reason a commit cannot apply, or undefined; reads only. */
  function refusal(c: Commit): CommitResult | undefined {
    if (c.idempotency) {
      const seen = idempotency.get(c.idempotency.key)
      if (seen) return { outcome: seen.requestHash === c.idempotency.requestHash ? 'replay' : 'conflict', caseId: seen.caseId }
    }
    for (const { value, expectedVersion } of c.cases) {
      const stored = cases.get(value.id)
      if ((stored?.version ?? null) !== expectedVersion) return { outcome: 'version-conflict', caseId: value.id }
    }
    return undefined
  }

  /**
   * As the Redis store's commit script publishes: the cases written, and the regions given
   * messages due at once; after the commit, never inside the committing call.
   */
  function announce(c: Commit, readyRegions: Set<string>): void {
    const changed = c.cases.map(({ value }) => value.id)
    if (changed.length === 0 && readyRegions.size === 0) return
    queueMicrotask(() => {
      for (const id of changed) fanout.emit(id)
      for (const region of readyRegions) ready.emit(region)
    })
  }

  /** Writes the commit; returns its audit entries and the regions given messages due at once. */
  function apply(c: Commit): { audit: AuditEntry[]; readyRegions: Set<string> } {
    if (c.idempotency) idempotency.set(c.idempotency.key, { requestHash: c.idempotency.requestHash, caseId: c.idempotency.caseId })
    for (const { value } of c.cases) {
      if (!cases.has(value.id)) ids.splice(lowerBound(value.id), 0, value.id)
      cases.set(value.id, { version: value.version, json: JSON.stringify(value), keys: caseListKeys(value) })
    }
    const readyRegions = new Set<string>()
    for (const { message, dueAt } of c.enqueue) if (outbox.enqueue(message, dueAt)) readyRegions.add(message.region)
    const chained = chainEntries(head, c.audit)
    for (const e of chained) entries.push(JSON.stringify(e))
    const last = chained.at(-1)
    if (last) head = { seq: last.seq, hash: last.hash }
    return { audit: chained, readyRegions }
  }

  return {
    durable: false,
    kind: 'memory',
    async commit(c) {
      open()
      validateCommit(c)
      const refused = refusal(c)
      if (refused) return refused
      const { audit, readyRegions } = apply(c)
      announce(c, readyRegions)
      return { outcome: 'applied', audit }
    },
    async getCase(id) {
      open()
      const stored = cases.get(id)
      return stored ? (JSON.parse(stored.json) as RemoteCase) : undefined
    },
    async idempotency(key) {
      open()
      const seen = idempotency.get(key)
      return seen ? { ...seen } : undefined
    },
    async listCases(filter) {
      open()
      const out: RemoteCase[] = []
      for (let i = (filter.before === undefined ? ids.length : lowerBound(filter.before)) - 1; i >= 0 && out.length < filter.limit; i--) {
        const stored = cases.get(ids[i]!)!
        if (matchesCaseFilter(stored.keys, filter)) out.push(JSON.parse(stored.json) as RemoteCase)
      }
      return out
    },
    outbox: { ...outbox, onReady: (listener) => ready.subscribe(listener) },
    audit: {
      async head() { open(); return { ...head } },
      async read(from, count) {
        open()
        const start = Math.max(from, 1) - 1
        return entries.slice(start, start + Math.max(count, 0)).map((e) => JSON.parse(e) as AuditEntry)
      },
      async addCheckpoint(cp) {
        open()
        const e = entries[cp.seq - 1]
        if (e === undefined || (JSON.parse(e) as AuditEntry).hash !== cp.hash) {
          throw new StoreError('INVALID_CHECKPOINT', `checkpoint names seq ${cp.seq}, which has no entry with that hash`)
        }
        checkpoints.push({ ...cp })
      },
      async checkpoints() { open(); return checkpoints.map((cp) => ({ ...cp })) },
    },
    events: {
      subscribe: (listener) => fanout.subscribe(listener),
    },
    async ping() { return !closed },
    async close() { closed = true },
  }
}
