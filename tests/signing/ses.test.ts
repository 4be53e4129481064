import { beforeAll, describe, expect, it } from 'vitest'
import { createPrivateKey, sign } from 'node:crypto'
import { createCrl, createSesSignature, parseCertificate } from '../../signing/index.js'
import { bitString, children, octets, parseDer, rawBytes, seq } from '../../signing/der.js'
import { makePki, party, DAY, type Pki } from '../fixtures/pki.js'
import { flip, indexOf, outcome, verifierFor } from './helpers.js'

let pki: Pki
const data = Buffer.from('<ofd:Signature>德阳 营业执照</ofd:Signature>')
beforeAll(() => { pki = makePki() })

const signer = () => ({ certificate: pki.deyangSigner.pem, privateKey: pki.deyangSigner.privateKey })
const sesv = (o: Partial<Parameters<typeof createSesSignature>[0]> = {}) =>
  createSesSignature({ seal: pki.seal(), signer: signer(), data, propertyInfo: '/Doc_0/Signs/Sign_0/Signature.xml', ...o })

describe('GB/T 38540 SESeal', () => {
  it('v4 and v1 seals verify with maker and region', async () => {
    for (const version of [4, 1] as const) {
      const r = await verifierFor(pki).verify({ seal: pki.seal({ version }) })
      expect(outcome(r), r.reason).toBe('TOTAL_PASSED')
      expect(r.format).toBe('SES_SEAL')
      expect(r.seal).toMatchObject({ esID: '51060000000001', version })
      expect(r.seal?.maker?.region).toBe('510600')
    }
  })
  it('expired or not-yet-valid seal, untrusted maker', async () => {
    const v = verifierFor(pki)
    expect(outcome(await v.verify({ seal: pki.seal({ validFrom: new Date(Date.now() - 9 * DAY), validTo: new Date(Date.now() - DAY) }) }))).toBe('TOTAL_FAILED/EXPIRED')
    expect(outcome(await v.verify({ seal: pki.seal({ validFrom: new Date(Date.now() + DAY), validTo: new Date(Date.now() + 9 * DAY) }) }))).toBe('TOTAL_FAILED/NOT_YET_VALID')
    const rogue = party('SM2', { CN: 'rogue maker' })
    expect(outcome(await v.verify({ seal: pki.seal({ maker: { certificate: rogue.pem, privateKey: rogue.privateKey } }) }))).toBe('INDETERMINATE/NO_CERTIFICATE_CHAIN_FOUND')
  })
})

