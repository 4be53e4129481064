/**
 * A small, strict DER (ITU-T X.690 §10) reader and writer. Strict because every signature we
 * check covers DER bytes: we must hash exactly the bytes that were signed, so the reader keeps
 * offsets into the original buffer instead of re-encoding anything.
 */
import { SigningError } from './errors.js'

/** One tag-length-value element, located by offsets in `buf` (nothing is copied). */
export interface Tlv {
  readonly buf: Uint8Array
  /** The identifier octet, e.g. 0x30 for SEQUENCE, 0xa0 for [0] constructed. */
  readonly tag: number
  readonly start: number
  /** Offset of the first content octet. */
  readonly body: number
  readonly end: number
}

export const TAG = {
  BOOLEAN: 0x01, INTEGER: 0x02, BIT_STRING: 0x03, OCTET_STRING: 0x04, NULL: 0x05, OID: 0x06,
  UTF8: 0x0c, PRINTABLE: 0x13, T61: 0x14, IA5: 0x16, UTC_TIME: 0x17, GENERALIZED_TIME: 0x18,
  BMP: 0x1e, SEQUENCE: 0x30, SET: 0x31,
} as const

function fail(msg: string): never {
  throw new SigningError('FORMAT_FAILURE', `DER: ${msg}`)
}

/** Reads the element at `offset`; rejects BER-only forms (indefinite or non-minimal lengths). */
export function readTlv(buf: Uint8Array, offset = 0, limit = buf.length): Tlv {
  if (offset + 2 > limit) fail('truncated header')
  const tag = buf[offset]!
  // High tag numbers (0x1f) never occur in the structures we read.
  if ((tag & 0x1f) === 0x1f) fail('high tag number')
  let len = buf[offset + 1]!
  let body = offset + 2
  if (len & 0x80) {
    const n = len & 0x7f
    if (n === 0) fail('indefinite length')
    if (n > 4 || body + n > limit) fail('bad length')
    len = 0
    for (let i = 0; i < n; i++) len = len * 256 + buf[body + i]!
    if (buf[body] === 0 || len < 0x80) fail('non-minimal length')
    body += n
  }
  const end = body + len
  if (end > limit) fail('truncated content')
  return { buf, tag, start: offset, body, end }
}

/** Parses a whole buffer that must hold exactly one element. */
export function parseDer(buf: Uint8Array): Tlv {
  const t = readTlv(buf, 0)
  if (t.end !== buf.length) fail('trailing bytes')
  return t
}

export const contents = (t: Tlv): Uint8Array => t.buf.subarray(t.body, t.end)
export const rawBytes = (t: Tlv): Uint8Array => t.buf.subarray(t.start, t.end)

export function children(t: Tlv): Tlv[] {
  if (!(t.tag & 0x20)) fail(`tag 0x${t.tag.toString(16)} is not constructed`)
  const out: Tlv[] = []
  for (let o = t.body; o < t.end; ) {
    const c = readTlv(t.buf, o, t.end)
    out.push(c)
    o = c.end
  }
  return out
}

export function expectTag(t: Tlv | undefined, tag: number, what: string): Tlv {
  if (!t) fail(`missing ${what}`)
  if (t.tag !== tag) fail(`${what}: expected tag 0x${tag.toString(16)}, got 0x${t.tag.toString(16)}`)
  return t
}

/** Walks the fields of a SEQUENCE in order, with optional and tagged fields. */
export class Fields {
  private readonly items: Tlv[]
  private i = 0
  constructor(t: Tlv, what: string) {
    expectTag(t, TAG.SEQUENCE, what)
    this.items = children(t)
  }
  peek(): Tlv | undefined { return this.items[this.i] }
  next(tag: number, what: string): Tlv { return expectTag(this.items[this.i++], tag, what) }
  any(what: string): Tlv {
    const t = this.items[this.i++]
    if (!t) fail(`missing ${what}`)
    return t
  }
  optional(tag: number): Tlv | undefined {
    const t = this.items[this.i]
    if (t?.tag !== tag) return undefined
    this.i++
    return t
  }
  get remaining(): number { return this.items.length - this.i }
  done(what: string): void { if (this.i < this.items.length) fail(`unexpected field in ${what}`) }
}

/**
 * Decoded OIDs by their content octets. A handful of OIDs make up nearly every structure we
 * read, so each is decoded once; an entry is found by a hash of the octets and used only if
 * its octets are equal, so the memo cannot change a result.
 */
const oidMemo = new Map<number, { octets: Uint8Array; dotted: string }>()

