/**
 * Signs bytes with a private key and returns the matching AlgorithmIdentifier: the one choice
 * of algorithm per key type that certificates, CRLs, CMS and seals all share.
 */
import { constants, createPublicKey, sign, type KeyObject } from 'node:crypto'
import { OID } from '../algorithms.js'
import { explicit, int, nul, oid, seq } from '../der.js'
import { SigningError } from '../errors.js'
import { sm2Sign } from '../sm2.js'
import { parsePublicKeyInfo } from '../public-key.js'

export interface SignOptions {
  /** RSA only: RSASSA-PSS (SHA-256, MGF1-SHA-256, salt 32) instead of PKCS#1 v1.5. */
  pss?: boolean
}

export function keyKindOf(key: KeyObject): 'rsa' | 'ec' | 'sm2' | 'ed25519' {
  const type = key.asymmetricKeyType
  if (type === 'rsa' || type === 'ed25519') return type
  if (type === 'ec') {
    const curve = key.asymmetricKeyDetails?.namedCurve
    if (curve === 'prime256v1') return 'ec'
    if (curve === 'SM2') return 'sm2'
  }
  // OpenSSL-typed SM2 keys have no Node type name (and no JWK form); their SPKI names the curve.
  if (type === undefined) {
    const spki = (key.type === 'public' ? key : createPublicKey(key)).export({ format: 'der', type: 'spki' })
    if (parsePublicKeyInfo(spki).kind === 'sm2') return 'sm2'
  }
  throw new SigningError('KEY_INVALID', `unsupported key type ${String(type)}`)
}

export const PSS_PARAMS = (): Uint8Array =>
  seq(explicit(0, seq(oid(OID.sha256))), explicit(1, seq(oid(OID.mgf1), seq(oid(OID.sha256)))), explicit(2, int(32)))

/** The AlgorithmIdentifier that `signWith` will use for this key. @throws KEY_INVALID */
export function algorithmIdentifierFor(privateKey: KeyObject, o: SignOptions = {}): Uint8Array {
  switch (keyKindOf(privateKey)) {
    case 'rsa': return o.pss ? seq(oid(OID.rsassaPss), PSS_PARAMS()) : seq(oid(OID.sha256WithRSA), nul())
    case 'ec': return seq(oid(OID.ecdsaSha256))
    case 'ed25519': return seq(oid(OID.ed25519))
    case 'sm2': return seq(oid(OID.sm2WithSm3))
  }
}

/** Signs and names the algorithm. @throws KEY_INVALID */
export function signWith(privateKey: KeyObject, data: Uint8Array, o: SignOptions = {}): { algorithmIdentifier: Uint8Array; signature: Uint8Array } {
  const algorithmIdentifier = algorithmIdentifierFor(privateKey, o)
  switch (keyKindOf(privateKey)) {
    case 'rsa':
      return {
        algorithmIdentifier,
        signature: o.pss
          ? sign('sha256', data, { key: privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 })
          : sign('sha256', data, privateKey),
      }
    case 'ec': return { algorithmIdentifier, signature: sign('sha256', data, privateKey) }
    case 'ed25519': return { algorithmIdentifier, signature: sign(null, data, privateKey) }
    case 'sm2': return { algorithmIdentifier, signature: sm2Sign(privateKey, data) }
  }
}
