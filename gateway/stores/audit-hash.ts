import { createHash } from 'node:crypto'
import type { AuditDraft } from './case-store.js'

export const GENESIS_HASH = '0'.repeat(64)

/**
 * JSON with keys sorted at every level: one byte sequence per value. Keys compare by UTF-16
 * code units (the default sort); `undefined` members are left out, as JSON.stringify does.
 * Written as loops: it runs for every audit entry, on the hot path of every submission.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null'
  if (Array.isArray(value)) {
    let out = '['
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + canonicalJson(value[i])
    return out + ']'
  }
  const record = value as Record<string, unknown>
  let out = '{'
  for (const k of Object.keys(record).sort()) {
    const v = record[k]
    if (v === undefined) continue
    out += (out.length === 1 ? '' : ',') + JSON.stringify(k) + ':' + canonicalJson(v)
  }
  return out + '}'
}

/**
 * The chain link: SHA-256 over the previous hash and the entry (seq included), so deleting,
 * reordering or altering any entry breaks every hash after it.
 */
export function auditHash(prevHash: string, seq: number, entry: AuditDraft): string {
  return createHash('sha256')
    .update(prevHash)
    .update('\n')
    .update(canonicalJson({ seq, type: entry.type, caseId: entry.caseId, at: entry.at, data: entry.data }))
    .digest('hex')
}
