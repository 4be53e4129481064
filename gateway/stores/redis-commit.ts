import { randomBytes } from 'node:crypto'
import type { AuditEntry, Commit, CommitResult } from './case-store.js'
import { chainEntries, type ChainHead } from './audit-chain.js'
import { caseListKeys } from './case-filter.js'
import { StoreError } from './errors.js'
import { COMMIT_SCRIPT, GENESIS_HEAD } from './redis-commit-script.js'
import type { RedisKeys } from './redis-keys.js'
import { toStoreError, type RedisLink } from './redis-link.js'
import type { ScriptRunner } from './redis-scripts.js'

export interface GroupCommitOptions {
  link: RedisLink
  scripts: ScriptRunner
  keys: RedisKeys
  /** Most commits in one script call. */
  maxBatch: number
  /** Chain-moved retries of one batch before its commits fail with STORE_UNAVAILABLE. */
  maxAttempts: number
}

export interface GroupCommit {
  submit(c: Commit): Promise<CommitResult>
  /** Resolves when every submitted commit has been answered. */
  drain(): Promise<void>
}

interface Job {
  /** Everything but the audit part of the commit's script arguments (see COMMIT_SCRIPT). */
  fixed: (string | Buffer)[]
  drafts: Commit['audit']
  idempotencyKey: string | undefined
  caseIds: string[]
  resolve(r: CommitResult): void
  reject(err: unknown): void
  /** The entries as chained for the attempt under way. */
  chained: AuditEntry[]
}

const formatHead = (h: ChainHead): string => `${h.seq}:${h.hash}`

export function parseHead(raw: unknown): ChainHead {
  const s = raw === null ? GENESIS_HEAD : String(raw)
  const m = /^(\d+):([0-9a-f]{64})$/.exec(s)
  if (!m) throw new StoreError('STORE_CORRUPT', 'audit chain head is malformed')
  return { seq: Number(m[1]), hash: m[2]! }
}

/** Nonces for delayed-set members: unique per process by the counter, across processes by the random part. */
const NONCE_BASE = randomBytes(6).toString('hex')
let nonces = 0

/**
 * Case documents go as Buffers: node-redis writes a Buffer argument as it is, while string
 * arguments are concatenated into one string and UTF-8 encoded on write — for a batch of
 * Chinese-text documents the single largest cost of a commit in the process.
 */
function fixedArgs(c: Commit): (string | Buffer)[] {
  const a: (string | Buffer)[] = [c.idempotency?.key ?? '', c.idempotency?.requestHash ?? '', c.idempotency?.caseId ?? '', String(c.cases.length)]
  for (const { value, expectedVersion } of c.cases) {
    const k = caseListKeys(value)
    a.push(value.id, expectedVersion === null ? '' : String(expectedVersion), String(value.version),
      k.acceptingRegion, k.acceptingWindow, k.competentRegion, Buffer.from(JSON.stringify(value)))
  }
  a.push(String(c.enqueue.length))
  for (const { message, dueAt } of c.enqueue) {
    a.push(message.region, dueAt === undefined ? '' : String(dueAt), `${NONCE_BASE}${(++nonces).toString(36)}`, JSON.stringify(message))
  }
  return a
}

/**
 * Group commit. The audit chain needs SHA-256, which Redis Lua lacks, so the process links
 * entries itself from the chain head it believes in and sends one script call per batch that
 * applies the whole batch only if the head is still that one (compare-and-set). Commits queue
 * while a batch is in flight and go together in the next, so one script call carries many
 * commits and the chain is linked once per batch, not per commit.
 *
 * Outcomes of one script call: applied (the believed head moves to the batch's end); the head
 * moved (another replica committed: re-chain on the head it reports, send again); or some
 * commits refused (replay, conflict, version conflict: answer them, re-chain the rest on the
 * same head, send again). Every call either applies a batch or answers a commit, so replicas
 * sharing one Redis always make progress.
 *
 * Two commits with the same idempotency key or the same case never share a batch: the later
 * waits for the next one and so sees what the earlier did.
 */
export function createGroupCommit(o: GroupCommitOptions): GroupCommit {
  let queue: Job[] = []
  let head: ChainHead | undefined
  let running: Promise<void> | undefined

  function take(): Job[] {
    const batch: Job[] = [], rest: Job[] = []
    const keys = new Set<string>(), ids = new Set<string>()
    for (const j of queue) {
      const clash = batch.length >= o.maxBatch
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

  function chain(batch: Job[], from: ChainHead): { args: (string | Buffer)[]; to: ChainHead } {
    let h = from
    const args: (string | Buffer)[] = [o.keys.prefix, formatHead(from), '', String(Date.now()), String(batch.length)]
    for (const j of batch) {
      j.chained = chainEntries(h, j.drafts)
      const last = j.chained.at(-1)
      if (last) h = { seq: last.seq, hash: last.hash }
      args.push(...j.fixed, String(j.chained.length))
      for (const e of j.chained) args.push(JSON.stringify(e))
    }
    args[2] = formatHead(h)
    return { args, to: h }
  }

  async function settle(batch: Job[]): Promise<void> {
    for (let attempt = 1; batch.length > 0; attempt++) {
      if (attempt > o.maxAttempts) {
        throw new StoreError('STORE_UNAVAILABLE', `commit: the audit chain moved on ${o.maxAttempts} times in a row`)
      }
      head ??= parseHead(await o.link.send(['GET', o.keys.auditHead]))
      const { args, to } = chain(batch, head)
      const reply = await o.scripts.run(COMMIT_SCRIPT, [o.keys.auditHead, o.keys.auditLog, o.keys.caseMeta, o.keys.idempotency], args)
      const [tag, ...rest] = Array.isArray(reply) ? (reply as unknown[]) : []
      if (tag === 'OK') {
        head = to
        for (const j of batch) j.resolve({ outcome: 'applied', audit: j.chained })
        return
      }
      if (tag === 'HEAD') {
        head = parseHead(rest[0])
        continue
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
      batch = batch.filter((j) => !answered.has(j))
    }
  }

  async function run(): Promise<void> {
    while (queue.length > 0) {
      const batch = take()
      try {
        await settle(batch)
      } catch (err) {
        // The batch may or may not have been applied (a lost connection says nothing about it):
        // forget the head, and let callers retry with their idempotency keys.
        head = undefined
        const e = toStoreError(err, 'commit')
        for (const j of batch) j.reject(e)
      }
    }
    running = undefined
  }

  return {
    submit(c) {
      return new Promise<CommitResult>((resolve, reject) => {
        queue.push({
          fixed: fixedArgs(c), drafts: c.audit, idempotencyKey: c.idempotency?.key,
          caseIds: c.cases.map((x) => x.value.id), resolve, reject, chained: [],
        })
        // Started on a microtask so that commits made in the same tick share the first batch.
        running ??= Promise.resolve().then(run)
      })
    },
    async drain() { while (running) await running },
  }
}