function sameOctets(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

export function readOid(t: Tlv): string {
  expectTag(t, TAG.OID, 'OBJECT IDENTIFIER')
  const b = contents(t)
  let h = b.length
  for (let i = 0; i < b.length; i++) h = Math.imul(h, 31) + b[i]! | 0
  const hit = oidMemo.get(h)
  if (hit && sameOctets(hit.octets, b)) return hit.dotted
  const dotted = decodeOid(b)
  if (b.length <= 32) {
    if (oidMemo.size >= 1024) oidMemo.clear()
    oidMemo.set(h, { octets: b.slice(), dotted })
  }
  return dotted
}

function decodeOid(b: Uint8Array): string {
  if (b.length === 0 || (b[b.length - 1]! & 0x80)) fail('bad OID')
  const parts: number[] = []
  let v = 0
  for (let i = 0; i < b.length; i++) {
    if (v === 0 && b[i] === 0x80) fail('non-minimal OID arc')
    v = v * 128 + (b[i]! & 0x7f)
    if (!(b[i]! & 0x80)) {
      if (parts.length === 0) parts.push(v < 80 ? Math.floor(v / 40) : 2, v < 80 ? v % 40 : v - 80)
      else parts.push(v)
      v = 0
    }
  }
  return parts.join('.')
}

/** INTEGER as an unsigned big-endian magnitude (leading zero octet removed). */
export function readUnsigned(t: Tlv): Uint8Array {
  expectTag(t, TAG.INTEGER, 'INTEGER')
  let b = contents(t)
  if (b.length === 0) fail('empty INTEGER')
  if (b[0]! & 0x80) fail('negative INTEGER')
  while (b.length > 1 && b[0] === 0) b = b.subarray(1)
  return b
}

export function readSmallInt(t: Tlv): number {
  const b = readUnsigned(t)
  if (b.length > 6) fail('INTEGER too large')
  let v = 0
  for (const x of b) v = v * 256 + x
  return v
}

export function readBitString(t: Tlv): { bytes: Uint8Array; unused: number } {
  expectTag(t, TAG.BIT_STRING, 'BIT STRING')
  const b = contents(t)
  if (b.length === 0 || b[0]! > 7 || (b.length === 1 && b[0] !== 0)) fail('bad BIT STRING')
  return { bytes: b.subarray(1), unused: b[0]! }
}

/** A BIT STRING that carries whole octets (signatures, hashes, keys). */
export function readOctetBits(t: Tlv): Uint8Array {
  const { bytes, unused } = readBitString(t)
  if (unused !== 0) fail('BIT STRING with unused bits where octets were expected')
  return bytes
}

const decoder = new TextDecoder('utf-8', { fatal: true })
const latin1 = new TextDecoder('latin1')

export function readString(t: Tlv): string {
  const b = contents(t)
  switch (t.tag) {
    case TAG.UTF8: return decoder.decode(b)
    case TAG.PRINTABLE: case TAG.IA5: case TAG.T61: return latin1.decode(b)
    case TAG.BMP: {
      let s = ''
      for (let i = 0; i + 1 < b.length; i += 2) s += String.fromCharCode((b[i]! << 8) | b[i + 1]!)
      return s
    }
    default: return fail(`tag 0x${t.tag.toString(16)} is not a string`)
  }
}

/** UTCTime (RFC 5280 §4.1.2.5.1: YY < 50 → 20YY) or GeneralizedTime, Zulu, seconds optional. */
export function parseTimeString(s: string, generalized: boolean): Date {
  const m = (generalized
    ? /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(?:\.\d+)?(Z|[+-]\d{4})?$/
    : /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(Z|[+-]\d{4})?$/).exec(s)
  if (!m) fail(`bad time "${s}"`)
  let year = Number(m[1])
  if (!generalized) year += year < 50 ? 2000 : 1900
  let ms = Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0))
  const zone = m[7]
  // GM/T 0031 producers sometimes omit the zone; treat such local times as Beijing time (UTC+8).
  if (!zone) ms -= 8 * 3600_000
  else if (zone !== 'Z') ms -= (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3))) * 60_000
  if (Number.isNaN(ms)) fail(`bad time "${s}"`)
  return new Date(ms)
}

/** Two ASCII digits at `i`, or -1. */
function digits2(b: Uint8Array, i: number): number {
  const x = b[i]! - 48, y = b[i + 1]! - 48
  return x >= 0 && x <= 9 && y >= 0 && y <= 9 ? x * 10 + y : -1
}

/**
 * The forms RFC 5280 §4.1.2.5 requires (YYMMDDHHMMSSZ, YYYYMMDDHHMMSSZ), read digit by digit;
 * undefined for any other form, which parseTimeString then handles. Same arithmetic as there.
 */
function fastTime(b: Uint8Array, generalized: boolean): Date | undefined {
  const n = generalized ? 15 : 13
  if (b.length !== n || b[n - 1] !== 0x5a) return undefined
  const o = generalized ? 1 : 0
  const f: number[] = []
  for (let i = 0; i < n - 1; i += 2) {
    const d = digits2(b, i)
    if (d < 0) return undefined
    f.push(d)
  }
  const year = generalized ? f[0]! * 100 + f[1]! : f[0]! + (f[0]! < 50 ? 2000 : 1900)
  const ms = Date.UTC(year, f[o + 1]! - 1, f[o + 2]!, f[o + 3]!, f[o + 4]!, f[o + 5]!)
  return Number.isNaN(ms) ? undefined : new Date(ms)
}

