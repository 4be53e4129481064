/** Key pairs for issuing: RSA, ECDSA P-256, Ed25519 and SM2 (GB/T 32918). */
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto'
import { SigningError } from '../errors.js'

export type KeyAlgorithm = 'RSA' | 'P-256' | 'Ed25519' | 'SM2'

export interface SigningKeyPair {
  algorithm: KeyAlgorithm
  privateKey: KeyObject
  publicKey: KeyObject
}

/**
 * @param algorithm RSA (2048-bit by default), P-256, Ed25519 or SM2.
 * @throws INVALID_ARGUMENT for an unknown algorithm.
 */
export function generateSigningKeyPair(algorithm: KeyAlgorithm, o: { modulusLength?: number } = {}): SigningKeyPair {
  switch (algorithm) {
    case 'RSA': return { algorithm, ...generateKeyPairSync('rsa', { modulusLength: o.modulusLength ?? 2048 }) }
    case 'P-256': return { algorithm, ...generateKeyPairSync('ec', { namedCurve: 'P-256' }) }
    case 'Ed25519': return { algorithm, ...generateKeyPairSync('ed25519') }
    case 'SM2': {
      // Round-trip through PKCS#8/SPKI so OpenSSL types the keys as SM2, not generic EC.
      const kp = generateKeyPairSync('ec', { namedCurve: 'SM2' })
      return {
        algorithm,
        privateKey: createPrivateKey({ key: kp.privateKey.export({ format: 'der', type: 'pkcs8' }), format: 'der', type: 'pkcs8' }),
        publicKey: createPublicKey({ key: kp.publicKey.export({ format: 'der', type: 'spki' }), format: 'der', type: 'spki' }),
      }
    }
    default: throw new SigningError('INVALID_ARGUMENT', `unknown key algorithm ${String(algorithm)}`)
  }
}
