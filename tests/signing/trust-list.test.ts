import { beforeAll, describe, expect, it } from 'vitest'
import { createTrustList, createVerifier, generateSigningKeyPair, openTrustList, SigningError } from '../../signing/index.js'
import { makePki, party, DAY, type Pki } from '../fixtures/pki.js'
import { outcome } from './helpers.js'

let pki: Pki
beforeAll(() => { pki = makePki() })
const content = () => ({ issuer: '四川省 Sichuan', regions: pki.regions, expiresAt: new Date(Date.now() + 7 * DAY) })
async function code(p: Promise<unknown>): Promise<string | undefined> {
  try { await p } catch (e) { return e instanceof SigningError ? e.code : `untyped ${String(e)}` }
  return undefined
}

describe('federation trust list', () => {
  it('opens a list signed with x5c and with a pinned key, and a verifier works offline from it', async () => {
    const withX5c = await createTrustList(content(), { privateKey: pki.province.privateKey, certificates: [pki.province.pem] })
    const bare = await createTrustList(content(), { privateKey: pki.province.privateKey })
    const list = await openTrustList(withX5c, pki.province.pem)
    expect(list.regions.map((r) => r.region)).toEqual(['510100', '510600', '511400', '512000'])
    await openTrustList(bare, pki.province.publicKey)
    const v = createVerifier({ trust: list, offline: true })
    expect(outcome(await v.verify({ cms: pki.cms(pki.meishanLeaf), data: pki.data }))).toBe('TOTAL_PASSED')
  })
  it('a list signed through a provincial sub-CA chains to the anchor', async () => {
    const sub = party('P-256', { CN: 'Sichuan trust list signer' }, pki.province)
    const jws = await createTrustList(content(), { privateKey: sub.privateKey, certificates: [sub.pem] })
    await expect(openTrustList(jws, pki.province.pem)).resolves.toBeTruthy()
  })
  it('refuses forged, tampered and expired lists with typed codes', async () => {
    const rogue = generateSigningKeyPair('P-256')
    const forged = await createTrustList(content(), { privateKey: rogue.privateKey })
    expect(await code(openTrustList(forged, pki.province.pem))).toBe('TRUST_LIST_INVALID')
    const selfIssued = party('P-256', { C: 'CN', O: '四川省', CN: 'Sichuan Provincial Trust Anchor' })
    expect(await code(openTrustList(await createTrustList(content(), { privateKey: selfIssued.privateKey, certificates: [selfIssued.pem] }), pki.province.pem))).toBe('TRUST_LIST_INVALID')
    const good = await createTrustList(content(), { privateKey: pki.province.privateKey })
    const [h, p, s] = good.split('.')
    const payload = JSON.parse(Buffer.from(p!, 'base64url').toString())
    payload.expiresAt = new Date(Date.now() + 999 * DAY).toISOString()
    expect(await code(openTrustList(`${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`, pki.province.pem))).toBe('TRUST_LIST_INVALID')
    expect(await code(openTrustList('not a jws', pki.province.pem))).toBe('TRUST_LIST_INVALID')
    expect(await code(openTrustList(good, pki.province.pem, { now: new Date(Date.now() + 8 * DAY) }))).toBe('TRUST_LIST_EXPIRED')
  })
  it('a verifier holding a list past its expiry answers INDETERMINATE/TRY_LATER', async () => {
    const list = await openTrustList(await createTrustList(content(), { privateKey: pki.province.privateKey }), pki.province.pem)
    const v = createVerifier({ trust: list, offline: true, now: new Date(Date.now() + 8 * DAY) })
    expect(outcome(await v.verify({ cms: pki.cms(pki.meishanLeaf), data: pki.data }))).toBe('INDETERMINATE/TRY_LATER')
  })
})
