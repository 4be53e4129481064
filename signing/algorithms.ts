/**
 * Object identifiers and signature-algorithm identifiers (RFC 5754, RFC 4055, RFC 8410,
 * GM/T 0006 for SM2/SM3). Maps an AlgorithmIdentifier to what node:crypto needs.
 */
import { Fields, TAG, readOid, readSmallInt, type Tlv, children, expectTag } from './der.js'
import { SigningError } from './errors.js'

export const OID = {
  rsaEncryption: '1.2.840.113549.1.1.1',
  rsassaPss: '1.2.840.113549.1.1.10',
  mgf1: '1.2.840.113549.1.1.8',
  sha256WithRSA: '1.2.840.113549.1.1.11',
  sha384WithRSA: '1.2.840.113549.1.1.12',
  sha512WithRSA: '1.2.840.113549.1.1.13',
  ecPublicKey: '1.2.840.10045.2.1',
  ecdsaSha256: '1.2.840.10045.4.3.2',
  ecdsaSha384: '1.2.840.10045.4.3.3',
  ecdsaSha512: '1.2.840.10045.4.3.4',
  p256: '1.2.840.10045.3.1.7',
  p384: '1.3.132.0.34',
  ed25519: '1.3.101.112',
  sm2Curve: '1.2.156.10197.1.301',
  sm2Sign: '1.2.156.10197.1.301.1',
  sm2WithSm3: '1.2.156.10197.1.501',
  sm3: '1.2.156.10197.1.401',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
  sha1: '1.3.14.3.2.26',
  // RFC 5652 §11 attributes and content types
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  // GM/T 0010 SM2 CMS content types
  sm2Data: '1.2.156.10197.6.1.4.2.1',
  sm2SignedData: '1.2.156.10197.6.1.4.2.2',
} as const

export type HashName = 'sha1' | 'sha256' | 'sha384' | 'sha512' | 'sm3'
export type SignatureScheme = 'rsa-pkcs1' | 'rsa-pss' | 'ecdsa' | 'sm2' | 'ed25519'

export interface SignatureAlgorithm {
  readonly scheme: SignatureScheme
  /** Digest for the scheme; `undefined` for Ed25519 (PureEdDSA). */
  readonly hash: HashName | undefined
  readonly saltLength?: number
}

const HASH_BY_OID: Record<string, HashName> = {
  [OID.sha1]: 'sha1', [OID.sha256]: 'sha256', [OID.sha384]: 'sha384', [OID.sha512]: 'sha512', [OID.sm3]: 'sm3',
}
export const HASH_OID: Record<HashName, string> = {
  sha1: OID.sha1, sha256: OID.sha256, sha384: OID.sha384, sha512: OID.sha512, sm3: OID.sm3,
}

export function hashFromOid(oid: string): HashName {
  const h = HASH_BY_OID[oid]
  if (!h) throw new SigningError('UNSUPPORTED_ALGORITHM', `unsupported digest algorithm ${oid}`)
  return h
}

const FIXED: Record<string, SignatureAlgorithm> = {
  [OID.sha256WithRSA]: { scheme: 'rsa-pkcs1', hash: 'sha256' },
  [OID.sha384WithRSA]: { scheme: 'rsa-pkcs1', hash: 'sha384' },
  [OID.sha512WithRSA]: { scheme: 'rsa-pkcs1', hash: 'sha512' },
  [OID.ecdsaSha256]: { scheme: 'ecdsa', hash: 'sha256' },
  [OID.ecdsaSha384]: { scheme: 'ecdsa', hash: 'sha384' },
  [OID.ecdsaSha512]: { scheme: 'ecdsa', hash: 'sha512' },
  [OID.sm2WithSm3]: { scheme: 'sm2', hash: 'sm3' },
  [OID.ed25519]: { scheme: 'ed25519', hash: undefined },
}

/** RSASSA-PSS-params (RFC 4055 §3.1); only MGF1 with the same digest is accepted. */
function pssParams(params: Tlv | undefined): SignatureAlgorithm {
  let hash: HashName = 'sha1'
  let saltLength = 20
  if (params) {
    const f = new Fields(params, 'RSASSA-PSS-params')
    for (let t = f.peek(); t; t = f.peek()) {
      f.any('PSS parameter')
      const inner = children(t)[0]
      if (!inner) throw new SigningError('FORMAT_FAILURE', 'empty PSS parameter')
      if (t.tag === 0xa0) hash = hashFromOid(readOid(children(inner)[0]!))
      else if (t.tag === 0xa1) {
        const [mgf, mgfHash] = children(inner)
        if (readOid(mgf!) !== OID.mgf1 || hashFromOid(readOid(children(mgfHash!)[0]!)) !== hash)
          throw new SigningError('UNSUPPORTED_ALGORITHM', 'PSS: only MGF1 with the message digest is supported')
      } else if (t.tag === 0xa2) saltLength = readSmallInt(inner)
      else if (t.tag === 0xa3 && readSmallInt(inner) !== 1) throw new SigningError('UNSUPPORTED_ALGORITHM', 'PSS trailer')
    }
  }
  return { scheme: 'rsa-pss', hash, saltLength }
}

/**
 * Reads a signature AlgorithmIdentifier. `digestHint` is the CMS SignerInfo digestAlgorithm,
 * needed because RFC 5652 §5.3 allows the bare key OIDs (rsaEncryption, id-ecPublicKey, SM2).
 */
export function parseSignatureAlgorithm(algId: Tlv, digestHint?: HashName): SignatureAlgorithm {
  const f = new Fields(algId, 'AlgorithmIdentifier')
  const oid = readOid(f.next(TAG.OID, 'algorithm'))
  const params = f.peek()
  const fixed = FIXED[oid]
  if (fixed) return fixed
  if (oid === OID.rsassaPss) return pssParams(params?.tag === TAG.SEQUENCE ? params : undefined)
  if (digestHint && oid === OID.rsaEncryption) return { scheme: 'rsa-pkcs1', hash: digestHint }
  if (digestHint && oid === OID.ecPublicKey) return { scheme: 'ecdsa', hash: digestHint }
  if (oid === OID.sm2Sign || oid === OID.sm2Curve) return { scheme: 'sm2', hash: 'sm3' }
  throw new SigningError('UNSUPPORTED_ALGORITHM', `unsupported signature algorithm ${oid}`)
}

export function parseDigestAlgorithm(algId: Tlv): HashName {
  expectTag(algId, TAG.SEQUENCE, 'DigestAlgorithmIdentifier')
  return hashFromOid(readOid(children(algId)[0]!))
}
