import { beforeAll, describe, expect, it } from 'vitest'
import { compactVerify, flattenedVerify, generalVerify, importX509 } from 'jose'
import { createCrl, parseCertificate, signJws } from '../../signing/index.js'
import { DAY, makePki, type Pki } from '../fixtures/pki.js'
import { outcome, verifierFor } from './helpers.js'

let pki: Pki
beforeAll(() => { pki = makePki() })

describe('JWS with x5c', () => {
  it('RS256, PS256 (with intermediate) and ES256 pass, agreeing with jose', async () => {
    const v = verifierFor(pki)
    const cases = [
      [await pki.jws(pki.chengduLeaf, [pki.chengduSub]), pki.chengduLeaf, 'RS256'],
      [await pki.jws(pki.chengduLeaf, [pki.chengduSub], { pss: true }), pki.chengduLeaf, 'PS256'],
      [await pki.jws(pki.meishanLeaf), pki.meishanLeaf, 'ES256'],
    ] as const
    for (const [jws, signer, alg] of cases) {
      const r = await v.verify({ jws })
      expect(outcome(r), r.reason).toBe('TOTAL_PASSED')
      expect(r.payload).toMatchObject({ licence: 'CD-2026-0001' })
      await expect(compactVerify(jws, await importX509(signer.pem, alg))).resolves.toBeTruthy()
    }
  })
  it('flattened and general JSON serialisations', async () => {
    const v = verifierFor(pki)
    const flat = await pki.jws(pki.meishanLeaf, [], { serialization: 'flattened' })
    const general = await pki.jws(pki.meishanLeaf, [], { serialization: 'general' })
    expect(outcome(await v.verify({ jws: flat }))).toBe('TOTAL_PASSED')
    expect(outcome(await v.verify({ jws: general }))).toBe('TOTAL_PASSED')
    const key = await importX509(pki.meishanLeaf.pem, 'ES256')
    await expect(flattenedVerify(JSON.parse(flat), key)).resolves.toBeTruthy()
    await expect(generalVerify(JSON.parse(general), key)).resolves.toBeTruthy()
  })
  it('detached payload (RFC 7515 Appendix F)', async () => {
    const jws = await signJws(pki.data, pki.meishanLeaf.privateKey, { x5c: [pki.meishanLeaf.pem], detached: true })
    const v = verifierFor(pki)
    expect(outcome(await v.verify({ jws, data: pki.data }))).toBe('TOTAL_PASSED')
    expect(outcome(await v.verify({ jws }))).toBe('INDETERMINATE/SIGNED_DATA_NOT_FOUND')
  })
  it('tampered payload / signature → SIG_CRYPTO_FAILURE, as jose also rejects', async () => {
    const jws = await pki.jws(pki.meishanLeaf)
    const [h, p, s] = jws.split('.')
    const tampered = `${h}.${Buffer.from(Buffer.from(p!, 'base64url').toString().replace('0001', '0002')).toString('base64url')}.${s}`
    expect(outcome(await verifierFor(pki).verify({ jws: tampered }))).toBe('TOTAL_FAILED/SIG_CRYPTO_FAILURE')
    await expect(compactVerify(tampered, await importX509(pki.meishanLeaf.pem, 'ES256'))).rejects.toThrow()
    const badSig = `${h}.${p}.${s!.slice(0, 10)}${s![10] === 'A' ? 'B' : 'A'}${s!.slice(11)}`
    expect(outcome(await verifierFor(pki).verify({ jws: badSig }))).toBe('TOTAL_FAILED/SIG_CRYPTO_FAILURE')
  })
  it('wrong key: x5c names another certificate → SIG_CRYPTO_FAILURE', async () => {
    const jws = await signJws({ a: 1 }, pki.meishanJwk.privateKey, { x5c: [pki.meishanLeaf.pem] })
    expect(outcome(await verifierFor(pki).verify({ jws }))).toBe('TOTAL_FAILED/SIG_CRYPTO_FAILURE')
  })
  it('alg none, crit and malformed input → FORMAT_FAILURE', async () => {
    const v = verifierFor(pki)
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{}').toString('base64url')}.`
    expect(outcome(await v.verify({ jws: none }))).toBe('TOTAL_FAILED/FORMAT_FAILURE')
    expect(outcome(await v.verify({ jws: 'a.b' }))).toBe('TOTAL_FAILED/FORMAT_FAILURE')
    const crit = await signJws({ a: 1 }, pki.meishanLeaf.privateKey, { x5c: [pki.meishanLeaf.pem] })
    const [, p, s] = crit.split('.')
    const h = Buffer.from(JSON.stringify({ alg: 'ES256', crit: ['exp'], exp: 1 })).toString('base64url')
    expect(outcome(await v.verify({ jws: `${h}.${p}.${s}` }))).toBe('TOTAL_FAILED/FORMAT_FAILURE')
  })
})

