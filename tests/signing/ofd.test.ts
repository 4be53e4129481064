import { beforeAll, describe, expect, it } from 'vitest'
import { unzipSync, zipSync } from 'fflate'
import { createSignedOfd } from '../../signing/index.js'
import { makePki, type Pki } from '../fixtures/pki.js'
import { outcome, verifierFor } from './helpers.js'

let pki: Pki
let ofd: Uint8Array
beforeAll(() => {
  pki = makePki()
  ofd = createSignedOfd({ seal: pki.seal(), signer: { certificate: pki.deyangSigner.pem, privateKey: pki.deyangSigner.privateKey } })
})

describe('OFD', () => {
  it('a signed OFD verifies, per signature, by ofd and by auto-detection', async () => {
    const v = verifierFor(pki)
    const r = await v.verify({ ofd })
    expect(outcome(r), r.reason).toBe('TOTAL_PASSED')
    expect(r.format).toBe('OFD')
    expect(r.signatures).toHaveLength(1)
    expect(r.signatures![0]!.seal?.name).toContain('德阳')
    expect(outcome(await v.verify({ auto: ofd }))).toBe('TOTAL_PASSED')
  })
  it('a page changed after signing → HASH_FAILURE', async () => {
    const files = unzipSync(ofd)
    files['Doc_0/Pages/Page_0/Content.xml'] = Buffer.from(Buffer.from(files['Doc_0/Pages/Page_0/Content.xml']!).toString().replace('营业执照', '营业执照X'))
    expect(outcome(await verifierFor(pki).verify({ ofd: zipSync(files) }))).toBe('TOTAL_FAILED/HASH_FAILURE')
  })
  it('Signature.xml changed → HASH_FAILURE (dataHash over the file propertyInfo names)', async () => {
    const files = unzipSync(ofd)
    files['Doc_0/Signs/Sign_0/Signature.xml'] = Buffer.from(Buffer.from(files['Doc_0/Signs/Sign_0/Signature.xml']!).toString().replace('tongban', 'tongbaX'))
    expect(outcome(await verifierFor(pki).verify({ ofd: zipSync(files) }))).toBe('TOTAL_FAILED/HASH_FAILURE')
  })
  it('unsigned package, missing OFD.xml and garbage → FORMAT_FAILURE', async () => {
    const v = verifierFor(pki)
    const files = unzipSync(ofd)
    delete files['Doc_0/Signs/Signatures.xml']
    delete files['Doc_0/Signs/Sign_0/Signature.xml']
    expect(outcome(await v.verify({ ofd: zipSync(files) }))).toBe('TOTAL_FAILED/FORMAT_FAILURE')
    expect(outcome(await v.verify({ ofd: zipSync({ 'a.txt': Buffer.from('x') }) }))).toBe('TOTAL_FAILED/FORMAT_FAILURE')
    expect(outcome(await v.verify({ ofd: Buffer.from('PK\x03\x04 broken') }))).toBe('TOTAL_FAILED/FORMAT_FAILURE')
  })
})
