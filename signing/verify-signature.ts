/**
 * One place that maps (algorithm, key, signature) to node:crypto; SM2 goes to sm2.ts. Returns
 * a boolean and never throws: a key of the wrong type for the algorithm simply fails.
 */
import { constants, createHash, verify as nodeVerify } from 'node:crypto'
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

const u32 = (n: number): Uint8Array => Uint8Array.of(n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff)

/**
 * SHA-256 over every input of `verifySignature`: scheme, digest, PSS salt length, ECDSA
 * encoding, the public key (SHA-256 of its SPKI, which fixes kind, curve and point; SM2 always
 * uses the GB/T 32918 default ID), the message and the signature, each length-prefixed so no
 * two input tuples encode alike.
 */
function memoKey(alg: SignatureAlgorithm, data: Uint8Array, pub: PublicKeyInfo, signature: Uint8Array, ecdsaEncoding: EcdsaEncoding): string {
  return createHash('sha256')
    .update(`tongban signature memo v1\0${alg.scheme}\0${alg.hash ?? ''}\0${alg.saltLength ?? ''}\0${ecdsaEncoding}\0${pub.id}\0`)
    .update(u32(data.length)).update(data)
    .update(u32(signature.length)).update(signature)
    .digest('base64')
}

/**
 * `verifySignature`, remembering successes in `memo` under a key computed from the very same
 * arguments. Only for signatures that recur unchanged across many inputs, such as a seal
 * maker's signature over SES_SealInfo, which every document sealed with that seal repeats. A
 * failure is never remembered, so a flood of bad signatures cannot evict good entries.
 */
export function memoVerifySignature(
  memo: LRUCache<string, true>,
  alg: SignatureAlgorithm,
  data: Uint8Array,
  pub: PublicKeyInfo,
  signature: Uint8Array,
  ecdsaEncoding: EcdsaEncoding = 'der',
): boolean {
  const key = memoKey(alg, data, pub, signature, ecdsaEncoding)
  if (memo.get(key)) return true
  const ok = verifySignature(alg, data, pub, signature, ecdsaEncoding)
  if (ok) memo.set(key, true)
  return ok
}
