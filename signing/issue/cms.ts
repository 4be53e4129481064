/**
 * CMS SignedData (RFC 5652 §5) with signed attributes contentType, messageDigest and
 * signingTime; detached by default. The signature covers DER(SET OF attributes) and the
 * SignerInfo carries the same bytes re-tagged [0] IMPLICIT (§5.4).
 */
import { createHash, type KeyObject } from 'node:crypto'
import { HASH_OID, OID } from '../algorithms.js'
import { TAG, explicit, implicit, int, nul, octets, oid, seq, setOf, tlv, x509Time } from '../der.js'
import { parseCertificate } from '../x509.js'
import { toDer } from '../pem.js'
import { keyKindOf, signWith } from './sign-with.js'

export interface CmsSignOptions {
  certificate: string | Uint8Array
  privateKey: KeyObject
  /** Extra certificates to embed (intermediates). */
  chain?: readonly (string | Uint8Array)[]
  /** Leave certificates out (the verifier must be given them). */
  omitCertificates?: boolean
  signingTime?: Date
  /** RSA: RSASSA-PSS. */
  pss?: boolean
  /** Embed the data (attached) instead of detached. */
  attached?: boolean
}

/**
 * @returns DER ContentInfo
 * @throws KEY_INVALID for unsupported keys; FORMAT_FAILURE for an undecodable certificate
 * @example
 * const cms = signCms(licenceBytes, { certificate: leafPem, privateKey })
 */
export function signCms(data: Uint8Array, o: CmsSignOptions): Uint8Array {
  const cert = parseCertificate(o.certificate)
  const kind = keyKindOf(o.privateKey)
  const hash = kind === 'sm2' ? 'sm3' : 'sha256'
  const digestAlg = seq(oid(HASH_OID[hash]), ...(kind === 'sm2' ? [] : [nul()]))
  const attrs = [
    seq(oid(OID.contentType), setOf(oid(OID.data))),
    seq(oid(OID.signingTime), setOf(x509Time(o.signingTime ?? new Date()))),
    seq(oid(OID.messageDigest), setOf(octets(createHash(hash).update(data).digest()))),
  ]
  const signedSet = setOf(...attrs)
  const { algorithmIdentifier, signature } = signWith(o.privateKey, signedSet, { pss: !!o.pss })
  // OpenSSL (and RFC 5652 practice) names PKCS#1 v1.5 RSA by rsaEncryption in SignerInfo; SM2 by
  // the GM/T 0006 sm2sign OID.
  const sigAlg = kind === 'rsa' && !o.pss ? seq(oid(OID.rsaEncryption), nul()) : kind === 'sm2' ? seq(oid(OID.sm2Sign)) : algorithmIdentifier
  const signerInfo = seq(
    int(1),
    seq(Buffer.from(cert.issuerKey, 'latin1'), tlv(TAG.INTEGER, Buffer.from(cert.serialNumber, 'hex'))),
    digestAlg,
    implicit(0, signedSet, true),
    sigAlg,
    octets(signature),
  )
  const certs = o.omitCertificates ? [] : [cert.der, ...(o.chain ?? []).map((c) => toDer(c, 'certificate'))]
  const signedData = seq(
    int(1),
    setOf(digestAlg),
    seq(oid(OID.data), ...(o.attached ? [explicit(0, octets(data))] : [])),
    ...(certs.length ? [tlv(0xa0, ...certs)] : []),
    setOf(signerInfo),
  )
  return seq(oid(OID.signedData), explicit(0, signedData))
}
