import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPrivateKey, sign } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { generateSigningKeyPair, sm2PublicPoint, sm2Sign, sm2Verify, SigningError } from '../../signing/index.js'
import { makeOpenSslPki, type OpenSslPki } from '../fixtures/openssl-pki.js'

const ID = '1234567812345678'
let pki: OpenSslPki
let point: Uint8Array
const msg = Buffer.from('成德眉资 同城化 SM2 test message\n')

beforeAll(() => {
  pki = makeOpenSslPki()
  writeFileSync(join(pki.dir, 'msg.txt'), msg)
  pki.run('dgst', '-sm3', '-sign', 'sm2-leaf.key', '-sigopt', `distid:${ID}`, '-out', 'sig-default.der', 'msg.txt')
  pki.run('dgst', '-sm3', '-sign', 'sm2-leaf.key', '-out', 'sig-empty.der', 'msg.txt')
  pki.run('dgst', '-sm3', '-sign', 'sm2-leaf.key', '-sigopt', 'distid:ALICE123@YAHOO.COM', '-out', 'sig-alice.der', 'msg.txt')
  point = sm2PublicPoint(createPrivateKey(pki.read('sm2-leaf.key')))
})
afterAll(() => pki.cleanup())

describe('sm2Verify (GB/T 32918, default ID) against OpenSSL signatures', () => {
  for (const engine of ['node', 'noble'] as const) {
    it(`${engine}: accepts the default-ID signature and rejects empty-ID, other-ID and tampered`, () => {
      expect(sm2Verify(point, msg, pki.read('sig-default.der'), { engine })).toBe(true)
      expect(sm2Verify(point, msg, pki.read('sig-empty.der'), { engine })).toBe(false)
      expect(sm2Verify(point, msg, pki.read('sig-alice.der'), { engine })).toBe(false)
      expect(sm2Verify(point, msg, pki.read('sig-alice.der'), { engine, id: 'ALICE123@YAHOO.COM' })).toBe(true)
      expect(sm2Verify(point, Buffer.concat([msg, Buffer.from('x')]), pki.read('sig-default.der'), { engine })).toBe(false)
    })
  }
  it('never throws on garbage keys or signatures', () => {
    expect(sm2Verify(new Uint8Array(65), msg, pki.read('sig-default.der'))).toBe(false)
    expect(sm2Verify(point, msg, new Uint8Array(7))).toBe(false)
    expect(sm2Verify(point, msg, new Uint8Array(64))).toBe(false)
  })
})

describe('sm2Sign', () => {
  it('makes signatures OpenSSL verifies with distid 1234567812345678, in DER and raw r‖s', () => {
    const kp = generateSigningKeyPair('SM2')
    const der = sm2Sign(kp.privateKey, msg)
    const raw = sm2Sign(kp.privateKey, msg, { format: 'raw' })
    expect(raw.length).toBe(64)
    const p = sm2PublicPoint(kp.publicKey)
    expect(sm2Verify(p, msg, der)).toBe(true)
    expect(sm2Verify(p, msg, raw, { engine: 'noble' })).toBe(true)
    writeFileSync(join(pki.dir, 'ours.sig'), der)
    writeFileSync(join(pki.dir, 'ours.pub'), kp.publicKey.export({ format: 'pem', type: 'spki' }))
    expect(pki.run('dgst', '-sm3', '-verify', 'ours.pub', '-sigopt', `distid:${ID}`, '-signature', 'ours.sig', 'msg.txt')).toContain('Verified OK')
  })
  it('an empty-ID signature made by Node does not verify', () => {
    const kp = generateSigningKeyPair('SM2')
    const emptyId = sign('sm3', msg, kp.privateKey)
    expect(sm2Verify(sm2PublicPoint(kp.publicKey), msg, emptyId)).toBe(false)
  })
  it('throws KEY_INVALID for a non-SM2 key', () => {
    const kp = generateSigningKeyPair('P-256')
    expect(() => sm2Sign(kp.privateKey, msg)).toThrow(SigningError)
    try { sm2Sign(kp.privateKey, msg) } catch (e) { expect((e as SigningError).code).toBe('KEY_INVALID') }
  })
})
