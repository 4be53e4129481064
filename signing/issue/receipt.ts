/** The gateway's signed receipts (受理回执): ES256 compact JWS via jose. */
import type { KeyObject } from 'node:crypto'
import { CompactSign } from 'jose'
import { SigningError } from '../errors.js'
import { RECEIPT_TYPE } from '../receipt.js'

/**
 * Signs a receipt. `iat` is added when absent.
 * @param payload JSON-serialisable receipt (case id, accepting window, time …)
 * @param privateKey P-256 private key
 * @throws KEY_INVALID unless the key is a P-256 private key; INVALID_ARGUMENT for a non-object payload
 * @example
 * const jws = await signReceipt({ caseId, region: '511400' }, gatewayKey, { kid: 'gw-1' })
 */
export async function signReceipt(payload: Record<string, unknown>, privateKey: KeyObject, o: { kid?: string } = {}): Promise<string> {
  if (!payload || typeof payload !== 'object' || Array.isArray(payload)) throw new SigningError('INVALID_ARGUMENT', 'receipt payload must be an object')
  if (privateKey?.type !== 'private' || privateKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1')
    throw new SigningError('KEY_INVALID', 'receipts are signed with a P-256 private key (ES256)')
  const body = { iat: Math.floor(Date.now() / 1000), ...payload }
  return new CompactSign(Buffer.from(JSON.stringify(body)))
    .setProtectedHeader({ alg: 'ES256', typ: RECEIPT_TYPE, ...(o.kid ? { kid: o.kid } : {}) })
    .sign(privateKey)
}
