import { sign } from 'node:crypto'
import { RECEIPT_TYPE } from '../../signing/index.js'
import type { ReceiptKey } from './receipt-key.js'

/**
 * Signs a receipt as a compact JWS (ES256, RFC 7515/7518) with node:crypto directly: the
 * WebCrypto path jose takes costs several times more per signature, and receipts are on the
 * hot path of every submission. Verifiers (jose, `tongban verify`) read it as any ES256 JWS.
 */
export function signReceiptFast(payload: Record<string, unknown>, key: ReceiptKey): string {
  const header = Buffer.from(JSON.stringify({ alg: 'ES256', typ: RECEIPT_TYPE, kid: key.kid })).toString('base64url')
  const body = Buffer.from(JSON.stringify({ iat: Math.floor(Date.now() / 1000), ...payload })).toString('base64url')
  // JWS wants the raw r‖s form (RFC 7518 §3.4), not DER.
  const signature = sign('sha256', Buffer.from(`${header}.${body}`), { key: key.privateKey, dsaEncoding: 'ieee-p1363' })
  return `${header}.${body}.${signature.toString('base64url')}`
}
