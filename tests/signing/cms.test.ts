import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createVerifier, parseCertificate, signCms, type RegionAnchors } from '../../signing/index.js'
import { makeOpenSslPki, type OpenSslPki } from '../fixtures/openssl-pki.js'
import { makePki, party, DAY, type Pki } from '../fixtures/pki.js'
import { flip, indexOf, outcome, verifierFor } from './helpers.js'

let o: OpenSslPki
let pki: Pki
let anchors: RegionAnchors[]
let data: Buffer

beforeAll(() => {
  o = makeOpenSslPki()
  pki = makePki()
  data = o.read('data.txt')
  anchors = [{ region: '510100', name: 'OpenSSL RSA', caCertificates: [o.text('rsa-ca.pem')], sealMakers: [], jwks: { keys: [] } },
    { region: '511400', name: 'OpenSSL EC', caCertificates: [o.text('ec-ca.pem')], sealMakers: [], jwks: { keys: [] } }]
})
afterAll(() => o.cleanup())

const osl = (extra = {}) => createVerifier({ trust: anchors, offline: true, ...extra })

describe('CMS made by openssl cms -sign', () => {
  it.each(['rsa.cms', 'rsa-pss.cms', 'ec.cms'])('%s verifies TOTAL_PASSED with signer and region', async (f) => {
    const r = await osl().verify({ cms: o.read(f), data })
    expect(outcome(r)).toBe('TOTAL_PASSED')
    expect(r.signer?.region).toBe(f.startsWith('ec') ? '511400' : '510100')
    expect(r.signingTime).toBeDefined()
  })
  it('accepts base64 and PEM text', async () => {
    const r = await osl().verify({ cms: o.read('rsa.cms').toString('base64'), data })
    expect(r.indication).toBe('TOTAL_PASSED')
  })
  it('one flipped byte in the data → HASH_FAILURE', async () => {
    expect(outcome(await osl().verify({ cms: o.read('rsa.cms'), data: flip(data, 3) }))).toBe('TOTAL_FAILED/HASH_FAILURE')
  })
  it('one flipped byte in the signature → SIG_CRYPTO_FAILURE', async () => {
    expect(outcome(await osl().verify({ cms: flip(o.read('ec.cms'), -5), data }))).toBe('TOTAL_FAILED/SIG_CRYPTO_FAILURE')
    expect(outcome(await osl().verify({ cms: flip(o.read('rsa-pss.cms'), -5), data }))).toBe('TOTAL_FAILED/SIG_CRYPTO_FAILURE')
  })
  it('one flipped byte in the embedded certificate signature → CERTIFICATE_CHAIN_GENERAL_FAILURE', async () => {
    const cms = o.read('rsa.cms')
    const leaf = parseCertificate(o.text('rsa-leaf.pem'))
    const at = indexOf(cms, leaf.der) + leaf.der.length - 3
    expect(outcome(await osl().verify({ cms: flip(cms, at), data }))).toBe('INDETERMINATE/CERTIFICATE_CHAIN_GENERAL_FAILURE')
  })
  it('untrusted root → NO_CERTIFICATE_CHAIN_FOUND', async () => {
    const v = createVerifier({ trust: [anchors[1]!], offline: true })
    expect(outcome(await v.verify({ cms: o.read('rsa.cms'), data }))).toBe('INDETERMINATE/NO_CERTIFICATE_CHAIN_FOUND')
  })
  it('another region than expected → CHAIN_CONSTRAINTS_FAILURE', async () => {
    expect(outcome(await osl().verify({ cms: o.read('rsa.cms'), data }, { expectedRegion: '511400' }))).toBe('INDETERMINATE/CHAIN_CONSTRAINTS_FAILURE')
  })
  it('expired and not-yet-valid signers (openssl ca -startdate/-enddate)', async () => {
    expect(outcome(await osl().verify({ cms: o.read('expired.cms'), data }))).toBe('TOTAL_FAILED/EXPIRED')
    expect(outcome(await osl().verify({ cms: o.read('notyet.cms'), data }))).toBe('TOTAL_FAILED/NOT_YET_VALID')
  })
  it('revoked by an openssl ca -gencrl CRL → REVOKED with revokedAt', async () => {
    const r = await osl({ crls: [o.read('rsa-ca.crl')], revocation: 'require' }).verify({ cms: o.read('revoked.cms'), data })
    expect(outcome(r)).toBe('TOTAL_FAILED/REVOKED')
    expect(r.revocation?.reason).toBe('keyCompromise')
    expect(r.revocation?.revokedAt).toBeDefined()
    expect(outcome(await osl({ crls: [o.read('rsa-ca.crl')], revocation: 'require' }).verify({ cms: o.read('rsa.cms'), data }))).toBe('TOTAL_PASSED')
  })
  it('revocation required and no CRL → TRY_LATER', async () => {
    expect(outcome(await osl({ revocation: 'require' }).verify({ cms: o.read('rsa.cms'), data }))).toBe('INDETERMINATE/TRY_LATER')
  })
  it('detached without data → SIGNED_DATA_NOT_FOUND; truncated and garbage → FORMAT_FAILURE', async () => {
    expect(outcome(await osl().verify({ cms: o.read('rsa.cms') }))).toBe('INDETERMINATE/SIGNED_DATA_NOT_FOUND')
    expect(outcome(await osl().verify({ cms: o.read('rsa.cms').subarray(0, 300), data }))).toBe('TOTAL_FAILED/FORMAT_FAILURE')
    expect(outcome(await osl().verify({ cms: Buffer.from('garbage garbage'), data }))).toBe('TOTAL_FAILED/FORMAT_FAILURE')
  })
})

