import type { RemoteCase } from '../acceptance/remote-case.js'

/**
 * Durable state of remote acceptance: cases, the delivery outbox, idempotency keys, the
 * hash-chained audit log, and case-update notifications. Two implementations honour this one
 * contract (one test suite runs against both): in memory (the embedded default, not durable)
 * and Redis (streams and consumer groups; shared by gateway replicas).
 */
export interface CaseStore {
  /** False for the in-memory store: everything is lost when the process ends. */
  readonly durable: boolean
  readonly kind: 'memory' | 'redis'

  /**
   * Applies one commit atomically: all of it or none of it. Concurrent commits are grouped
   * and chained into the audit log in the order they are applied. A refused commit
   * (replay, conflict, version-conflict) writes nothing.
   * @throws StoreError `INVALID_COMMIT` (malformed commit), `STORE_UNAVAILABLE` (outcome
   * unknown: retry with the same idempotency key), `STORE_CLOSED`.
   */
  commit(commit: Commit): Promise<CommitResult>

  getCase(id: string): Promise<RemoteCase | undefined>
  /** What an idempotency key was used for, if it was. */
  idempotency(key: string): Promise<{ requestHash: string; caseId: string } | undefined>
  /** Newest first. */
  listCases(filter: CaseListFilter): Promise<RemoteCase[]>

  readonly outbox: Outbox
  readonly audit: AuditLog
  readonly events: CaseEvents

  /** Reachable and usable (for /readiness). */
  ping(): Promise<boolean>
  close(): Promise<void>
}

export interface CaseListFilter {
  acceptingRegion?: string
  acceptingWindow?: string
  competentRegion?: string
  /**
   * Only cases with a step delivered to this region and not finished there (isOpenStep): the
   * cases whose progress the gateway follows in that city, however old. Indexed, so a
   * polling round costs what is open, not what was ever accepted.
   */
  openIn?: string
  /** Return cases strictly older (by id) than this case id: paging. */
  before?: string
  limit: number
}

/** One atomic change. */
export interface Commit {
  /**
   * Apply only when this key was never used; if it was, report `replay` (same requestHash)
   * or `conflict` (another request) and apply nothing.
   */
  idempotency?: { key: string; requestHash: string; caseId: string }
  /**
   * Case documents to write. `expectedVersion: null` means "must not exist yet". The document's
   * own `version` must be `(expectedVersion ?? 0) + 1` (else `INVALID_COMMIT`), so what the
   * caller holds after an applied commit is exactly what is stored.
   */
  cases: { value: RemoteCase; expectedVersion: number | null }[]
  /** Delivery messages to enqueue for their region, due at once or at `dueAt` (epoch ms). */
  enqueue: { message: OutboxMessage; dueAt?: number }[]
  /** Audit entries; the store assigns seq, prevHash and hash. */
  audit: AuditDraft[]
}

export type CommitResult =
  | { outcome: 'applied'; audit: AuditEntry[] }
  | { outcome: 'replay'; caseId: string }
  | { outcome: 'conflict'; caseId: string }
  | { outcome: 'version-conflict'; caseId: string }

// ---- outbox ----

export interface OutboxMessage {
  caseId: string
  /** 1-based step of the case. */
  step: number
  region: string
  kind: 'deliver' | 'compensate'
  /** Attempts made so far (0 for a new message). */
  attempt: number
}

export interface ClaimedMessage {
  /** Store-specific id (a stream entry id for Redis). */
  id: string
  message: OutboxMessage
}

export interface DeadLetter {
  id: string
  message: OutboxMessage
  reason: string
  /** Epoch ms. */
  at: number
}

export interface Outbox {
  /**
   * Claims up to `count` due messages of `region` for `consumer`: first those another consumer
   * left unacknowledged for longer than `minIdleMs` (a crashed worker), then new ones. Moves
   * delayed messages whose time has come into the queue first.
   */
  claim(region: string, consumer: string, o: { count: number; minIdleMs: number }): Promise<ClaimedMessage[]>
  /**
   * Calls `listener` with a region whenever an applied commit, on this replica or another
   * sharing the store, has put messages due at once in that region's queue (Redis: published by
   * the commit script, like case events), never inside the committing call; returns an
   * unsubscribe function. Delivering replicas wake on it instead of waiting for their next poll.
   * Messages that become due later (retries, requeued dead letters) are not announced: the poll
   * finds them. Pub/sub's delivery: a missed announcement waits for the next poll, no longer.
   */
  onReady(listener: (region: string) => void): () => void
  /**
   * Done with a claimed message. The settling calls (ack, retry, deadLetter) return false and
   * do nothing when the message is no longer pending — already settled by the consumer that
   * reclaimed it — so a slow worker cannot enqueue a second copy.
   */
  ack(region: string, id: string): Promise<boolean>
  /** Acknowledges a claimed message and enqueues `next` to become due at `dueAt`. */
  retry(region: string, id: string, next: OutboxMessage, dueAt: number): Promise<boolean>
  /** Acknowledges a claimed message and parks it as a dead letter. */
  deadLetter(region: string, id: string, message: OutboxMessage, reason: string): Promise<boolean>
  deadLetters(): Promise<DeadLetter[]>
  /** Moves a dead letter back to its region's queue (attempts reset); false if unknown. */
  requeue(deadLetterId: string): Promise<boolean>
  /** ready: claimable now (delayed ones whose time has come included); delayed: due later. */
  depth(region: string): Promise<{ ready: number; delayed: number; unacknowledged: number; dead: number }>
}

// ---- audit ----

export interface AuditDraft {
  /** What happened, e.g. case.received, case.delivered, step.state, delivery.dead. */
  type: string
  caseId: string | null
  /** ISO-8601. */
  at: string
  data: Record<string, unknown>
}

export interface AuditEntry extends AuditDraft {
  seq: number
  /** Hash of the previous entry ('' … '0'×64 for the first). */
  prevHash: string
  /** SHA-256 hex of prevHash and this entry's canonical JSON (see auditHash). */
  hash: string
}

/** A signed statement of the chain head (JWS by the gateway's key). */
export interface AuditCheckpoint {
  seq: number
  hash: string
  at: string
  jws: string
}

export interface AuditLog {
  /** The last entry's seq and hash; `{ seq: 0, hash: GENESIS_HASH }` while empty (the first entry has seq 1). */
  head(): Promise<{ seq: number; hash: string }>
  /** Entries with seq ≥ from, in order. */
  read(from: number, count: number): Promise<AuditEntry[]>
  /** @throws StoreError `INVALID_CHECKPOINT` unless entry `c.seq` exists with hash `c.hash`. */
  addCheckpoint(c: AuditCheckpoint): Promise<void>
  /** Oldest first. */
  checkpoints(): Promise<AuditCheckpoint[]>
}

// ---- notifications ----

/**
 * Which cases changed. Every applied commit announces the ids of the cases it wrote, as part of
 * the commit itself (Redis: published by the commit script, so a commit is never without its
 * announcement, even if the process that made it dies the next moment), to subscribers on
 * every replica. Refused commits announce nothing. Delivery is pub/sub's: a subscriber that was
 * disconnected misses what was announced meanwhile, so subscribers re-read the case.
 */
export interface CaseEvents {
  /**
   * Calls `listener` with each changed case id, never inside the committing call; returns an
   * unsubscribe function. A listener that throws does not keep the others from hearing.
   */
  subscribe(listener: (caseId: string) => void): () => void
}
