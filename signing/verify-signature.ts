/**
 * One place that maps (algorithm, key, signature) to node:crypto; SM2 goes to sm2.ts. Returns
 * a boolean and never throws: a key of the wrong type for the algorithm simply fails.
 */
import { constants, verify as nodeVerify } from 'node:crypto'
import type { LRUCache } from 'lru-cache'
import type { SignatureAlgorithm } from './algorithms.js'
import type { PublicKeyInfo } from './public-key.js'
import { sm2Verify } from './sm2.js'

export type EcdsaEncoding = 'der' | 'ieee-p1363'

/**
 * @param ecdsaEncoding `der` for X.509/CMS (RFC 5758 §3.2), `ieee-p1363` (r‖s) for JWS (RFC 7518 §3.4).
 */
export function verifySignature(
  alg: SignatureAlgorithm,
  data: Uint8Array,
  pub: PublicKeyInfo,
  signature: Uint8Array,
  ecdsaEncoding: EcdsaEncoding = 'der',
): boolean {
  try {
    switch (alg.scheme) {
      case 'rsa-pkcs1':
        return pub.kind === 'rsa' && nodeVerify(alg.hash!, data, pub.key, signature)
      case 'rsa-pss':
        return (pub.kind === 'rsa' || pub.kind === 'rsa-pss') && nodeVerify(alg.hash!, data,
          { key: pub.key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: alg.saltLength ?? constants.RSA_PSS_SALTLEN_DIGEST }, signature)
      case 'ecdsa':
        // DER is node's default dsaEncoding, so the key object itself is passed for it.
        return pub.kind === 'ec' && nodeVerify(alg.hash!, data, ecdsaEncoding === 'der' ? pub.key : { key: pub.key, dsaEncoding: ecdsaEncoding }, signature)
      case 'ed25519':
        return pub.kind === 'ed25519' && nodeVerify(null, data, pub.key, signature)
      case 'sm2':
        return pub.kind === 'sm2' && sm2Verify(pub.point!, data, signature)
    }
  } catch {
    return false
  }
}

/** A certificate or CRL (RFC 5280 §4.1, §5.1): the signed TBS bytes, the algorithm, the signature. */
export interface SignedStructure {
  readonly tbs: Uint8Array
  /** `undefined` when the algorithm is not one we verify (the signature then fails). */
  readonly signatureAlgorithm: SignatureAlgorithm | undefined
  readonly signature: Uint8Array
  /** SHA-256 of the whole DER, hex: it fixes TBS, algorithm and signature. */
  readonly fingerprint: string
}

/**
 * Whether `signed` verifies under `issuer`, remembered in `memo` by the SHA-256 of the
 * structure and of the issuer's SPKI: everything the result depends on.
 */
export function signedBy(memo: LRUCache<string, boolean>, signed: SignedStructure, issuer: PublicKeyInfo): boolean {
  const key = `${signed.fingerprint}:${issuer.id}`
  let ok = memo.get(key)
  if (ok === undefined) {
    ok = !!signed.signatureAlgorithm && verifySignature(signed.signatureAlgorithm, signed.tbs, issuer, signed.signature)
    memo.set(key, ok)
  }
  return ok
}
