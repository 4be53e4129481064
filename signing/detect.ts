/**
 * Guesses the format of a signed object from its first bytes and outer DER structure. Used by
 * `verify({ auto })`; a wrong guess only means the chosen verifier reports FORMAT_FAILURE.
 */
import { OID } from './algorithms.js'
import { TAG, children, readTlv, readOid } from './der.js'
import type { SignatureFormat } from './report.js'

export type Detected = { format: SignatureFormat; bytes?: Uint8Array; text?: string }

const JWS_COMPACT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+$/

function detectDer(b: Uint8Array): SignatureFormat | undefined {
  if (b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 3 && b[3] === 4) return 'OFD'
  try {
    const top = readTlv(b, 0)
    if (top.tag !== TAG.SEQUENCE) return undefined
    const first = readTlv(b, top.body, top.end)
    if (first.tag === TAG.OID) {
      const ct = readOid(first)
      return ct === OID.signedData || ct === OID.sm2SignedData ? 'CMS' : undefined
    }
    if (first.tag !== TAG.SEQUENCE) return undefined
    const inner = children(first)[0]
    // SES_Signature starts with TBS_Sign{version INTEGER…}; SESeal with SES_SealInfo{header…}.
    if (inner?.tag === TAG.INTEGER) return 'SES_SIGNATURE'
    if (inner?.tag === TAG.SEQUENCE) return 'SES_SEAL'
  } catch {
    return undefined
  }
  return undefined
}

/** @returns the format and the decoded input, or undefined when nothing fits. */
export function detectFormat(input: Uint8Array | string): Detected | undefined {
  let text: string | undefined = typeof input === 'string' ? input : undefined
  if (typeof input !== 'string') {
    const f = detectDer(input)
    if (f) return { format: f, bytes: input }
    // Text in a byte buffer (a .jws or a PEM/base64 file).
    const s = Buffer.from(input).toString('utf8')
    if (/^[\x09\x0a\x0d\x20-\x7e]*$/.test(s)) text = s
  }
  if (text === undefined) return undefined
  const t = text.trim()
  if (JWS_COMPACT.test(t) || (t.startsWith('{') && /"signatures?"\s*:/.test(t))) return { format: 'JWS', text: t }
  const pem = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/.exec(t)
  const b64 = pem ? pem[2]!.replace(/\s+/g, '') : t.replace(/\s+/g, '')
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) return undefined
  const bytes = Buffer.from(b64, 'base64')
  const f = detectDer(bytes)
  return f ? { format: f, bytes } : undefined
}
