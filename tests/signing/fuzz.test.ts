import { beforeAll, describe, expect, it } from 'vitest'
import { createSignedOfd, type Verifier } from '../../signing/index.js'
import { makePki, type Pki } from '../fixtures/pki.js'
import { verifierFor } from './helpers.js'

// A deterministic xorshift generator, so a failure reproduces from the seed.
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1
  return () => { x ^= x << 13; x >>>= 0; x ^= x >> 17; x ^= x << 5; x >>>= 0; return x / 0x100000000 }
}

function mutate(b: Uint8Array, r: () => number): Uint8Array {
  const c = Uint8Array.from(b)
  switch (Math.floor(r() * 4)) {
    case 0: for (let i = 0; i < 1 + r() * 4; i++) { const at = Math.floor(r() * c.length); c[at] = c[at]! ^ (1 << Math.floor(r() * 8)) } return c
    case 1: return c.subarray(0, Math.floor(r() * c.length))
    case 2: { const at = Math.floor(r() * c.length); c[at] = Math.floor(r() * 256); return c }
    default: { const at = Math.floor(r() * c.length); return Uint8Array.from([...c.subarray(0, at), ...c.subarray(at + 1 + Math.floor(r() * 8))]) }
  }
}

let pki: Pki
let v: Verifier
let corpus: Array<{ kind: 'jws' | 'cms' | 'seal' | 'ofd' | 'auto'; bytes: Uint8Array }>
beforeAll(async () => {
  pki = makePki()
  v = verifierFor(pki)
  const seal = pki.seal()
  const { createSesSignature } = await import('../../signing/index.js')
  corpus = [
    { kind: 'jws', bytes: Buffer.from(await pki.jws(pki.meishanLeaf)) },
    { kind: 'jws', bytes: Buffer.from(await pki.jws(pki.chengduLeaf, [pki.chengduSub], { serialization: 'general' })) },
    { kind: 'cms', bytes: pki.cms(pki.chengduLeaf, [pki.chengduSub]) },
    { kind: 'cms', bytes: pki.cms(pki.deyangSigner) },
    { kind: 'seal', bytes: seal },
    { kind: 'seal', bytes: createSesSignature({ seal, signer: { certificate: pki.deyangSigner.pem, privateKey: pki.deyangSigner.privateKey }, data: pki.data, propertyInfo: 'x' }) },
    { kind: 'ofd', bytes: createSignedOfd({ seal, signer: { certificate: pki.deyangSigner.pem, privateKey: pki.deyangSigner.privateKey } }) },
  ]
})

describe('fuzz: verify never throws and always returns a report', () => {
  it('5,600 mutated inputs across JWS, CMS, SESeal, SES_Signature and OFD (seed 20261125)', async () => {
    const r = rng(20261125)
    const seen = new Map<string, number>()
    let n = 0
    for (let round = 0; round < 400; round++) {
      for (const c of corpus) {
        const m = mutate(c.bytes, r)
        for (const kind of [c.kind, 'auto'] as const) {
          const input = kind === 'jws' ? { jws: Buffer.from(m).toString('latin1') }
            : kind === 'cms' ? { cms: m, data: pki.data }
            : kind === 'seal' ? { seal: m, data: pki.data }
            : kind === 'ofd' ? { ofd: m } : { auto: m, data: pki.data }
          const report = await v.verify(input)
          expect(['TOTAL_PASSED', 'TOTAL_FAILED', 'INDETERMINATE']).toContain(report.indication)
          expect(typeof report.reason).toBe('string')
          expect(Array.isArray(report.checks)).toBe(true)
          seen.set(report.subIndication ?? 'PASSED', (seen.get(report.subIndication ?? 'PASSED') ?? 0) + 1)
          n++
        }
      }
    }
    expect(n).toBeGreaterThanOrEqual(5000)
    expect(seen.get('FORMAT_FAILURE')).toBeGreaterThan(0)
  }, 60_000)
})
