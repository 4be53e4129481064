import { toBase64, type VerifyInput } from './model.js'

export type FileRole = 'data' | 'cms' | 'seal' | 'ofd' | 'jws'

export interface ChosenFile {
  name: string
  bytes: Uint8Array
  role: FileRole
}

// DER of the CMS SignedData content type, 1.2.840.113549.1.7.2.
const SIGNED_DATA_OID = [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02]

function contains(hay: Uint8Array, needle: number[], within: number): boolean {
  outer: for (let i = 0; i + needle.length <= Math.min(hay.length, within); i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer
    return true
  }
  return false
}

/**
 * What a file most likely is, from its name and first bytes: an OFD (a zip), a CMS
 * signature (PEM, or DER naming SignedData), a GB/T 38540 seal signature (other DER), a
 * compact JWS, or else the signed data. The reader can correct it.
 */
export function guessRole(name: string, bytes: Uint8Array): FileRole {
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? ''
  const head = new TextDecoder().decode(bytes.subarray(0, 64))
  if (ext === 'ofd' || (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 3 && bytes[3] === 4)) return 'ofd'
  if (['p7s', 'p7m', 'p7b', 'cms'].includes(ext) || head.startsWith('-----BEGIN PKCS7') || head.startsWith('-----BEGIN CMS')) return 'cms'
  if (['ses', 'seal', 'esl'].includes(ext)) return 'seal'
  if (['jws', 'jwt'].includes(ext) || /^[\w-]+\.[\w-]*\.[\w-]+\s*$/.test(new TextDecoder().decode(bytes.subarray(0, 65536)))) return 'jws'
  if (bytes[0] === 0x30) return contains(bytes, SIGNED_DATA_OID, 64) ? 'cms' : 'seal'
  return 'data'
}

/** The verifyCertificate input for a set of files, or the reason it cannot be built. */
export function filesInput(files: readonly ChosenFile[]): { input: VerifyInput } | { problem: 'needFiles' | 'needData' | 'tooManyData' } {
  if (files.length === 0) return { problem: 'needFiles' }
  const of = (role: FileRole) => files.filter((f) => f.role === role)
  if (of('data').length > 1) return { problem: 'tooManyData' }
  const data = of('data')[0]
  if (!data && (of('cms').length || of('seal').length) && !of('ofd').length && !of('jws').length) return { problem: 'needData' }
  const text = (f: ChosenFile) => new TextDecoder().decode(f.bytes).trim()
  const cms = of('cms')[0]
  const input: VerifyInput = {
    ...(data && { data: toBase64(data.bytes) }),
    ...(cms && { cms: text(cms).startsWith('-----BEGIN') ? text(cms) : toBase64(cms.bytes) }),
    ...(of('seal')[0] && { seal: toBase64(of('seal')[0]!.bytes) }),
    ...(of('ofd')[0] && { ofd: toBase64(of('ofd')[0]!.bytes) }),
    ...(of('jws')[0] && { jws: text(of('jws')[0]!) }),
  }
  if (!input.cms && !input.seal && !input.ofd && !input.jws) return { problem: 'needFiles' }
  return { input }
}
