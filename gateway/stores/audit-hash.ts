import { createHash } from 'node:crypto'
import type { AuditDraft } from './case-store.js'

export const GENESIS_HASH = '0'.repeat(64)

/** JSON with keys sorted at every level: one byte sequence per value. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null'
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
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
