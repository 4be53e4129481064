// Every sandbox platform keeps Beijing wall-clock time (UTC+8, no daylight saving since 1991), so
// formatting is a fixed shift rather than a time-zone lookup.
const OFFSET_MS = 8 * 3600_000

const pad = (n: number, width = 2): string => String(n).padStart(width, '0')

interface Parts {
  y: string
  mo: string
  d: string
  h: string
  mi: string
  s: string
}

function parts(ms: number): Parts {
  const t = new Date(ms + OFFSET_MS)
  return {
    y: pad(t.getUTCFullYear(), 4),
    mo: pad(t.getUTCMonth() + 1),
    d: pad(t.getUTCDate()),
    h: pad(t.getUTCHours()),
    mi: pad(t.getUTCMinutes()),
    s: pad(t.getUTCSeconds()),
  }
}

/** Epoch milliseconds of a Beijing wall-clock time. */
export function beijingMs(y: number, month: number, day: number, h = 0, mi = 0, s = 0): number {
  return Date.UTC(y, month - 1, day, h, mi, s) - OFFSET_MS
}

/** Epoch milliseconds of Beijing midnight on an ISO date (`2024-03-15`). */
export function beijingDateMs(isoDate: string): number {
  const [y, m, d] = isoDate.split('-').map(Number)
  return beijingMs(y!, m!, d!)
}

/** `2024-03-15T09:30:00+08:00` */
export function isoBeijing(ms: number): string {
  const p = parts(ms)
  return `${p.y}-${p.mo}-${p.d}T${p.h}:${p.mi}:${p.s}+08:00`
}

/** `2024-03-15T09:30:00.250+08:00`: isoBeijing with milliseconds, for events less than a second apart. */
export function isoBeijingMillis(ms: number): string {
  return isoBeijing(ms).replace('+08:00', `.${pad(((ms % 1000) + 1000) % 1000, 3)}+08:00`)
}

/** `20240315093000` */
export function compactDateTime(ms: number): string {
  const p = parts(ms)
  return `${p.y}${p.mo}${p.d}${p.h}${p.mi}${p.s}`
}

/** `2024-03-15 09:30:00` */
export function spacedDateTime(ms: number): string {
  const p = parts(ms)
  return `${p.y}-${p.mo}-${p.d} ${p.h}:${p.mi}:${p.s}`
}

/** `2024-03-15` (the Beijing calendar date of the instant). */
export function isoDate(ms: number): string {
  const p = parts(ms)
  return `${p.y}-${p.mo}-${p.d}`
}

/** Adds whole years to an ISO date, clamping 29 February to 28 February. */
export function addYears(date: string, years: number): string {
  const y = Number(date.slice(0, 4)) + years
  const md = date.slice(5) === '02-29' ? '02-28' : date.slice(5)
  return `${pad(y, 4)}-${md}`
}

/** A uniformly random Beijing calendar date in [from, to] (ISO dates). */
export function randomDate(rng: { int(min: number, max: number): number }, from: string, to: string): string {
  const days = Math.round((beijingDateMs(to) - beijingDateMs(from)) / 86_400_000)
  return isoDate(beijingDateMs(from) + rng.int(0, days) * 86_400_000)
}

const WALL_CLOCK = {
  compact: { pattern: /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/, format: compactDateTime },
  spaced: { pattern: /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/, format: spacedDateTime },
} as const

/**
 * Epoch ms of a Beijing wall-clock time written as compactDateTime (`20240315093000`) or
 * spacedDateTime (`2024-03-15 09:30:00`) writes it; undefined for any other text, including
 * dates that do not exist (Date.UTC would roll 2024-02-30 over into March, so the result is
 * formatted back and compared).
 */
export function parseBeijing(text: string, style: keyof typeof WALL_CLOCK): number | undefined {
  const { pattern, format } = WALL_CLOCK[style]
  const m = pattern.exec(text)
  if (!m) return undefined
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number]
  const ms = beijingMs(y, mo, d, h, mi, s)
  return format(ms) === text ? ms : undefined
}

/** Epoch ms of an ISO-8601 date-time that states its offset (`Z` or `±hh:mm`); undefined otherwise. */
export function parseIsoInstant(text: string): number | undefined {
  // Date.parse alone would take a date-only or offset-less string as UTC or local time.
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/.test(text)) return undefined
  const ms = Date.parse(text)
  return Number.isNaN(ms) ? undefined : ms
}
