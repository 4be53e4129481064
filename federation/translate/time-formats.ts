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

function validParts(y: number, mo: number, d: number, h = 0, mi = 0, s = 0): boolean {
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return false
  const days = new Date(Date.UTC(y, mo, 0)).getUTCDate()
  return d <= days
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

const COMPACT = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/
const SPACED = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/

function wallClock(m: RegExpExecArray | null): string | undefined {
  if (!m) return undefined
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number]
  if (!validParts(y, mo, d, h, mi, s)) return undefined
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}+08:00`
}

/** Local value → canonical DateTime, or undefined when malformed. */
export function toCanonicalDateTime(format: string, raw: unknown): string | undefined {
  switch (format) {
    case 'yyyyMMddHHmmss':
      return typeof raw === 'string' ? wallClock(COMPACT.exec(raw)) : undefined
    case 'yyyy-MM-dd HH:mm:ss':
      return typeof raw === 'string' ? wallClock(SPACED.exec(raw)) : undefined
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
