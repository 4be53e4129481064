/** PEM (RFC 7468) armour: textual encoding of DER blocks. */
import { SigningError } from './errors.js'

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g

export interface PemBlock { label: string; der: Uint8Array }

export function pemBlocks(text: string): PemBlock[] {
  const out: PemBlock[] = []
  for (const m of text.matchAll(BLOCK)) out.push({ label: m[1]!, der: Buffer.from(m[2]!.replace(/\s+/g, ''), 'base64') })
  return out
}

export function toPem(label: string, der: Uint8Array): string {
  const b64 = Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '')
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`
}

const BEGIN = Buffer.from('-----BEGIN ', 'latin1')

/** Bytes from PEM text, base64 text, or raw bytes (which may themselves hold PEM text). */
export function toDer(input: Uint8Array | string, label: string): Uint8Array {
  let text: string | undefined = typeof input === 'string' ? input : undefined
  if (!text && input instanceof Uint8Array && input.length > 10 && Buffer.compare(input.subarray(0, BEGIN.length), BEGIN) === 0)
    text = Buffer.from(input).toString('latin1')
  if (text === undefined) return input as Uint8Array
  if (text.includes('-----BEGIN')) {
    const block = pemBlocks(text)[0]
    if (!block) throw new SigningError('FORMAT_FAILURE', `no PEM block in ${label}`)
    return block.der
  }
  const compact = text.replace(/\s+/g, '')
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(compact)) throw new SigningError('FORMAT_FAILURE', `${label} is neither PEM nor base64`)
  return Buffer.from(compact, compact.includes('-') || compact.includes('_') ? 'base64url' : 'base64')
}