describe('CMS made by signCms', () => {
  it('RSA (with intermediate), RSA-PSS, ECDSA and SM2 verify TOTAL_PASSED', async () => {
    const v = verifierFor(pki)
    for (const cms of [pki.cms(pki.chengduLeaf, [pki.chengduSub]), pki.cms(pki.chengduLeaf, [pki.chengduSub], { pss: true }), pki.cms(pki.meishanLeaf), pki.cms(pki.deyangSigner)]) {
      const r = await v.verify({ cms, data: pki.data })
      expect(outcome(r), r.reason).toBe('TOTAL_PASSED')
    }
  })
  it('is accepted by openssl cms -verify (RSA, PSS, ECDSA)', () => {
    writeFileSync(join(o.dir, 'ours.data'), pki.data)
    writeFileSync(join(o.dir, 'ours-ca.pem'), pki.chengduRoot.pem + pki.meishanRoot.pem)
    for (const [i, cms] of [pki.cms(pki.chengduLeaf, [pki.chengduSub]), pki.cms(pki.chengduLeaf, [pki.chengduSub], { pss: true }), pki.cms(pki.meishanLeaf)].entries()) {
      writeFileSync(join(o.dir, `ours-${i}.cms`), cms)
      o.run('cms', '-verify', '-binary', '-inform', 'DER', '-in', `ours-${i}.cms`, '-content', 'ours.data', '-CAfile', 'ours-ca.pem', '-purpose', 'any', '-out', '/dev/null')
    }
  })
  it('certificates supplied instead of embedded; missing → NO_SIGNING_CERTIFICATE_FOUND', async () => {
    const cms = pki.cms(pki.meishanLeaf, [], { omitCertificates: true })
    const v = verifierFor(pki)
    expect(outcome(await v.verify({ cms, data: pki.data }))).toBe('INDETERMINATE/NO_SIGNING_CERTIFICATE_FOUND')
    expect(outcome(await v.verify({ cms, data: pki.data, certificates: [pki.meishanLeaf.pem] }))).toBe('TOTAL_PASSED')
  })
  it('wrong key: signed by one key, certificate of another → SIG_CRYPTO_FAILURE', async () => {
    const other = party('P-256', { CN: 'other' }, pki.meishanRoot)
    const cms = signCms(pki.data, { certificate: pki.meishanLeaf.pem, privateKey: other.privateKey })
    expect(outcome(await verifierFor(pki).verify({ cms, data: pki.data }))).toBe('TOTAL_FAILED/SIG_CRYPTO_FAILURE')
  })
  it('pathLen 0 on the issuing CA rejects a deeper chain → CHAIN_CONSTRAINTS_FAILURE', async () => {
    const deeper = party('RSA', { CN: 'too deep CA' }, pki.chengduSub, { ca: true })
    const leaf = party('RSA', { CN: 'too deep leaf' }, deeper)
    const r = await verifierFor(pki).verify({ cms: pki.cms(leaf, [deeper, pki.chengduSub]), data: pki.data })
    expect(outcome(r)).toBe('INDETERMINATE/CHAIN_CONSTRAINTS_FAILURE')
  })
  it('signing time after the certificate expired → EXPIRED; before notBefore → NOT_YET_VALID', async () => {
    const v = verifierFor(pki)
    const late = pki.cms(pki.meishanLeaf, [], { signingTime: new Date(Date.now() + 400 * DAY) })
    expect(outcome(await v.verify({ cms: late, data: pki.data }))).toBe('TOTAL_FAILED/EXPIRED')
    const early = pki.cms(pki.meishanLeaf, [], { signingTime: new Date(Date.now() - 10 * DAY) })
    expect(outcome(await v.verify({ cms: early, data: pki.data }))).toBe('TOTAL_FAILED/NOT_YET_VALID')
  })
})

