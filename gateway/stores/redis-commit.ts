import { randomUUID } from 'node:crypto'
import type { AuditEntry, Commit, CommitResult } from './case-store.js'
import { chainEntries, type ChainHead } from './audit-chain.js'
import { StoreError } from './errors.js'
import { auditArgs, commitArgs, formatHead, parseHead } from './redis-commit-args.js'
import { COMMIT_SCRIPT } from './redis-commit-script.js'
import type { RedisKeys } from './redis-keys.js'
import { toStoreError, type RedisLink } from './redis-link.js'
import type { ScriptRunner } from './redis-scripts.js'

export interface GroupCommitOptions {
  link: RedisLink
  scripts: ScriptRunner
  keys: RedisKeys
  /** Most commits in one script call. */
  maxBatch: number
  /** Batches sent and not yet answered, at most. */
  inFlight: number
  /** Times one commit may be sent again (the chain moved, a neighbour was refused) before it fails with STORE_UNAVAILABLE. */
  maxAttempts: number
}

export interface GroupCommit {
  submit(c: Commit): Promise<CommitResult>
  /** Resolves when every submitted commit has been answered. */
  drain(): Promise<void>
}

interface Job {
  /** Submission order: jobs sent again keep their place in the queue. */
  serial: number
  fixed: (string | Buffer)[]
  drafts: Commit['audit']
  idempotencyKey: string | undefined
  caseIds: string[]
  attempts: number
  /** Sent before and not applied: goes in the next batch, with no newcomer beside it. */
  again: boolean
  resolve(r: CommitResult): void
  reject(err: unknown): void
  /** The entries as chained for the attempt under way. */
  chained: AuditEntry[]
}

/**
 * Group commit. The audit chain needs SHA-256, which Redis Lua lacks, so the process links
 * entries itself from the chain head it believes in and sends one script call per batch that
 * applies the whole batch only if the head is still that one (compare-and-set, in
 * COMMIT_SCRIPT). Commits queue while batches are in flight and go together in the next, so
 * one script call carries many commits.
 *
 * Pipelined: up to `inFlight` batches are sent before the first is answered, each chained on
 * the end of the one before, so the process prepares batch n+1 while Redis runs batch n. One
 * connection answers in order and Redis runs scripts one at a time in that order, so batch n
 * has run when batch n+1 runs: if n applied, n+1 finds the head it assumed.
 *
 * Answers of one script call:
 * - OK: the batch is applied.
 * - HEAD (another replica moved the chain): the head it reports is where to chain from now; the
 *   batch is queued again, re-chained.
 * - REFUSED (replays, conflicts, version conflicts): those commits are answered — the script
 *   checked the head first, so these are facts about the real state — and the rest queued again.
 * Every batch sent after a failed one was chained on a head that never came to be, so it fails
 * too. An epoch counter tells those echoes from news: only a failure of a batch sent since the
 * head was last corrected may correct it again. Only news counts as an attempt against
 * `maxAttempts`: a commit sent again because a neighbour was refused, or as an echo, is not at
 * fault (a burst of replays from a client resending must not fail the new commits beside it).
 * Every call either applies a batch or answers a commit or learns a newer head, so replicas
 * sharing one Redis always make progress.
 *
 * WAIT (another replica lost a race and has the turn, see COMMIT_SCRIPT): nothing was
 * applied and the head is where it was; the batch goes again a moment later, not counted as an
 * attempt, chained as before.
 *
 * Two commits with the same idempotency key or the same case never share a batch: the later
 * goes in a later batch, which Redis runs after, so it sees what the earlier did.
 */
