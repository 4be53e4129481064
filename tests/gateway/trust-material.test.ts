import { afterAll, describe, expect, it } from 'vitest'
import { createGatewayTrust } from '../../gateway/verification/trust-material.js'
import { createTrustList, generateSigningKeyPair, issueCertificate } from '../../signing/index.js'
import { testPki } from '../fixtures/gateway-harness.js'

describe('gateway trust material', () => {
  it('opens the sandbox trust list and knows every region', async () => {
    const pki = await testPki()
    const trust = await createGatewayTrust({ trustList: { jws: pki.trustList, anchor: pki.province.certificate } })
    expect(trust?.regions).toEqual(['510100', '510600', '511400', '512000'])
    expect(Date.parse(trust!.expiresAt!)).toBeGreaterThan(Date.now())
  })

  it('refuses a trust list signed by another key (forged)', async () => {
    const pki = await testPki()
    const other = generateSigningKeyPair('P-256')
    const cert = issueCertificate({ subject: { CN: 'not the province' }, publicKey: other.publicKey, selfSignKey: other.privateKey, ca: true, keyUsage: ['keyCertSign', 'digitalSignature'] })
    const forged = await createTrustList({ issuer: 'forger', regions: [...pki.anchors], expiresAt: new Date(Date.now() + 86400_000) }, { privateKey: other.privateKey, certificates: [cert.pem] })
    await expect(createGatewayTrust({ trustList: { jws: forged, anchor: pki.province.certificate } })).rejects.toMatchObject({ code: 'TRUST_LIST_INVALID' })
  })

  it('refuses an expired trust list', async () => {
    const pki = await testPki()
    const expired = await createTrustList(
      { issuer: 'province', regions: [...pki.anchors], issuedAt: new Date(Date.now() - 10 * 86400_000), expiresAt: new Date(Date.now() - 86400_000) },
      { privateKey: pki.province.privateKey, certificates: [pki.province.certificate] },
    )
    await expect(createGatewayTrust({ trustList: { jws: expired, anchor: pki.province.certificate } })).rejects.toMatchObject({ code: 'TRUST_LIST_EXPIRED' })
  })

  it('has no verifier without any anchors', async () => {
    expect(await createGatewayTrust({})).toBeUndefined()
  })
})
afterAll(() => undefined)
