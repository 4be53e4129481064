/**
 * ISO 8601 text of a time, remembered for recently formatted instants: reports name the same
 * signing times, certificate dates and CRL dates over and over, and `toISOString` costs about
 * a microsecond, a visible share of a warm verification.
 */
const memo = new Map<number, string>()
const MAX = 512

export function isoTime(d: Date): string {
  const ms = d.getTime()
  let s = memo.get(ms)
  if (s === undefined) {
    s = d.toISOString()
    if (memo.size >= MAX) memo.clear()
    memo.set(ms, s)
  }
  return s
}
