import type { AuditDraft, AuditEntry } from './case-store.js'
import { auditHash } from './audit-hash.js'

export interface ChainHead {
  seq: number
  hash: string
}

/** Links drafts onto `head`: consecutive seqs, each entry hashing the one before it. */
export function chainEntries(head: ChainHead, drafts: readonly AuditDraft[]): AuditEntry[] {
  let { seq, hash } = head
  return drafts.map((d) => {
    const prevHash = hash
    seq += 1
    hash = auditHash(prevHash, seq, d)
    return { type: d.type, caseId: d.caseId, at: d.at, data: d.data, seq, prevHash, hash }
  })
}
