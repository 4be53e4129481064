import { createPublicKey, KeyObject } from 'node:crypto'
import { compactVerify, type CryptoKey } from 'jose'
import { auditHash, GENESIS_HASH } from '../stores/audit-hash.js'
import type { AuditCheckpoint, AuditEntry } from '../stores/case-store.js'

export type AuditProblemKind = 'DELETED' | 'REORDERED' | 'ALTERED' | 'CHAIN_BROKEN' | 'CHECKPOINT_MISMATCH' | 'CHECKPOINT_FORGED'

export interface AuditProblem {
  kind: AuditProblemKind
  seq: number
  message: string
}

export interface AuditVerdict {
  ok: boolean
  entries: number
  checkpointsVerified: number
  problems: AuditProblem[]
}

/**
 * Checks an audit log as stored (in storage order): sequence numbers contiguous and
 * increasing (a gap is a deleted entry, a step back a reordering), each entry's hash
 * recomputed from its content (a mismatch is an alteration), each prevHash equal to the hash
 * before it, and every signed checkpoint both genuine and equal to the recomputed chain at
 * its seq — which also catches a rewrite that recomputed every hash after the change.
 */
export async function verifyAudit(entries: readonly AuditEntry[], checkpoints: readonly AuditCheckpoint[], key: KeyObject | CryptoKey | Uint8Array | undefined): Promise<AuditVerdict> {
  const problems: AuditProblem[] = []
  const recomputed = new Map<number, string>()
  let expected = 1
  let prevHash = GENESIS_HASH
  let maxSeen = 0
  // A gap is a deletion only if the entry is nowhere in the log; otherwise it comes later (reordered).
  const present = new Set(entries.map((e) => e.seq))
  for (const e of entries) {
    if (e.seq < expected) {
      problems.push({ kind: 'REORDERED', seq: e.seq, message: `entry ${e.seq} appears after entry ${maxSeen}: entries are out of order` })
    } else if (e.seq > expected) {
      const missing = Array.from({ length: e.seq - expected }, (_, i) => expected + i).filter((seq) => !present.has(seq))
      if (missing.length) {
        const [first, last] = [missing[0]!, missing[missing.length - 1]!]
        problems.push({ kind: 'DELETED', seq: first, message: first === last ? `entry ${first} is missing (deleted)` : `entries ${first}–${last} are missing (deleted)` })
      }
    }
    const hash = auditHash(e.prevHash, e.seq, e)
    if (hash !== e.hash) problems.push({ kind: 'ALTERED', seq: e.seq, message: `entry ${e.seq} was altered: its content no longer matches its hash` })
    else if (e.prevHash !== prevHash && e.seq === expected && present.has(e.seq - 1)) {
      problems.push({ kind: 'CHAIN_BROKEN', seq: e.seq, message: `entry ${e.seq} does not follow entry ${e.seq - 1}: its previous-hash differs` })
    }
    recomputed.set(e.seq, hash)
    prevHash = e.hash
    maxSeen = Math.max(maxSeen, e.seq)
    expected = Math.max(expected, e.seq + 1)
  }
  let checkpointsVerified = 0
  // A private key stands for its public half (an operator may hold only the key file).
  const verifyKey = key instanceof KeyObject && key.type === 'private' ? createPublicKey(key) : key
  for (const c of checkpoints) {
    if (verifyKey) {
      try {
        const { payload } = await compactVerify(c.jws, verifyKey!)
        const signed = JSON.parse(new TextDecoder().decode(payload)) as { seq: number; hash: string }
        if (signed.seq !== c.seq || signed.hash !== c.hash) throw new Error('checkpoint fields differ from what was signed')
      } catch {
        problems.push({ kind: 'CHECKPOINT_FORGED', seq: c.seq, message: `the checkpoint at entry ${c.seq} is not signed by the gateway's key` })
        continue
      }
    }
    const at = recomputed.get(c.seq)
    if (at === undefined) continue
    if (at !== c.hash) problems.push({ kind: 'CHECKPOINT_MISMATCH', seq: c.seq, message: `entries up to ${c.seq} differ from what the signed checkpoint recorded: rewritten or deleted before it` })
    else checkpointsVerified++
  }
  problems.sort((a, b) => a.seq - b.seq)
  return { ok: problems.length === 0, entries: entries.length, checkpointsVerified, problems }
}