export function readTime(t: Tlv): Date {
  if (t.tag !== TAG.UTC_TIME && t.tag !== TAG.GENERALIZED_TIME) fail('expected a time')
  const b = contents(t), generalized = t.tag === TAG.GENERALIZED_TIME
  return fastTime(b, generalized) ?? parseTimeString(latin1.decode(b), generalized)
}

// ---- writer ------------------------------------------------------------------------------

function lengthBytes(n: number): number[] {
  if (n < 0x80) return [n]
  const out: number[] = []
  for (let v = n; v > 0; v = Math.floor(v / 256)) out.unshift(v & 0xff)
  return [0x80 | out.length, ...out]
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let n = 0
  for (const p of parts) n += p.length
  const out = new Uint8Array(n)
  let o = 0
  for (const p of parts) { out.set(p, o); o += p.length }
  return out
}

export function tlv(tag: number, ...content: Uint8Array[]): Uint8Array {
  const body = concatBytes(content)
  return concatBytes([Uint8Array.from([tag, ...lengthBytes(body.length)]), body])
}

export const seq = (...c: Uint8Array[]): Uint8Array => tlv(TAG.SEQUENCE, ...c)

/** SET OF: DER requires the elements sorted by their encodings (X.690 §11.6). */
export function setOf(...c: Uint8Array[]): Uint8Array {
  const sorted = [...c].sort((a, b) => {
    for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!
    return a.length - b.length
  })
  return tlv(TAG.SET, ...sorted)
}

export function int(v: bigint | number | Uint8Array): Uint8Array {
  let b: Uint8Array
  if (v instanceof Uint8Array) b = v
  else {
    let hex = BigInt(v).toString(16)
    if (hex.length % 2) hex = '0' + hex
    b = Uint8Array.from(Buffer.from(hex, 'hex'))
  }
  let i = 0
  while (i < b.length - 1 && b[i] === 0 && !(b[i + 1]! & 0x80)) i++
  b = b.subarray(i)
  if (b.length === 0) b = Uint8Array.of(0)
  if (b[0]! & 0x80) b = concatBytes([Uint8Array.of(0), b])
  return tlv(TAG.INTEGER, b)
}

export function oid(dotted: string): Uint8Array {
  const arcs = dotted.split('.').map(Number)
  const out: number[] = []
  const first = arcs[0]! * 40 + arcs[1]!
  for (const a of [first, ...arcs.slice(2)]) {
    const enc = [a & 0x7f]
    for (let v = Math.floor(a / 128); v > 0; v = Math.floor(v / 128)) enc.unshift((v & 0x7f) | 0x80)
    out.push(...enc)
  }
  return tlv(TAG.OID, Uint8Array.from(out))
}

const utf8 = new TextEncoder()
export const octets = (b: Uint8Array): Uint8Array => tlv(TAG.OCTET_STRING, b)
export const bitString = (b: Uint8Array, unused = 0): Uint8Array => tlv(TAG.BIT_STRING, Uint8Array.of(unused), b)
export const utf8String = (s: string): Uint8Array => tlv(TAG.UTF8, utf8.encode(s))
export const ia5String = (s: string): Uint8Array => tlv(TAG.IA5, utf8.encode(s))
export const printableString = (s: string): Uint8Array => tlv(TAG.PRINTABLE, utf8.encode(s))
export const bool = (v: boolean): Uint8Array => tlv(TAG.BOOLEAN, Uint8Array.of(v ? 0xff : 0))
export const nul = (): Uint8Array => Uint8Array.of(TAG.NULL, 0)
/** [n] EXPLICIT: wraps a complete encoding. */
export const explicit = (n: number, inner: Uint8Array): Uint8Array => tlv(0xa0 | n, inner)
/** [n] IMPLICIT: keeps the content of `inner` and replaces its tag. */
export function implicit(n: number, inner: Uint8Array, constructed: boolean): Uint8Array {
  const out = Uint8Array.from(inner)
  out[0] = (constructed ? 0xa0 : 0x80) | n
  return out
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0')
export function generalizedTime(d: Date): Uint8Array {
  const s = `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}Z`
  return tlv(TAG.GENERALIZED_TIME, utf8.encode(s))
}
/** RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050. */
export function x509Time(d: Date): Uint8Array {
  const y = d.getUTCFullYear()
  if (y < 1950 || y >= 2050) return generalizedTime(d)
  const s = `${pad(y % 100)}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}Z`
  return tlv(TAG.UTC_TIME, utf8.encode(s))
}
