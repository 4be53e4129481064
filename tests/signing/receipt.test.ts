import { describe, expect, it } from 'vitest'
import { generateSigningKeyPair, signReceipt, verifyReceipt, SigningError, type Jwk } from '../../signing/index.js'
import { outcome } from './helpers.js'

describe('gateway receipts', () => {
  const kp = generateSigningKeyPair('P-256')
  const jwks = { keys: [{ ...(kp.publicKey.export({ format: 'jwk' }) as Jwk), kid: 'gw-1' }] }
  it('sign and verify with PEM, KeyObject and JWKS', async () => {
    const jws = await signReceipt({ caseId: 'C-1', acceptedAt: '511400' }, kp.privateKey, { kid: 'gw-1' })
    for (const key of [kp.publicKey, kp.publicKey.export({ format: 'pem', type: 'spki' }) as string, jwks]) {
      const r = await verifyReceipt(jws, key)
      expect(outcome(r)).toBe('TOTAL_PASSED')
      expect(r.payload).toMatchObject({ caseId: 'C-1' })
    }
  })
  it('wrong key → SIG_CRYPTO_FAILURE; unknown kid → NO_SIGNING_CERTIFICATE_FOUND; garbage → FORMAT_FAILURE', async () => {
    const jws = await signReceipt({ caseId: 'C-2' }, kp.privateKey, { kid: 'gw-1' })
    expect(outcome(await verifyReceipt(jws, generateSigningKeyPair('P-256').publicKey))).toBe('TOTAL_FAILED/SIG_CRYPTO_FAILURE')
    expect(outcome(await verifyReceipt(jws, { keys: [{ ...jwks.keys[0]!, kid: 'gw-2' }] }))).toBe('INDETERMINATE/NO_SIGNING_CERTIFICATE_FOUND')
    expect(outcome(await verifyReceipt('x.y.z', kp.publicKey))).toBe('TOTAL_FAILED/FORMAT_FAILURE')
  })
  it('throws typed errors for bad keys', async () => {
    await expect(verifyReceipt('a.b.c', 'not a key')).rejects.toMatchObject({ code: 'KEY_INVALID' })
    await expect(signReceipt({ a: 1 }, generateSigningKeyPair('Ed25519').privateKey)).rejects.toBeInstanceOf(SigningError)
  })
})
