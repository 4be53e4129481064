/** The JWS `alg` (RFC 7518 §3.1) that our issuing uses for a key type. */
import type { KeyObject } from 'node:crypto'
import { SigningError } from './errors.js'

export function joseAlgFor(key: KeyObject, o: { pss?: boolean } = {}): 'ES256' | 'RS256' | 'PS256' | 'EdDSA' {
  const type = key.asymmetricKeyType
  if (type === 'rsa') return o.pss ? 'PS256' : 'RS256'
  if (type === 'ed25519') return 'EdDSA'
  if (type === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return 'ES256'
  throw new SigningError('KEY_INVALID', 'JWS signing supports RSA, P-256 and Ed25519 keys')
}
