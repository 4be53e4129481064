/**
 * Conversions between the cities' time formats and the canonical ones: DateTime is ISO-8601
 * in Beijing time (`2025-03-04T09:30:00+08:00`), Date is `yyyy-MM-dd`. Local wall-clock formats
 * without an offset (`yyyyMMddHHmmss`, `yyyy-MM-dd HH:mm:ss`) are Beijing time, as every city
 * platform in the federation records them.
 *
 * Parsers return undefined for malformed input; the caller turns that into a field error.
 */

const BEIJING_OFFSET_MS = 8 * 3600_000
const pad = (n: number, w = 2) => String(n).padStart(w, '0')

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const

function validParts(y: number, mo: number, d: number, h = 0, mi = 0, s = 0): boolean {
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return false
  const leap = mo === 2 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)
  return d <= DAYS[mo - 1]! + (leap ? 1 : 0)
}

/** Beijing wall-clock parts of an instant. */
function beijingParts(ms: number) {
  const d = new Date(ms + BEIJING_OFFSET_MS)
  return {
    y: d.getUTCFullYear(),
    mo: d.getUTCMonth() + 1,
    d: d.getUTCDate(),
    h: d.getUTCHours(),
    mi: d.getUTCMinutes(),
    s: d.getUTCSeconds(),
    ms: d.getUTCMilliseconds(),
  }
}

function isoFromMs(ms: number): string | undefined {
  if (!Number.isFinite(ms)) return undefined
  const p = beijingParts(ms)
  const frac = p.ms ? `.${pad(p.ms, 3)}` : ''
  return `${pad(p.y, 4)}-${pad(p.mo)}-${pad(p.d)}T${pad(p.h)}:${pad(p.mi)}:${pad(p.s)}${frac}+08:00`
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/

/** Digits at [from, from+len) as a number, or -1 if any is not a digit. */
function digits(s: string, from: number, len: number): number {
  let n = 0
  for (let i = from; i < from + len; i++) {
    const c = s.charCodeAt(i) - 48
    if (c < 0 || c > 9) return -1
    n = n * 10 + c
  }
  return n
}

const DASH = 45
const COLON = 58
const T = 84
const PLUS = 43
const ZERO = 48
const EIGHT = 56

/**
 * A wall-clock time read at fixed offsets (year, month, day, hour, minute, second); the caller
 * checks the separators. Hand-parsed: this runs for every timestamp of every row.
 * The result is built from character codes in one go: a flat one-byte string, where
 * concatenating slices would leave a rope that JSON serialisation has to flatten again.
 */
function wallClock(s: string, at: readonly number[]): string | undefined {
  const yi = at[0]!
  const moi = at[1]!
  const di = at[2]!
  const hi = at[3]!
  const mii = at[4]!
  const si = at[5]!
  const y = digits(s, yi, 4)
  const mo = digits(s, moi, 2)
  const d = digits(s, di, 2)
  const h = digits(s, hi, 2)
  const mi = digits(s, mii, 2)
  const sec = digits(s, si, 2)
  if ((y | mo | d | h | mi | sec) < 0) return undefined
  if (!validParts(y, mo, d, h, mi, sec)) return undefined
  // prettier-ignore
  return String.fromCharCode(
    s.charCodeAt(yi), s.charCodeAt(yi + 1), s.charCodeAt(yi + 2), s.charCodeAt(yi + 3), DASH,
    s.charCodeAt(moi), s.charCodeAt(moi + 1), DASH, s.charCodeAt(di), s.charCodeAt(di + 1), T,
    s.charCodeAt(hi), s.charCodeAt(hi + 1), COLON, s.charCodeAt(mii), s.charCodeAt(mii + 1), COLON,
    s.charCodeAt(si), s.charCodeAt(si + 1), PLUS, ZERO, EIGHT, COLON, ZERO, ZERO,
  )
}

const COMPACT_AT = [0, 4, 6, 8, 10, 12] as const
const SPACED_AT = [0, 5, 8, 11, 14, 17] as const

/** Local value → canonical DateTime, or undefined when malformed. */
export function toCanonicalDateTime(format: string, raw: unknown): string | undefined {
  switch (format) {
    case 'yyyyMMddHHmmss':
      return typeof raw === 'string' && raw.length === 14 ? wallClock(raw, COMPACT_AT) : undefined
    case 'yyyy-MM-dd HH:mm:ss':
      return typeof raw === 'string' && raw.length === 19 && raw[4] === '-' && raw[7] === '-' && raw[10] === ' ' && raw[13] === ':' && raw[16] === ':'
        ? wallClock(raw, SPACED_AT)
        : undefined
    case 'iso8601':
      return typeof raw === 'string' && ISO.test(raw) ? isoFromMs(Date.parse(raw)) : undefined
    case 'epochMillis':
      return typeof raw === 'number' || (typeof raw === 'string' && /^\d+$/.test(raw)) ? isoFromMs(Number(raw)) : undefined
    case 'epochSeconds':
      return typeof raw === 'number' || (typeof raw === 'string' && /^\d+$/.test(raw)) ? isoFromMs(Number(raw) * 1000) : undefined
    default:
      return undefined
  }
}

/** Local value → canonical Date (yyyy-MM-dd), or undefined when malformed. */
export function toCanonicalDate(format: string, raw: unknown): string | undefined {
  if (format === 'yyyy-MM-dd' || format === 'yyyyMMdd') {
    if (typeof raw !== 'string') return undefined
    const m = (format === 'yyyyMMdd' ? /^(\d{4})(\d{2})(\d{2})$/ : /^(\d{4})-(\d{2})-(\d{2})$/).exec(raw)
    if (!m || !validParts(Number(m[1]), Number(m[2]), Number(m[3]))) return undefined
    return `${m[1]}-${m[2]}-${m[3]}`
  }
  const dateTime = toCanonicalDateTime(format, raw)
  return dateTime?.slice(0, 10)
}

/** Canonical DateTime → the local format (for arguments and deliveries). */
export function toLocalDateTime(format: string, iso: string): string | number | undefined {
  const ms = Date.parse(iso)
  if (!ISO.test(iso) || !Number.isFinite(ms)) return undefined
  const p = beijingParts(ms)
  switch (format) {
    case 'yyyyMMddHHmmss':
      return `${pad(p.y, 4)}${pad(p.mo)}${pad(p.d)}${pad(p.h)}${pad(p.mi)}${pad(p.s)}`
    case 'yyyy-MM-dd HH:mm:ss':
      return `${pad(p.y, 4)}-${pad(p.mo)}-${pad(p.d)} ${pad(p.h)}:${pad(p.mi)}:${pad(p.s)}`
    case 'iso8601':
      return isoFromMs(ms)
    case 'epochMillis':
      return ms
    case 'epochSeconds':
      return Math.floor(ms / 1000)
    default:
      return undefined
  }
}
