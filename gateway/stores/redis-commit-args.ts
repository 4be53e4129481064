import { randomBytes } from 'node:crypto'
import type { AuditEntry, Commit } from './case-store.js'
import type { ChainHead } from './audit-chain.js'
import { caseListKeys } from './case-filter.js'
import { StoreError } from './errors.js'
import { GENESIS_HEAD } from './redis-commit-script.js'

export const formatHead = (h: ChainHead): string => `${h.seq}:${h.hash}`

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
 * A commit's script arguments but for its audit entries, which depend on where the batch is
 * chained (see COMMIT_SCRIPT for the layout). Case documents go as Buffers: node-redis writes a
 * Buffer argument as it is, while string arguments are concatenated into one string and UTF-8
 * encoded on write — for a batch of Chinese-text documents the largest cost of a commit in the
 * process.
 */
export function commitArgs(c: Commit): (string | Buffer)[] {
  const a: (string | Buffer)[] = [c.idempotency?.key ?? '', c.idempotency?.requestHash ?? '', c.idempotency?.caseId ?? '', String(c.cases.length)]
  for (const { value, expectedVersion } of c.cases) {
    const k = caseListKeys(value)
    a.push(value.id, expectedVersion === null ? '' : String(expectedVersion), String(value.version),
      k.acceptingRegion, k.acceptingWindow, k.competentRegion, k.openIn.join(','), Buffer.from(JSON.stringify(value)))
  }
  a.push(String(c.enqueue.length))
  for (const { message, dueAt } of c.enqueue) {
    a.push(message.region, dueAt === undefined ? '' : String(dueAt), `${NONCE_BASE}${(++nonces).toString(36)}`, JSON.stringify(message))
  }
  return a
}

/** The audit part of a commit's script arguments. */
export function auditArgs(entries: readonly AuditEntry[]): string[] {
  return [String(entries.length), ...entries.map((e) => JSON.stringify(e))]
}
