/**
 * SubjectPublicKeyInfo (RFC 5280 §4.1.2.7) → an imported node:crypto key, cached by SPKI bytes
 * so each key is imported once per process (keys are public data).
 */
import { createPublicKey, hash, type KeyObject } from 'node:crypto'
import { LRUCache } from 'lru-cache'
import { Fields, TAG, parseDer, readOctetBits, readOid } from './der.js'
import { OID } from './algorithms.js'
import { SigningError } from './errors.js'

export type KeyKind = 'rsa' | 'rsa-pss' | 'ec' | 'sm2' | 'ed25519'

export interface PublicKeyInfo {
  readonly kind: KeyKind
  readonly key: KeyObject
  /** Named curve for EC keys (`P-256`, `P-384`, `SM2`). */
  readonly curve?: string
  /** Uncompressed point for EC and SM2 keys. */
  readonly point?: Uint8Array
  readonly spki: Uint8Array
  /** SHA-256 of the SPKI, hex; identifies the key across certificates. */
  readonly id: string
}

const cache = new LRUCache<string, PublicKeyInfo>({ max: 2048 })
const CURVES: Record<string, string> = { [OID.p256]: 'P-256', [OID.p384]: 'P-384', [OID.sm2Curve]: 'SM2' }

/** @throws FORMAT_FAILURE for malformed SPKI, UNSUPPORTED_ALGORITHM for other key types. */
export function parsePublicKeyInfo(spki: Uint8Array): PublicKeyInfo {
  const id = hash('sha256', spki, 'hex')
  const hit = cache.get(id)
  if (hit) return hit
  const f = new Fields(parseDer(spki), 'SubjectPublicKeyInfo')
  const alg = new Fields(f.next(TAG.SEQUENCE, 'algorithm'), 'AlgorithmIdentifier')
  const algOid = readOid(alg.next(TAG.OID, 'algorithm'))
  const params = alg.peek()
  const bits = readOctetBits(f.next(TAG.BIT_STRING, 'subjectPublicKey'))
  let kind: KeyKind
  let curve: string | undefined
  if (algOid === OID.rsaEncryption) kind = 'rsa'
  else if (algOid === OID.rsassaPss) kind = 'rsa-pss'
  else if (algOid === OID.ed25519) kind = 'ed25519'
  else if (algOid === OID.ecPublicKey && params?.tag === TAG.OID) {
    curve = CURVES[readOid(params)]
    if (!curve) throw new SigningError('UNSUPPORTED_ALGORITHM', 'unsupported elliptic curve')
    kind = curve === 'SM2' ? 'sm2' : 'ec'
  } else throw new SigningError('UNSUPPORTED_ALGORITHM', `unsupported key algorithm ${algOid}`)
  let key: KeyObject
  try {
    key = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' })
  } catch (cause) {
    throw new SigningError('FORMAT_FAILURE', 'public key does not decode', { cause })
  }
  const info: PublicKeyInfo = { kind, key, spki, id, ...(curve ? { curve, point: bits } : {}) }
  cache.set(id, info)
  return info
}

/** From a node:crypto KeyObject (public, or private whose public half is taken). */
export function publicKeyInfoOf(key: KeyObject): PublicKeyInfo {
  try {
    return parsePublicKeyInfo((key.type === 'public' ? key : createPublicKey(key)).export({ format: 'der', type: 'spki' }))
  } catch (cause) {
    if (cause instanceof SigningError) throw cause
    throw new SigningError('KEY_INVALID', 'not a usable public key', { cause })
  }
}

export const clearPublicKeyCache = (): void => cache.clear()
