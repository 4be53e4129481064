import type { ClaimedMessage, DeadLetter, Outbox, OutboxMessage } from './case-store.js'

interface Pending {
  entry: ClaimedMessage
  consumer: string
  /** When it was last delivered (claimed), epoch ms: its idle time starts here. */
  deliveredAt: number
}

interface RegionQueue {
  ready: ClaimedMessage[]
  /** In id order, as a Redis consumer group's pending entries list (PEL). */
  pending: Map<string, Pending>
  delayed: { dueAt: number; message: OutboxMessage }[]
}

/** The outbox's commands; its announcements (onReady) are the store's, which knows the commits. */
export interface MemoryOutbox extends Omit<Outbox, 'onReady'> {
  /** Part of a commit: enqueue at once, or delayed until `dueAt`. @returns true when queued due at once. */
  enqueue(message: OutboxMessage, dueAt?: number): boolean
}

/**
 * The outbox in process memory, mirroring the Redis stream semantics one for one: a claimed
 * message stays pending until settled and can be reclaimed by any consumer once idle for
 * `minIdleMs` (XAUTOCLAIM); settling a message that is no longer pending does nothing.
 */
export function createMemoryOutbox(now: () => number): MemoryOutbox {
  const regions = new Map<string, RegionQueue>()
  const dead = new Map<string, DeadLetter>()
  let serial = 0
  // Ids shaped like stream ids (ms-seq) and increasing, so ordering by id is ordering by time.
  const nextId = (): string => `${now()}-${++serial}`
  const queue = (region: string): RegionQueue => {
    let q = regions.get(region)
    if (!q) regions.set(region, (q = { ready: [], pending: new Map(), delayed: [] }))
    return q
  }
  const copy = (m: OutboxMessage): OutboxMessage => ({ ...m })
  const push = (m: OutboxMessage): void => { queue(m.region).ready.push({ id: nextId(), message: copy(m) }) }
  const delay = (m: OutboxMessage, dueAt: number): void => {
    const q = queue(m.region)
    q.delayed.push({ dueAt, message: copy(m) })
    q.delayed.sort((a, b) => a.dueAt - b.dueAt)
  }
  const enqueue = (m: OutboxMessage, dueAt?: number): boolean => {
    if (dueAt !== undefined && dueAt > now()) {
      delay(m, dueAt)
      return false
    }
    push(m)
    return true
  }
  const promoteDue = (q: RegionQueue, t: number): void => {
    while (q.delayed.length > 0 && q.delayed[0]!.dueAt <= t) push(q.delayed.shift()!.message)
  }
  /** Removes a pending entry; false if it is not pending (never claimed, or settled already). */
  const settle = (region: string, id: string): boolean => regions.get(region)?.pending.delete(id) ?? false
  const clone = (e: ClaimedMessage): ClaimedMessage => ({ id: e.id, message: copy(e.message) })

  return {
    enqueue,
    async claim(region, consumer, { count, minIdleMs }) {
      const q = queue(region), t = now(), out: ClaimedMessage[] = []
      promoteDue(q, t)
      for (const p of q.pending.values()) {
        if (out.length >= count) break
        if (t - p.deliveredAt < minIdleMs) continue
        p.consumer = consumer
        p.deliveredAt = t
        out.push(clone(p.entry))
      }
      while (out.length < count && q.ready.length > 0) {
        const entry = q.ready.shift()!
        q.pending.set(entry.id, { entry, consumer, deliveredAt: t })
        out.push(clone(entry))
      }
      return out
    },
    async ack(region, id) { return settle(region, id) },
    async retry(region, id, next, dueAt) {
      if (!settle(region, id)) return false
      enqueue({ ...next, region }, dueAt)
      return true
    },
    async deadLetter(region, id, message, reason) {
      if (!settle(region, id)) return false
      const dl: DeadLetter = { id: nextId(), message: { ...copy(message), region }, reason, at: now() }
      dead.set(dl.id, dl)
      return true
    },
    async deadLetters() {
      return [...dead.values()].map((d) => ({ ...d, message: copy(d.message) }))
    },
    async requeue(deadLetterId) {
      const d = dead.get(deadLetterId)
      if (!d) return false
      dead.delete(deadLetterId)
      push({ ...d.message, attempt: 0 })
      return true
    },
    async depth(region) {
      const q = regions.get(region), t = now()
      let deadCount = 0
      for (const d of dead.values()) if (d.message.region === region) deadCount++
      if (!q) return { ready: 0, delayed: 0, unacknowledged: 0, dead: deadCount }
      const due = q.delayed.filter((d) => d.dueAt <= t).length
      return { ready: q.ready.length + due, delayed: q.delayed.length - due, unacknowledged: q.pending.size, dead: deadCount }
    },
  }
}
