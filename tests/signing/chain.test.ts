import { beforeAll, describe, expect, it } from 'vitest'
import { createVerifier, signJws } from '../../signing/index.js'
import { makePki, party, DAY, type Party, type Pki } from '../fixtures/pki.js'
import { outcome, verifierFor } from './helpers.js'

// Built paths are cached per verifier (signing/chain.ts ChainPlan); what depends on the moment
// or on the caller must still be judged on every call.
let pki: Pki
let shortLived: Party
const T0 = Date.now()
beforeAll(() => {
  pki = makePki()
  shortLived = party('P-256', { C: 'CN', O: '眉山市', CN: 'short-lived signer' }, pki.meishanRoot,
    { notBefore: new Date(T0 - DAY), notAfter: new Date(T0 + DAY) })
})

const warm = async (verify: () => Promise<{ indication: string; subIndication?: string }>, times = 4): Promise<void> => {
  for (let i = 0; i < times; i++) expect(outcome(await verify() as never)).toBe('TOTAL_PASSED')
}

describe('cached certification paths', () => {
  it('still expire when the clock passes notAfter, and are not yet valid before notBefore', async () => {
    let clock = new Date(T0)
    const v = verifierFor(pki, { now: () => clock })
    // No iat: the signer is judged at the verifier's clock.
    const jws = await signJws({ licence: 'MS-1' }, shortLived.privateKey, { x5c: [shortLived.pem] })
    await warm(() => v.verify({ jws }))
    clock = new Date(T0 + 2 * DAY)
    expect(outcome(await v.verify({ jws }))).toBe('TOTAL_FAILED/EXPIRED')
    clock = new Date(T0 - 2 * DAY)
    expect(outcome(await v.verify({ jws }))).toBe('TOTAL_FAILED/NOT_YET_VALID')
    clock = new Date(T0)
    expect(outcome(await v.verify({ jws }))).toBe('TOTAL_PASSED')
  })

  it('with a claimed signing time: expired since then → OUT_OF_BOUNDS_NO_POE once the clock moves on', async () => {
    let clock = new Date(T0)
    const v = verifierFor(pki, { now: () => clock })
    const cms = pki.cms(shortLived, [], { signingTime: new Date(T0 - 1000) })
    await warm(() => v.verify({ cms, data: pki.data }))
    clock = new Date(T0 + 2 * DAY)
    expect(outcome(await v.verify({ cms, data: pki.data }))).toBe('INDETERMINATE/OUT_OF_BOUNDS_NO_POE')
  })

  it('judge the expected region per call', async () => {
    const v = verifierFor(pki)
    const cms = pki.cms(pki.meishanLeaf)
    await warm(() => v.verify({ cms, data: pki.data }))
    expect(outcome(await v.verify({ cms, data: pki.data }, { expectedRegion: '510100' }))).toBe('INDETERMINATE/CHAIN_CONSTRAINTS_FAILURE')
    const ok = await v.verify({ cms, data: pki.data }, { expectedRegion: '511400' })
    expect(outcome(ok)).toBe('TOTAL_PASSED')
    expect(ok.signer?.region).toBe('511400')
  })

  it('belong to their verifier: another verifier without that anchor finds no chain', async () => {
    const cms = pki.cms(pki.meishanLeaf)
    await warm(() => verifierFor(pki).verify({ cms, data: pki.data }))
    const withoutMeishan = createVerifier({ trust: pki.regions.filter((r) => r.region !== '511400'), offline: true })
    expect(outcome(await withoutMeishan.verify({ cms, data: pki.data }))).toBe('INDETERMINATE/NO_CERTIFICATE_CHAIN_FOUND')
  })

  it('a certificate whose signature was forged is refused however warm the verifier is', async () => {
    const v = verifierFor(pki)
    await warm(() => v.verify({ cms: pki.cms(pki.meishanLeaf), data: pki.data }))
    // Same subject and issuer name as the real leaf, but issued by a rogue key.
    const rogueRoot = party('P-256', { C: 'CN', O: '眉山市', CN: 'Meishan Root CA' })
    const impostor = party('P-256', { C: 'CN', O: '眉山市', CN: 'Meishan licence signer' }, rogueRoot)
    const r = await v.verify({ cms: pki.cms(impostor), data: pki.data })
    // Refused by the key identifiers (no path) or, without them, by the issuer's signature.
    expect(['INDETERMINATE/NO_CERTIFICATE_CHAIN_FOUND', 'INDETERMINATE/CERTIFICATE_CHAIN_GENERAL_FAILURE']).toContain(outcome(r))
  })
})
