/**
 * Verification of the gateway's signed receipts (受理回执): ES256 compact JWS checked against
 * the gateway's public key or JWKS. No certificate chain: the caller pins the key.
 */
import { createPublicKey, type KeyObject } from 'node:crypto'
import { SigningError } from './errors.js'
import { verifyJwsWith } from './jws.js'
import { publicKeyInfoOf, type PublicKeyInfo } from './public-key.js'
import { formatFailure, type VerificationReport } from './report.js'
import type { Jwk } from './trust-store.js'

export const RECEIPT_TYPE = 'tongban-receipt+jwt'

function keysOf(k: KeyObject | Jwk | { keys: Jwk[] } | string): Array<{ kid?: string; key: PublicKeyInfo }> {
  try {
    if (typeof k === 'string') return [{ key: publicKeyInfoOf(createPublicKey(k)) }]
    if ('keys' in k && Array.isArray(k.keys))
      return k.keys.map((j) => ({ ...(j.kid ? { kid: j.kid } : {}), key: publicKeyInfoOf(createPublicKey({ key: j as import('node:crypto').JsonWebKey, format: 'jwk' })) }))
    if ('kty' in k) return [{ ...(k.kid ? { kid: k.kid as string } : {}), key: publicKeyInfoOf(createPublicKey({ key: k as import('node:crypto').JsonWebKey, format: 'jwk' })) }]
    return [{ key: publicKeyInfoOf(k as KeyObject) }]
  } catch (cause) {
    throw new SigningError('KEY_INVALID', 'receipt key must be a public key (PEM, KeyObject, JWK or JWKS)', { cause })
  }
}

/**
 * Verifies a receipt JWS made by `signReceipt`.
 * @param jws compact JWS
 * @param key the gateway's public key: PEM, KeyObject, JWK, or JWKS `{ keys }` (matched by kid)
 * @returns a report whose `payload` is the receipt; TOTAL_PASSED only for a valid ES256 signature
 * @throws KEY_INVALID when `key` is not a usable public key
 * @example
 * const r = await verifyReceipt(receiptJws, gatewayJwks)
 * if (r.indication === 'TOTAL_PASSED') console.log(r.payload)
 */
export async function verifyReceipt(jws: string, key: KeyObject | Jwk | { keys: Jwk[] } | string): Promise<VerificationReport> {
  const keys = keysOf(key)
  if (typeof jws !== 'string') return formatFailure('JWS', 'A receipt must be a compact JWS string.')
  return verifyJwsWith(jws, undefined, (header, _time, report) => {
    if (!report.check('receipt header', header.alg === 'ES256' && header.typ === RECEIPT_TYPE, `alg ${String(header.alg)}, typ ${String(header.typ)}`)) {
      report.fail('FORMAT_FAILURE', 'A receipt must be an ES256 JWS of type tongban-receipt+jwt.')
      return undefined
    }
    const matching = typeof header.kid === 'string' ? keys.filter((k) => k.kid === undefined || k.kid === header.kid) : keys
    if (!report.check('receipt key', matching.length > 0, typeof header.kid === 'string' ? `kid ${header.kid}` : undefined)) {
      report.fail('NO_SIGNING_CERTIFICATE_FOUND', `No gateway key matches kid "${String(header.kid)}".`)
      return undefined
    }
    return { keys: matching.map((k) => k.key), summary: { subject: `kid:${String(header.kid ?? '')}`, serialNumber: '', issuer: 'gateway' } }
  })
}