describe('JWS by kid from a region JWKS', () => {
  it('ES256 (Meishan) and EdDSA (Ziyang) pass with the region reported', async () => {
    const v = verifierFor(pki)
    const es = await signJws({ x: 1 }, pki.meishanJwk.privateKey, { kid: 'meishan-1' })
    const ed = await signJws({ x: 2 }, pki.ziyangJwk.privateKey, { kid: 'ziyang-1' })
    const r1 = await v.verify({ jws: es })
    expect(outcome(r1)).toBe('TOTAL_PASSED')
    expect(r1.signer?.region).toBe('511400')
    const r2 = await v.verify({ jws: ed })
    expect(outcome(r2)).toBe('TOTAL_PASSED')
    expect(r2.signer?.region).toBe('512000')
  })
  it('unknown kid → NO_SIGNING_CERTIFICATE_FOUND; another region than expected → CHAIN_CONSTRAINTS_FAILURE', async () => {
    const v = verifierFor(pki)
    expect(outcome(await v.verify({ jws: await signJws({ x: 1 }, pki.meishanJwk.privateKey, { kid: 'nope' }) }))).toBe('INDETERMINATE/NO_SIGNING_CERTIFICATE_FOUND')
    const es = await signJws({ x: 1 }, pki.meishanJwk.privateKey, { kid: 'meishan-1' })
    expect(outcome(await v.verify({ jws: es }, { expectedRegion: '510600' }))).toBe('INDETERMINATE/CHAIN_CONSTRAINTS_FAILURE')
  })
  it('a kid key used with the wrong algorithm family fails', async () => {
    const forged = await signJws({ x: 1 }, pki.ziyangJwk.privateKey, { kid: 'meishan-1' })
    expect(outcome(await verifierFor(pki).verify({ jws: forged }))).toBe('TOTAL_FAILED/SIG_CRYPTO_FAILURE')
  })
})

