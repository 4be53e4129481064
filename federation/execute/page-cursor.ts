import { FederationError } from '../errors.js'
import type { RegionPosition } from '../translate/compile-list.js'

/**
 * A cursor over a merged, multi-region list: where each region's next page starts. Opaque to
 * clients (base64url JSON), checked strictly when it comes back.
 */
export type PagePositions = Record<string, RegionPosition>

export function encodeCursor(positions: PagePositions): string {
  const p: Record<string, { c: string } | { o: number }> = {}
  for (const [code, pos] of Object.entries(positions)) {
    if (pos && 'cursor' in pos) p[code] = { c: pos.cursor }
    else if (pos) p[code] = { o: pos.offset }
  }
  return Buffer.from(JSON.stringify({ v: 1, p })).toString('base64url')
}

/** @throws FederationError INVALID_CURSOR */
export function decodeCursor(cursor: string): PagePositions {
  const bad = () => new FederationError('INVALID_CURSOR', 'after is not a cursor this gateway issued', { details: { argument: 'after' } })
  if (cursor.length > 4096 || !/^[A-Za-z0-9_-]*$/.test(cursor)) throw bad()
  let parsed: unknown
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch {
    throw bad()
  }
  const p = (parsed as { v?: unknown; p?: unknown })?.p
  if ((parsed as { v?: unknown })?.v !== 1 || typeof p !== 'object' || p === null) throw bad()
  const out: PagePositions = {}
  for (const [code, pos] of Object.entries(p)) {
    if (!/^\d{6}$/.test(code) || typeof pos !== 'object' || pos === null) throw bad()
    const { c, o } = pos as { c?: unknown; o?: unknown }
    if (typeof c === 'string' && c.length <= 512) out[code] = { cursor: c }
    else if (typeof o === 'number' && Number.isSafeInteger(o) && o >= 0) out[code] = { offset: o }
    else throw bad()
  }
  return out
}