describe('GB/T 38540 SES_Signature', () => {
  it('v4 (DER and raw r‖s, tagged extDatas, certListType 2) and v1 verify', async () => {
    const v = verifierFor(pki)
    for (const der of [sesv(), sesv({ rawSignature: true }), sesv({ taggedExtDatas: true }), sesv({ seal: pki.seal({ certListType: 2 }) }),
      sesv({ version: 1, seal: pki.seal({ version: 1 }) })]) {
      const r = await v.verify({ seal: der, data })
      expect(outcome(r), r.reason).toBe('TOTAL_PASSED')
      expect(r.signer?.region).toBe('510600')
      expect(r.signingTime).toBeDefined()
    }
  })
  it('one flipped byte in data → HASH_FAILURE; no data → SIGNED_DATA_NOT_FOUND', async () => {
    const v = verifierFor(pki)
    expect(outcome(await v.verify({ seal: sesv(), data: flip(data, 5) }))).toBe('TOTAL_FAILED/HASH_FAILURE')
    expect(outcome(await v.verify({ seal: sesv() }))).toBe('INDETERMINATE/SIGNED_DATA_NOT_FOUND')
  })
  it('one flipped byte in the signature → SIG_CRYPTO_FAILURE', async () => {
    expect(outcome(await verifierFor(pki).verify({ seal: flip(sesv(), -3), data }))).toBe('TOTAL_FAILED/SIG_CRYPTO_FAILURE')
  })
  it('one flipped byte in the signer certificate → SIG_CRYPTO_FAILURE or chain failure, never a pass', async () => {
    const der = sesv()
    const cert = parseCertificate(pki.deyangSigner.pem).der
    const at = Buffer.from(der).lastIndexOf(Buffer.from(cert)) + cert.length - 10
    const r = await verifierFor(pki).verify({ seal: flip(der, at), data })
    expect(r.indication).not.toBe('TOTAL_PASSED')
    expect(['SIG_CONSTRAINTS_FAILURE', 'CERTIFICATE_CHAIN_GENERAL_FAILURE', 'SIG_CRYPTO_FAILURE']).toContain(r.subIndication)
  })
  it('signer not in the seal certList → SIG_CONSTRAINTS_FAILURE', async () => {
    const stranger = party('SM2', { CN: 'not a holder' }, pki.deyangRoot)
    const der = sesv({ signer: { certificate: stranger.pem, privateKey: stranger.privateKey } })
    expect(outcome(await verifierFor(pki).verify({ seal: der, data }))).toBe('INDETERMINATE/SIG_CONSTRAINTS_FAILURE')
  })
  it('empty-ID SM2 signature over TBS_Sign → SIG_CRYPTO_FAILURE', async () => {
    const good = sesv()
    const [tbs, cert, alg] = children(parseDer(good))
    // Node's one-shot sign with an SM2 key uses the empty ID, not 1234567812345678.
    const key = createPrivateKey(pki.deyangSigner.privateKey.export({ format: 'pem', type: 'pkcs8' }))
    const emptyId = sign('sm3', rawBytes(tbs!), key)
    const forged = seq(rawBytes(tbs!), rawBytes(cert!), rawBytes(alg!), bitString(emptyId))
    expect(outcome(await verifierFor(pki).verify({ seal: forged, data }))).toBe('TOTAL_FAILED/SIG_CRYPTO_FAILURE')
  })
  it('revoked signer (our SM2 CRL) → REVOKED; other region expected → CHAIN_CONSTRAINTS_FAILURE', async () => {
    const signerCert = parseCertificate(pki.deyangSigner.pem)
    const crl = createCrl({ issuer: { certificate: pki.deyangRoot.pem, privateKey: pki.deyangRoot.privateKey },
      revoked: [{ serialNumber: signerCert.serialNumber, revokedAt: new Date(Date.now() - DAY), reason: 'keyCompromise' }] })
    const r = await verifierFor(pki, { crls: [crl.pem] }).verify({ seal: sesv(), data })
    expect(outcome(r)).toBe('TOTAL_FAILED/REVOKED')
    expect(r.revocation?.reason).toBe('keyCompromise')
    expect(outcome(await verifierFor(pki).verify({ seal: sesv(), data }, { expectedRegion: '510100' }))).toBe('INDETERMINATE/CHAIN_CONSTRAINTS_FAILURE')
  })
  it('truncated, garbage and wrongly tagged DER → FORMAT_FAILURE', async () => {
    const v = verifierFor(pki)
    const der = sesv()
    expect(outcome(await v.verify({ seal: der.subarray(0, der.length - 20), data }))).toBe('TOTAL_FAILED/FORMAT_FAILURE')
    expect(outcome(await v.verify({ seal: Buffer.from('not a seal at all'), data }))).toBe('TOTAL_FAILED/FORMAT_FAILURE')
    const [tbs, cert, alg, sig] = children(parseDer(der))
    const octetSig = seq(rawBytes(tbs!), rawBytes(cert!), rawBytes(alg!), octets(rawBytes(sig!).subarray(3)))
    expect(outcome(await v.verify({ seal: octetSig, data }))).toBe('TOTAL_FAILED/FORMAT_FAILURE')
  })
})

