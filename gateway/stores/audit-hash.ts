import { createHash } from 'node:crypto'
import type { AuditDraft } from './case-store.js'

export const GENESIS_HASH = '0'.repeat(64)

/** Keys as JSON strings, by key: the same few field names are quoted on every submission. */
const quotedKeys = new Map<string, string>()
const quote = (k: string): string => {
  let q = quotedKeys.get(k)
  if (q === undefined) {
    q = JSON.stringify(k)
    if (quotedKeys.size < 4096) quotedKeys.set(k, q)
  }
  return q
}

/**
 * JSON with keys sorted at every level: one byte sequence per value. Keys compare by UTF-16
 * code units (the default sort); `undefined` members are left out, as JSON.stringify does.
 * Written as loops, with small key lists sorted in place by insertion (Array.prototype.sort
 * allocates a work copy per call): it runs for every request hash and audit entry, on the hot
 * path of every submission.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null'
  if (Array.isArray(value)) {
    let out = '['
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + canonicalJson(value[i])
    return out + ']'
  }
  const record = value as Record<string, unknown>
  const keys = Object.keys(record)
  if (keys.length > 16) keys.sort()
  else {
    for (let i = 1; i < keys.length; i++) {
      const k = keys[i]!
      let j = i - 1
      for (; j >= 0 && keys[j]! > k; j--) keys[j + 1] = keys[j]!
      keys[j + 1] = k
    }
  }
  let out = '{'
  for (const k of keys) {
    const v = record[k]
    if (v === undefined) continue
    out += (out.length === 1 ? '' : ',') + quote(k) + ':' + canonicalJson(v)
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