export function createGroupCommit(o: GroupCommitOptions): GroupCommit {
  let queue: Job[] = []
  /** Where the next batch chains from: the chain's end once every batch in flight applies. Undefined: unknown. */
  let head: ChainHead | undefined
  let epoch = 0
  let inFlight = 0
  let readingHead = false
  let serial = 0
  let idle: (() => void)[] = []
  /** This replica, as the commit script's turn names it. */
  const replica = randomUUID()
  /** Another replica has the turn: nothing is sent until this timer fires. */
  let holding: NodeJS.Timeout | undefined

  function take(): Job[] {
    const batch: Job[] = [], rest: Job[] = []
    const keys = new Set<string>(), ids = new Set<string>()
    // Commits sent again go first and among themselves: a newcomer that is refused (a replay)
    // would make the whole batch go again, and a stream of them would hold these back for ever.
    const againOnly = queue.some((j) => j.again)
    for (const j of queue) {
      const clash = batch.length >= o.maxBatch || (againOnly && !j.again)
        || (j.idempotencyKey !== undefined && keys.has(j.idempotencyKey))
        || j.caseIds.some((id) => ids.has(id))
      if (clash) { rest.push(j); continue }
      if (j.idempotencyKey !== undefined) keys.add(j.idempotencyKey)
      for (const id of j.caseIds) ids.add(id)
      batch.push(j)
    }
    queue = rest
    return batch
  }

  function requeue(jobs: Job[], counted = true): void {
    const again = jobs.filter((j) => {
      j.again = true
      if (!counted || ++j.attempts <= o.maxAttempts) return true
      j.reject(new StoreError('STORE_UNAVAILABLE', `commit: sent ${o.maxAttempts} times without applying (the audit chain kept moving)`))
      return false
    })
    queue = [...again, ...queue].sort((a, b) => a.serial - b.serial)
  }

  function fail(jobs: Job[], err: unknown): void {
    const e = toStoreError(err, 'commit')
    for (const j of jobs) j.reject(e)
  }

  /** Sends what can be sent; called after every event. */
  function pump(): void {
    while (holding === undefined && inFlight < o.inFlight && queue.length > 0) {
      if (head === undefined) {
        if (inFlight === 0 && !readingHead) void learnHead()
        break
      }
      void send(take(), head)
    }
    if (inFlight === 0 && !readingHead && queue.length === 0 && holding === undefined) {
      for (const resolve of idle) resolve()
      idle = []
    }
  }

  async function learnHead(): Promise<void> {
    readingHead = true
    try {
      head = parseHead(await o.link.send(['GET', o.keys.auditHead]))
    } catch (err) {
      // Redis is not answering: fail what waits now rather than let it pile up.
      fail(queue, err)
      queue = []
    } finally {
      readingHead = false
    }
    pump()
  }

  async function send(batch: Job[], from: ChainHead): Promise<void> {
    const sentIn = epoch
    let to = from
    const args: (string | Buffer)[] = [o.keys.prefix, formatHead(from), '', String(Date.now()), String(batch.length), replica]
    for (const j of batch) {
      j.chained = chainEntries(to, j.drafts)
      const last = j.chained.at(-1)
      if (last) to = { seq: last.seq, hash: last.hash }
      args.push(...j.fixed, ...auditArgs(j.chained))
    }
    args[2] = formatHead(to)
    head = to
    inFlight++
    try {
      const reply = await o.scripts.run(COMMIT_SCRIPT, [o.keys.auditHead, o.keys.auditLog, o.keys.caseMeta, o.keys.idempotency, o.keys.auditTurn], args)
      answer(batch, reply, from, to, sentIn)
    } catch (err) {
      // Applied or not, nobody can say (a lost connection or a timeout says nothing about it):
      // forget the head, and let the callers retry with their idempotency keys.
      head = undefined
      epoch++
      fail(batch, err)
    } finally {
      inFlight--
    }
    pump()
  }

  function answer(batch: Job[], reply: unknown, from: ChainHead, to: ChainHead, sentIn: number): void {
    const [tag, ...rest] = Array.isArray(reply) ? (reply as unknown[]) : []
    if (tag === 'OK') {
      for (const j of batch) j.resolve({ outcome: 'applied', audit: j.chained })
      return
    }
    if (tag === 'HEAD') {
      // News (the chain moved under this batch) counts an attempt; an echo of this process's
      // own earlier failed batch does not: the jobs in it did nothing wrong.
      const news = sentIn === epoch
      if (news) { head = parseHead(rest[0]); epoch++ }
      requeue(batch, news)
      return
    }
    if (tag === 'WAIT') {
      // Not applied; the chain still ends at `from`, and batches chained on `to` will fail too.
      if (sentIn === epoch) { head = from; epoch++ }
      requeue(batch, false)
      holding ??= setTimeout(() => { holding = undefined; pump() }, 1)
      return
    }
    if (tag === 'CORRUPT') throw new StoreError('STORE_CORRUPT', `commit: ${String(rest[0])}`)
    if (tag !== 'REFUSED') throw new StoreError('STORE_CORRUPT', 'commit: unexpected reply from the commit script')
    const answered = new Set<Job>()
    for (let i = 0; i + 2 < rest.length; i += 3) {
      const j = batch[Number(rest[i]) - 1]
      if (!j) throw new StoreError('STORE_CORRUPT', 'commit: the commit script named no such commit')
      j.resolve({ outcome: rest[i + 1] as 'replay' | 'conflict' | 'version-conflict', caseId: String(rest[i + 2]) })
      answered.add(j)
    }
    // Nothing was written, so the chain still ends at `from`; batches chained on `to` will fail.
    if (sentIn === epoch && to.seq !== from.seq) { head = from; epoch++ }
    // The refusal was about the answered commits; the others go again, not counted.
    requeue(batch.filter((j) => !answered.has(j)), false)
  }

  return {
    submit(c) {
      return new Promise<CommitResult>((resolve, reject) => {
        queue.push({
          serial: ++serial, fixed: commitArgs(c), drafts: c.audit, idempotencyKey: c.idempotency?.key,
          caseIds: c.cases.map((x) => x.value.id), attempts: 0, again: false, resolve, reject, chained: [],
        })
        // On a microtask, so that commits made in the same tick share the first batch.
        if (queue.length === 1) queueMicrotask(pump)
      })
    },
    drain() {
      return new Promise<void>((resolve) => {
        idle.push(resolve)
        pump()
      })
    },
  }
}