// Parsed CMS and its certificate SET are cached by their exact bytes (signing/exact-cache.ts).
describe('CMS on a warm verifier', () => {
  it('the same buffer edited in place after warm runs fails, and passes again when restored', async () => {
    const v = verifierFor(pki)
    const cms = Buffer.from(pki.cms(pki.chengduLeaf, [pki.chengduSub]))
    for (let i = 0; i < 4; i++) expect(outcome(await v.verify({ cms, data: pki.data }))).toBe('TOTAL_PASSED')
    const at = cms.length - 5
    cms[at] = cms[at]! ^ 1
    expect(outcome(await v.verify({ cms, data: pki.data }))).toBe('TOTAL_FAILED/SIG_CRYPTO_FAILURE')
    cms[at] = cms[at]! ^ 1
    expect(outcome(await v.verify({ cms, data: pki.data }))).toBe('TOTAL_PASSED')
    expect(outcome(await v.verify({ cms, data: flip(pki.data, 2) }))).toBe('TOTAL_FAILED/HASH_FAILURE')
  })
  it('new documents with the warm certificate SET: each signature is checked, another signer is found', async () => {
    const v = verifierFor(pki)
    const doc = (n: number) => Buffer.from(`licence ${n}`)
    for (let n = 0; n < 4; n++)
      expect(outcome(await v.verify({ cms: signCms(doc(n), { certificate: pki.chengduLeaf.pem, privateKey: pki.chengduLeaf.privateKey, chain: [pki.chengduSub.pem] }), data: doc(n) }))).toBe('TOTAL_PASSED')
    // Same certificate SET bytes, but signed by a key that is not the certificate's.
    const rogue = party('RSA', { CN: 'rogue' })
    const forged = signCms(doc(9), { certificate: pki.chengduLeaf.pem, privateKey: rogue.privateKey, chain: [pki.chengduSub.pem] })
    expect(outcome(await v.verify({ cms: forged, data: doc(9) }))).toBe('TOTAL_FAILED/SIG_CRYPTO_FAILURE')
    // Certificates supplied besides the embedded ones change the request, not a cached answer.
    const bare = pki.cms(pki.meishanLeaf, [], { omitCertificates: true })
    expect(outcome(await v.verify({ cms: bare, data: pki.data, certificates: [pki.meishanLeaf.pem] }))).toBe('TOTAL_PASSED')
    expect(outcome(await v.verify({ cms: bare, data: pki.data }))).toBe('INDETERMINATE/NO_SIGNING_CERTIFICATE_FOUND')
  })
})
