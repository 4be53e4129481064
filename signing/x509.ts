/**
 * X.509 certificate parsing (RFC 5280 §4.1). node:crypto's X509Certificate vets the encoding and
 * renders names; our DER reader supplies what it does not expose: the exact TBSCertificate bytes
 * (what the issuer signed), basicConstraints pathLen, keyUsage bits, key identifiers, CRL
 * distribution points and unrecognised critical extensions. Parsed certificates are cached by
 * their SHA-256.
 */
import { X509Certificate, hash } from 'node:crypto'
import { LRUCache } from 'lru-cache'
import {
  Fields, TAG, children, contents, parseDer, rawBytes, readBitString, readOctetBits, readOid,
  readSmallInt, readTime, type Tlv,
} from './der.js'
import { parseSignatureAlgorithm, type SignatureAlgorithm } from './algorithms.js'
import { SigningError } from './errors.js'
import { parsePublicKeyInfo, type PublicKeyInfo } from './public-key.js'
import { toDer } from './pem.js'
import type { SignedStructure } from './verify-signature.js'

export type KeyUsage =
  | 'digitalSignature' | 'nonRepudiation' | 'keyEncipherment' | 'dataEncipherment'
  | 'keyAgreement' | 'keyCertSign' | 'cRLSign' | 'encipherOnly' | 'decipherOnly'
const KEY_USAGE_BITS: KeyUsage[] = ['digitalSignature', 'nonRepudiation', 'keyEncipherment', 'dataEncipherment',
  'keyAgreement', 'keyCertSign', 'cRLSign', 'encipherOnly', 'decipherOnly']

/** `tbs` holds the exact TBSCertificate bytes the issuer signed. */
export interface Certificate extends SignedStructure {
  readonly der: Uint8Array
  readonly serialNumber: string
  readonly subject: string
  readonly issuer: string
  /** DER of the Name fields, compared byte-wise for name chaining (RFC 5280 §7.1). */
  readonly subjectKey: string
  readonly issuerKey: string
  readonly notBefore: Date
  readonly notAfter: Date
  readonly publicKey: PublicKeyInfo
  readonly ca: boolean
  readonly pathLen: number | undefined
  readonly keyUsage: ReadonlySet<KeyUsage> | undefined
  readonly subjectKeyId: string | undefined
  readonly authorityKeyId: string | undefined
  readonly crlUrls: readonly string[]
  readonly unknownCriticalExtensions: readonly string[]
  /**
   * Identifies this parsed object within the process: a counter, never reused, so equal uids
   * mean the same object and hence the same DER. A short cache key for sets of certificates.
   */
  readonly uid: number
}

let nextUid = 1

const cache = new LRUCache<string, Certificate>({ max: 4096 })
const KNOWN = new Set(['2.5.29.14', '2.5.29.15', '2.5.29.17', '2.5.29.18', '2.5.29.19', '2.5.29.31', '2.5.29.32', '2.5.29.35', '2.5.29.37'])

const displayName = (s: string): string => s.split('\n').filter(Boolean).join(', ')

function crlUrlsOf(ext: Tlv): string[] {
  const urls: string[] = []
  for (const dp of children(ext)) {
    const dpName = children(dp).find((t) => t.tag === 0xa0)
    const fullName = dpName && children(dpName).find((t) => t.tag === 0xa0)
    for (const gn of fullName ? children(fullName) : []) if (gn.tag === 0x86) urls.push(Buffer.from(contents(gn)).toString('latin1'))
  }
  return urls
}