// Decoded protected headers (with their x5c chains) are cached by their exact text.
describe('JWS on a warm verifier', () => {
  it('a tampered payload, signature or x5c after warm runs still fails', async () => {
    const v = verifierFor(pki)
    const jws = await pki.jws(pki.chengduLeaf, [pki.chengduSub])
    for (let i = 0; i < 4; i++) expect(outcome(await v.verify({ jws }))).toBe('TOTAL_PASSED')
    const [h, p, s] = jws.split('.')
    const p2 = Buffer.from(Buffer.from(p!, 'base64url').toString().replace('0001', '0002')).toString('base64url')
    expect(outcome(await v.verify({ jws: `${h}.${p2}.${s}` }))).toBe('TOTAL_FAILED/SIG_CRYPTO_FAILURE')
    expect(outcome(await v.verify({ jws: `${h}.${p}.${s!.slice(0, 20)}${s![20] === 'A' ? 'B' : 'A'}${s!.slice(21)}` }))).toBe('TOTAL_FAILED/SIG_CRYPTO_FAILURE')
    // The warm header's signature under a header naming another certificate.
    const other = await pki.jws(pki.meishanLeaf)
    expect(outcome(await v.verify({ jws: `${other.split('.')[0]}.${p}.${s}` }))).not.toBe('TOTAL_PASSED')
    expect(outcome(await v.verify({ jws }))).toBe('TOTAL_PASSED')
  })
  it('new payloads under a warm header verify each signature', async () => {
    const v = verifierFor(pki)
    const mk = (n: number) => signJws({ licence: `CD-${n}` }, pki.chengduLeaf.privateKey, { x5c: [pki.chengduLeaf.pem, pki.chengduSub.pem] })
    for (let n = 0; n < 4; n++) {
      const r = await v.verify({ jws: await mk(n) })
      expect(outcome(r)).toBe('TOTAL_PASSED')
      expect(r.payload).toEqual({ licence: `CD-${n}` })
    }
    const [h, , s] = (await mk(1)).split('.')
    const p = Buffer.from(JSON.stringify({ licence: 'CD-2' })).toString('base64url')
    expect(outcome(await v.verify({ jws: `${h}.${p}.${s}` }))).toBe('TOTAL_FAILED/SIG_CRYPTO_FAILURE')
  })
  // From its second sighting a compact JWS is parsed once and kept; time, trust, revocation and
  // the signature itself must still be judged on every verification.
  it('a JWS verified again and again is still judged each time: revocation, expiry, data, frozen payload', async () => {
    let clock = new Date()
    const revocable = () => createCrl({ issuer: { certificate: pki.chengduSub.pem, privateKey: pki.chengduSub.privateKey } }).der
    const v = verifierFor(pki, { now: () => clock, crls: [pki.emptyCrl(pki.chengduRoot), revocable()], revocation: 'require' })
    const jws = await pki.jws(pki.chengduLeaf, [pki.chengduSub])
    const first = await v.verify({ jws })
    for (let i = 0; i < 3; i++) expect(outcome(await v.verify({ jws }))).toBe('TOTAL_PASSED')
    const kept = await v.verify({ jws })
    expect(kept.payload).toEqual(first.payload)
    // One caller cannot change what the next one sees.
    expect(() => { (kept.payload as Record<string, unknown>).licence = 'forged' }).toThrow(TypeError)
    expect((await v.verify({ jws })).payload).toMatchObject({ licence: 'CD-2026-0001' })
    // A copy of the same text in a new string is the same document.
    expect(outcome(await v.verify({ jws: (' ' + jws).slice(1) }))).toBe('TOTAL_PASSED')
    // Supplied data that differs from the kept payload.
    expect(outcome(await v.verify({ jws, data: Buffer.from('other') }))).toBe('TOTAL_FAILED/HASH_FAILURE')
    // A CRL published after the JWS was kept, revoking its signer before the signing time.
    const serial = parseCertificate(pki.chengduLeaf.pem).serialNumber
    v.addCrl(createCrl({ issuer: { certificate: pki.chengduSub.pem, privateKey: pki.chengduSub.privateKey }, thisUpdate: new Date(Date.now() - 1000),
      revoked: [{ serialNumber: serial, revokedAt: new Date(Date.now() - 2 * DAY) }] }).der)
    expect(outcome(await v.verify({ jws }))).toBe('TOTAL_FAILED/REVOKED')
    // And a clock past the certificate's validity, on a verifier that kept the same JWS.
    const v2 = verifierFor(pki, { now: () => clock, crls: [pki.emptyCrl(pki.chengduRoot), pki.emptyCrl(pki.chengduSub)], revocation: 'require' })
    for (let i = 0; i < 3; i++) expect(outcome(await v2.verify({ jws }))).toBe('TOTAL_PASSED')
    clock = new Date(Date.now() + 400 * DAY)
    // Signed while valid, judged after expiry with no proof of existence (EN 319 102-1).
    expect(outcome(await v2.verify({ jws }))).toBe('INDETERMINATE/OUT_OF_BOUNDS_NO_POE')
  })
})
