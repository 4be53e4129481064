/** Small helpers shared by the signing suites. */
import { createVerifier, type VerificationReport, type VerifierOptions } from '../../signing/index.js'
import type { Pki } from '../fixtures/pki.js'

export const flip = (b: Uint8Array, at: number): Uint8Array => {
  const c = Uint8Array.from(b)
  const i = at < 0 ? c.length + at : at
  c[i] = c[i]! ^ 0x01
  return c
}

export const verifierFor = (pki: Pki, o: Partial<VerifierOptions> = {}) =>
  createVerifier({ trust: pki.regions, offline: true, ...o })

export const outcome = (r: VerificationReport): string => `${r.indication}${r.subIndication ? '/' + r.subIndication : ''}`

/** Index of `needle` inside `hay` (for flipping a byte inside an embedded structure). */
export function indexOf(hay: Uint8Array, needle: Uint8Array): number {
  return Buffer.from(hay).indexOf(Buffer.from(needle))
}
