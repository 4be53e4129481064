import type { SandboxSeed } from '../seed/seed-types.js'
import { createLicenceSigner, type SignedLicence } from './licence-signer.js'
import type { CityPki } from './sandbox-pki.js'

/** A city's licences in their signed forms, by local id; null when the city has no PKI. */
export type SignedForms = (localId: string) => Promise<SignedLicence | null>

/**
 * Positions (newest first) of the licences each city signed with its retired key after that
 * key was revoked: the sandbox's key-compromise case, which verification must reject as REVOKED.
 */
export const COMPROMISED_POSITIONS = [1, 4] as const

/** Local ids of a city's key-compromise licences (for tests and demos). */
export function compromisedLicenceIds(seed: SandboxSeed, code: string): string[] {
  const licences = seed.cities[code]!.licences
  return COMPROMISED_POSITIONS.map((i) => licences[i]!.localId)
}

/** Only Ziyang publishes OFD documents in the sandbox. */
const OFD_CITIES = new Set(['512000'])

export function signedFormsFor(code: string, pki: CityPki | undefined, seed: SandboxSeed): SignedForms {
  if (!pki) return async () => null
  const byId = new Map(seed.cities[code]!.licences.map((l) => [l.localId, l]))
  const signer = createLicenceSigner(pki, { compromised: new Set(compromisedLicenceIds(seed, code)), ofd: OFD_CITIES.has(code) })
  return async (localId) => {
    const licence = byId.get(localId)
    return licence ? signer.sign(licence) : null
  }
}

/** Local field names a city uses for each signed form. */
export interface SignedFieldNames {
  data: string
  jws: string
  cms: string
  seal: string
  ofd?: string
}

/** Field resolvers exposing a licence type's signed forms under the city's own field names. */
export function signedFieldResolvers<L>(forms: SignedForms, idOf: (licence: L) => string, names: SignedFieldNames): Record<string, (licence: L) => Promise<string | null>> {
  const pick = (form: keyof SignedLicence) => async (licence: L) => (await forms(idOf(licence)))?.[form] ?? null
  return {
    [names.data]: pick('data'),
    [names.jws]: pick('jws'),
    [names.cms]: pick('cms'),
    [names.seal]: pick('seal'),
    ...(names.ofd && { [names.ofd]: pick('ofd') }),
  }
}