// The seal a document carries is cached by its exact bytes, with the maker's signature result
// (signing/ses.ts PreparedSeal); the document's own signature is verified on every call.
describe('GB/T 38540 on a warm verifier', () => {
  const doc = (n: number) => Buffer.from(`<ofd:Signature n="${n}">德阳 营业执照</ofd:Signature>`)
  const warm = async (verify: () => Promise<{ indication: string; subIndication?: string }>) => {
    for (let i = 0; i < 4; i++) expect(outcome(await verify() as never)).toBe('TOTAL_PASSED')
  }

  it('a changed byte in the document, the document signature or the seal still fails', async () => {
    const v = verifierFor(pki)
    const seal = pki.seal()
    const der = sesv({ seal, data: doc(1) })
    await warm(() => v.verify({ seal: der, data: doc(1) }))
    expect(outcome(await v.verify({ seal: der, data: flip(doc(1), 3) }))).toBe('TOTAL_FAILED/HASH_FAILURE')
    expect(outcome(await v.verify({ seal: flip(der, -3), data: doc(1) }))).toBe('TOTAL_FAILED/SIG_CRYPTO_FAILURE')
    // The maker's signature (the seal's last bytes) broken, the document re-signed over it:
    // only the seal is wrong, and the warm seal's result must not carry over.
    const badMakerSig = sesv({ seal: flip(seal, -3), data: doc(1) })
    const r1 = await v.verify({ seal: badMakerSig, data: doc(1) })
    expect(outcome(r1)).toBe('TOTAL_FAILED/SIG_CRYPTO_FAILURE')
    expect(r1.checks.find((c) => c.name === 'seal maker signature')?.passed).toBe(false)
    expect(r1.checks.find((c) => c.name === 'signature')?.passed).toBe(true)
    // One byte of SES_SealInfo changed (an esID digit, still valid IA5): the maker's signature fails.
    const at = indexOf(seal, Buffer.from('51060000000001')) + 13
    const badInfo = sesv({ seal: flip(seal, at), data: doc(1) })
    const r2 = await v.verify({ seal: badInfo, data: doc(1) })
    expect(outcome(r2)).toBe('TOTAL_FAILED/SIG_CRYPTO_FAILURE')
    expect(r2.seal?.esID).toBe('51060000000000')
    // And the good one is still good.
    expect(outcome(await v.verify({ seal: der, data: doc(1) }))).toBe('TOTAL_PASSED')
  })

  it('the same seal on new documents: every document signature is verified', async () => {
    const v = verifierFor(pki)
    const seal = pki.seal()
    await warm(() => v.verify({ seal: sesv({ seal, data: doc(1) }), data: doc(1) }))
    for (let n = 2; n < 6; n++) expect(outcome(await v.verify({ seal: sesv({ seal, data: doc(n) }), data: doc(n) }))).toBe('TOTAL_PASSED')
    // A new document under the warm seal with a broken signature, and one signed with the empty SM2 ID.
    expect(outcome(await v.verify({ seal: flip(sesv({ seal, data: doc(7) }), -3), data: doc(7) }))).toBe('TOTAL_FAILED/SIG_CRYPTO_FAILURE')
    const [tbs, cert, alg] = children(parseDer(sesv({ seal, data: doc(8) })))
    const key = createPrivateKey(pki.deyangSigner.privateKey.export({ format: 'pem', type: 'pkcs8' }))
    const emptyId = seq(rawBytes(tbs!), rawBytes(cert!), rawBytes(alg!), bitString(sign('sm3', rawBytes(tbs!), key)))
    expect(outcome(await v.verify({ seal: emptyId, data: doc(8) }))).toBe('TOTAL_FAILED/SIG_CRYPTO_FAILURE')
  })

  it('a standalone seal: warm, then one changed byte in its signature or contents fails', async () => {
    const v = verifierFor(pki)
    const seal = pki.seal()
    await warm(() => v.verify({ seal }))
    expect(outcome(await v.verify({ seal: flip(seal, -3) }))).toBe('TOTAL_FAILED/SIG_CRYPTO_FAILURE')
    expect(outcome(await v.verify({ seal: flip(seal, indexOf(seal, Buffer.from('51060000000001')) + 13) }))).toBe('TOTAL_FAILED/SIG_CRYPTO_FAILURE')
    expect(outcome(await v.verify({ seal }))).toBe('TOTAL_PASSED')
  })

  it('a seal that expires, or a signer revoked later, fails although the seal is cached', async () => {
    let clock = new Date()
    const v = verifierFor(pki, { now: () => clock })
    const seal = pki.seal({ validTo: new Date(Date.now() + 2 * DAY) })
    await warm(() => v.verify({ seal }))
    clock = new Date(Date.now() + 3 * DAY)
    expect(outcome(await v.verify({ seal }))).toBe('TOTAL_FAILED/EXPIRED')

    const empty = createCrl({ issuer: { certificate: pki.deyangRoot.pem, privateKey: pki.deyangRoot.privateKey }, thisUpdate: new Date(Date.now() - 120_000) })
    const r = verifierFor(pki, { crls: [empty.pem], revocation: 'require' })
    const der = sesv({ seal: pki.seal(), data: doc(1), signingTime: new Date(Date.now() - 1000) })
    await warm(() => r.verify({ seal: der, data: doc(1) }))
    const signerCert = parseCertificate(pki.deyangSigner.pem)
    r.addCrl(createCrl({ issuer: { certificate: pki.deyangRoot.pem, privateKey: pki.deyangRoot.privateKey }, thisUpdate: new Date(Date.now() - 60_000),
      revoked: [{ serialNumber: signerCert.serialNumber, revokedAt: new Date(Date.now() - 90_000), reason: 'keyCompromise' }] }).pem)
    const revoked = await r.verify({ seal: der, data: doc(1) })
    expect(outcome(revoked)).toBe('TOTAL_FAILED/REVOKED')
    expect(revoked.revocation?.reason).toBe('keyCompromise')
  })
})