function parse(der: Uint8Array, fingerprint: string): Certificate {
  let x509: X509Certificate
  try {
    x509 = new X509Certificate(der)
  } catch (cause) {
    throw new SigningError('FORMAT_FAILURE', 'certificate does not decode', { cause })
  }
  const cert = new Fields(parseDer(der), 'Certificate')
  const tbsTlv = cert.next(TAG.SEQUENCE, 'tbsCertificate')
  const sigAlgTlv = cert.next(TAG.SEQUENCE, 'signatureAlgorithm')
  const signature = readOctetBits(cert.next(TAG.BIT_STRING, 'signatureValue'))
  cert.done('Certificate')
  let signatureAlgorithm: SignatureAlgorithm | undefined
  try { signatureAlgorithm = parseSignatureAlgorithm(sigAlgTlv) } catch { signatureAlgorithm = undefined }

  const tbs = new Fields(tbsTlv, 'TBSCertificate')
  tbs.optional(0xa0)
  const serial = Buffer.from(contents(tbs.next(TAG.INTEGER, 'serialNumber'))).toString('hex').toUpperCase()
  tbs.next(TAG.SEQUENCE, 'signature')
  const issuer = tbs.next(TAG.SEQUENCE, 'issuer')
  const validity = new Fields(tbs.next(TAG.SEQUENCE, 'validity'), 'Validity')
  const notBefore = readTime(validity.any('notBefore'))
  const notAfter = readTime(validity.any('notAfter'))
  const subject = tbs.next(TAG.SEQUENCE, 'subject')
  const publicKey = parsePublicKeyInfo(rawBytes(tbs.next(TAG.SEQUENCE, 'subjectPublicKeyInfo')))
  tbs.optional(0x81)
  tbs.optional(0x82)
  const extsTlv = tbs.optional(0xa3)

  let ca = false, pathLen: number | undefined, keyUsage: Set<KeyUsage> | undefined
  let ski: string | undefined, aki: string | undefined, crlUrls: string[] = []
  const unknownCritical: string[] = []
  for (const ext of extsTlv ? children(children(extsTlv)[0]!) : []) {
    const f = new Fields(ext, 'Extension')
    const id = readOid(f.next(TAG.OID, 'extnID'))
    const critical = f.optional(TAG.BOOLEAN) ? contents(children(ext)[1]!)[0] !== 0 : false
    const value = parseDer(contents(f.next(TAG.OCTET_STRING, 'extnValue')))
    if (critical && !KNOWN.has(id)) unknownCritical.push(id)
    if (id === '2.5.29.19') {
      const bc = new Fields(value, 'BasicConstraints')
      const caTlv = bc.optional(TAG.BOOLEAN)
      ca = caTlv ? contents(caTlv)[0] !== 0 : false
      const pl = bc.optional(TAG.INTEGER)
      if (pl) pathLen = readSmallInt(pl)
    } else if (id === '2.5.29.15') {
      const { bytes } = readBitString(value)
      keyUsage = new Set(KEY_USAGE_BITS.filter((_, i) => ((bytes[i >> 3] ?? 0) >> (7 - (i & 7))) & 1))
    } else if (id === '2.5.29.14') ski = Buffer.from(contents(value)).toString('hex')
    else if (id === '2.5.29.35') {
      const kid = children(value).find((t) => t.tag === 0x80)
      if (kid) aki = Buffer.from(contents(kid)).toString('hex')
    } else if (id === '2.5.29.31') crlUrls = crlUrlsOf(value)
  }
  return {
    der, tbs: rawBytes(tbsTlv), signatureAlgorithm, signature, serialNumber: serial,
    subject: displayName(x509.subject), issuer: displayName(x509.issuer),
    subjectKey: Buffer.from(rawBytes(subject)).toString('latin1'), issuerKey: Buffer.from(rawBytes(issuer)).toString('latin1'),
    notBefore, notAfter, publicKey, ca, pathLen, keyUsage, subjectKeyId: ski, authorityKeyId: aki, crlUrls,
    unknownCriticalExtensions: unknownCritical, fingerprint, uid: nextUid++,
  }
}

/**
 * Parses one certificate (DER bytes, or PEM/base64 text).
 * @throws SigningError FORMAT_FAILURE when it does not decode; UNSUPPORTED_ALGORITHM for key types we do not handle.
 */
export function parseCertificate(input: Uint8Array | string): Certificate {
  const der = toDer(input, 'certificate')
  const fingerprint = hash('sha256', der, 'hex')
  let c = cache.get(fingerprint)
  if (!c) {
    try {
      c = parse(new Uint8Array(der), fingerprint)
    } catch (e) {
      if (e instanceof SigningError) throw e
      throw new SigningError('FORMAT_FAILURE', 'certificate does not decode', { cause: e })
    }
    cache.set(fingerprint, c)
  }
  return c
}

export const clearCertificateCache = (): void => cache.clear()
