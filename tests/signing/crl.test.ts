import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createCrl, createVerifier, parseCertificate, parseCrl, SigningError } from '../../signing/index.js'
import { makePki, party, DAY, type Party, type Pki } from '../fixtures/pki.js'
import { outcome } from './helpers.js'

let pki: Pki
let server: Server
let url: string
let hits = 0
let crlBytes: Uint8Array = new Uint8Array()
let leaf: Party

beforeAll(async () => {
  pki = makePki()
  server = createServer((_req, res) => { hits++; res.end(crlBytes) })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/meishan.crl`
  leaf = party('P-256', { CN: 'Meishan with CDP' }, pki.meishanRoot, { crlUrls: [url], notBefore: new Date(Date.now() - 10 * DAY) })
})
afterAll(() => new Promise<void>((r) => server.close(() => r())))

const issuer = () => ({ certificate: pki.meishanRoot.pem, privateKey: pki.meishanRoot.privateKey })

describe('CRLs', () => {
  it('parses revoked entries and reasons', () => {
    const serial = parseCertificate(leaf.pem).serialNumber
    const crl = parseCrl(createCrl({ issuer: issuer(), revoked: [{ serialNumber: serial, revokedAt: new Date(), reason: 'superseded' }] }).pem)
    expect(crl.revoked.get(serial)?.reason).toBe('superseded')
    expect(() => parseCrl(Buffer.from('nope'))).toThrow(SigningError)
  })
  it('fetches from the distribution point with undici and caches until nextUpdate', async () => {
    crlBytes = createCrl({ issuer: issuer() }).der
    hits = 0
    const v = createVerifier({ trust: pki.regions, revocation: 'require' })
    const cms = pki.cms(leaf)
    expect(outcome(await v.verify({ cms, data: pki.data }))).toBe('TOTAL_PASSED')
    expect(outcome(await v.verify({ cms, data: pki.data }))).toBe('TOTAL_PASSED')
    expect(hits).toBe(1)
  })
  it('revoked after the claimed signing time → REVOKED_NO_POE; before → REVOKED', async () => {
    const serial = parseCertificate(leaf.pem).serialNumber
    crlBytes = createCrl({ issuer: issuer(), revoked: [{ serialNumber: serial, revokedAt: new Date(Date.now() - 10_000) }] }).der
    const v = createVerifier({ trust: pki.regions, revocation: 'require' })
    // The root was issued a minute ago, so the claimed time must lie after that.
    const before = pki.cms(leaf, [], { signingTime: new Date(Date.now() - 30_000) })
    const after = pki.cms(leaf)
    expect(outcome(await v.verify({ cms: after, data: pki.data }))).toBe('TOTAL_FAILED/REVOKED')
    const r = await v.verify({ cms: before, data: pki.data })
    expect(r.revocation?.revokedAt).toBeDefined()
    expect(outcome(r)).toBe('INDETERMINATE/REVOKED_NO_POE')
  })
  it('a CRL signed by another key is ignored → TRY_LATER under require; offline never fetches', async () => {
    const rogue = party('P-256', { C: 'CN', O: '眉山市', CN: 'Meishan Root CA' })
    const forged = createCrl({ issuer: { certificate: rogue.pem, privateKey: rogue.privateKey } }).der
    const v = createVerifier({ trust: pki.regions, revocation: 'require', offline: true, crls: [forged] })
    expect(outcome(await v.verify({ cms: pki.cms(leaf), data: pki.data }))).toBe('INDETERMINATE/TRY_LATER')
    const lenient = createVerifier({ trust: pki.regions, revocation: 'if-available', offline: true })
    expect(outcome(await lenient.verify({ cms: pki.cms(leaf), data: pki.data }))).toBe('TOTAL_PASSED')
  })
  it('a CRL added after warm verifications still revokes a cached chain', async () => {
    const target = party('P-256', { CN: 'Meishan, revoked later' }, pki.meishanRoot, { notBefore: new Date(Date.now() - 10 * DAY) })
    const v = createVerifier({ trust: pki.regions, offline: true, revocation: 'require',
      crls: [createCrl({ issuer: issuer(), thisUpdate: new Date(Date.now() - 120_000) }).der] })
    const cms = pki.cms(target, [], { signingTime: new Date(Date.now() - 1000) })
    for (let i = 0; i < 4; i++) expect(outcome(await v.verify({ cms, data: pki.data }))).toBe('TOTAL_PASSED')
    const serial = parseCertificate(target.pem).serialNumber
    v.addCrl(createCrl({ issuer: issuer(), thisUpdate: new Date(Date.now() - 60_000), revoked: [{ serialNumber: serial, revokedAt: new Date(Date.now() - 90_000) }] }).pem)
    expect(outcome(await v.verify({ cms, data: pki.data }))).toBe('TOTAL_FAILED/REVOKED')
  })
  it('a dead distribution point is tried once per verification; the policy then decides', async () => {
    let calls = 0
    const v = createVerifier({ trust: pki.regions, revocation: 'require', fetchCrl: async () => { calls++; throw new Error('connection refused') } })
    const cms = pki.cms(leaf)
    expect(outcome(await v.verify({ cms, data: pki.data }))).toBe('INDETERMINATE/TRY_LATER')
    expect(calls).toBe(1)
    expect(outcome(await v.verify({ cms, data: pki.data }))).toBe('INDETERMINATE/TRY_LATER')
    expect(calls).toBe(2)
    const lenient = createVerifier({ trust: pki.regions, revocation: 'if-available', fetchCrl: async () => { calls++; throw new Error('down') } })
    expect(outcome(await lenient.verify({ cms, data: pki.data }))).toBe('TOTAL_PASSED')
    expect(calls).toBe(3)
  })
  it('a distribution point that answers later is used by the next verification', async () => {
    let up = false
    const good = createCrl({ issuer: issuer() }).der
    const v = createVerifier({ trust: pki.regions, revocation: 'require', fetchCrl: async () => { if (!up) throw new Error('down'); return good } })
    const cms = pki.cms(leaf)
    expect(outcome(await v.verify({ cms, data: pki.data }))).toBe('INDETERMINATE/TRY_LATER')
    up = true
    expect(outcome(await v.verify({ cms, data: pki.data }))).toBe('TOTAL_PASSED')
  })
})
