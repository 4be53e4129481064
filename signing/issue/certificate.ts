/**
 * Builds X.509 v3 certificates (RFC 5280 §4.1) for RSA, ECDSA P-256, Ed25519 and SM2 keys: the
 * TBSCertificate is encoded with our DER writer and signed with node:crypto (sm2Sign for SM2,
 * default ID, as GM/T 0015 requires for SM2 certificates).
 */
import { createHash, createPublicKey, randomBytes, type KeyObject } from 'node:crypto'
import { Fields, TAG, bitString, bool, explicit, ia5String, int, octets, oid, parseDer, rawBytes, seq, tlv, x509Time } from '../der.js'
import { SigningError } from '../errors.js'
import { toPem } from '../pem.js'
import { parseCertificate, type KeyUsage } from '../x509.js'
import { encodeName, type DistinguishedName } from './name.js'
import { algorithmIdentifierFor, signWith } from './sign-with.js'

export interface CertificateRequest {
  subject: DistinguishedName
  publicKey: KeyObject
  /** The issuing CA; omit for a self-signed certificate (then `selfSignKey` signs it). */
  issuer?: { certificate: Uint8Array | string; privateKey: KeyObject }
  selfSignKey?: KeyObject
  serialNumber?: bigint
  notBefore?: Date
  notAfter?: Date
  ca?: boolean
  pathLen?: number
  keyUsage?: KeyUsage[]
  crlUrls?: string[]
  /** RSA issuers: sign with RSASSA-PSS. */
  pss?: boolean
}

export interface IssuedCertificate {
  der: Uint8Array
  pem: string
}

const KU_ORDER: KeyUsage[] = ['digitalSignature', 'nonRepudiation', 'keyEncipherment', 'dataEncipherment',
  'keyAgreement', 'keyCertSign', 'cRLSign', 'encipherOnly', 'decipherOnly']

function keyUsageExt(usages: KeyUsage[]): Uint8Array {
  const bits = usages.map((u) => KU_ORDER.indexOf(u))
  const nbytes = Math.max(...bits) >= 8 ? 2 : 1
  const b = new Uint8Array(nbytes)
  for (const i of bits) b[i >> 3]! |= 0x80 >> (i & 7)
  const last = Math.max(...bits)
  // DER trims trailing zero bits of a named-bit list (X.690 §11.2.2).
  return bitString(b, nbytes * 8 - 1 - last)
}

const ext = (id: string, critical: boolean, value: Uint8Array): Uint8Array =>
  seq(oid(id), ...(critical ? [bool(true)] : []), octets(value))

function spkiOf(key: KeyObject): Uint8Array {
  return (key.type === 'public' ? key : createPublicKey(key)).export({ format: 'der', type: 'spki' })
}

/** RFC 5280 §4.2.1.2 method (1): SHA-1 of the subjectPublicKey bits. */
function keyId(spki: Uint8Array): Uint8Array {
  const f = new Fields(parseDer(spki), 'SubjectPublicKeyInfo')
  f.next(TAG.SEQUENCE, 'algorithm')
  const bits = f.next(TAG.BIT_STRING, 'subjectPublicKey')
  return createHash('sha1').update(bits.buf.subarray(bits.body + 1, bits.end)).digest()
}

/**
 * Issues a certificate.
 * @throws INVALID_ARGUMENT when neither issuer nor selfSignKey is given; KEY_INVALID for unusable keys.
 * @example
 * const root = issueCertificate({ subject: { C: 'CN', CN: 'Root' }, publicKey: kp.publicKey, selfSignKey: kp.privateKey, ca: true })
 */
export function issueCertificate(req: CertificateRequest): IssuedCertificate {
  const signer = req.issuer?.privateKey ?? req.selfSignKey
  if (!signer) throw new SigningError('INVALID_ARGUMENT', 'issueCertificate needs issuer or selfSignKey')
  const spki = spkiOf(req.publicKey)
  const issuerCert = req.issuer ? parseCertificate(req.issuer.certificate) : undefined
  const issuerName = issuerCert ? nameBytes(issuerCert.der) : encodeName(req.subject)
  const notBefore = req.notBefore ?? new Date(Date.now() - 60_000)
  const notAfter = req.notAfter ?? new Date(notBefore.getTime() + 365 * 86400_000)
  const ski = keyId(spki)
  const exts: Uint8Array[] = [
    ext('2.5.29.19', !!req.ca, seq(...(req.ca ? [bool(true)] : []), ...(req.ca && req.pathLen !== undefined ? [int(req.pathLen)] : []))),
    ext('2.5.29.15', true, keyUsageExt(req.keyUsage ?? (req.ca ? ['keyCertSign', 'cRLSign'] : ['digitalSignature', 'nonRepudiation']))),
    ext('2.5.29.14', false, octets(ski)),
  ]
  const akid = issuerCert?.subjectKeyId ? Buffer.from(issuerCert.subjectKeyId, 'hex') : ski
  exts.push(ext('2.5.29.35', false, seq(tlv(0x80, akid))))
  if (req.crlUrls?.length)
    exts.push(ext('2.5.29.31', false, seq(...req.crlUrls.map((u) => seq(explicit(0, explicit(0, implicitUri(u))))))))
  const serial = req.serialNumber ?? BigInt('0x' + randomBytes(15).toString('hex')) + 1n
  const tbs = seq(
    explicit(0, int(2)), int(serial), algorithmIdentifierFor(signer, { pss: !!req.pss }), issuerName,
    seq(x509Time(notBefore), x509Time(notAfter)), encodeName(req.subject), spki, explicit(3, seq(...exts)),
  )
  const { algorithmIdentifier, signature } = signWith(signer, tbs, { pss: !!req.pss })
  const der = seq(tbs, algorithmIdentifier, bitString(signature))
  return { der, pem: toPem('CERTIFICATE', der) }
}

const implicitUri = (u: string): Uint8Array => { const b = ia5String(u); b[0] = 0x86; return b }

function nameBytes(certDer: Uint8Array): Uint8Array {
  const tbs = new Fields(new Fields(parseDer(certDer), 'Certificate').next(TAG.SEQUENCE, 'tbs'), 'TBSCertificate')
  tbs.optional(0xa0)
  tbs.next(TAG.INTEGER, 'serial')
  tbs.next(TAG.SEQUENCE, 'signature')
  // The issuer field of a child is the subject field of its parent, byte for byte.
  tbs.next(TAG.SEQUENCE, 'issuer')
  tbs.next(TAG.SEQUENCE, 'validity')
  return Uint8Array.from(rawBytes(tbs.next(TAG.SEQUENCE, 'subject')))
}
