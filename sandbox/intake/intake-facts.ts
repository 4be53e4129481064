import { badInput } from '../record-tables.js'
import { createDistrictDirectory } from '../seed/district-directory.js'
import type { CaseFacts, SandboxSeed } from '../seed/seed-types.js'
import type { IntakeRequest } from './intake-types.js'

/** Builds the neutral facts of a newly received remote case; see createIntakeFacts. */
export type IntakeFactsBuilder = (request: IntakeRequest, localId: string, receivedAtCity: number) => CaseFacts

/**
 * The facts a city records for a remote case, in the neutral shape its seed mapper takes: the
 * matter read back from the city's own code, the first history entry (pending intake, at the
 * city's receipt time) naming the accepting city and window, since none of the four local
 * schemas has a field for the window.
 * @throws GraphQLError BAD_USER_INPUT (from the builder) for an empty gateway case id, a matter
 *   code the city does not handle, or an accepting region that is not a GB/T 2260 code.
 */
export function createIntakeFacts(seed: SandboxSeed, code: string): IntakeFactsBuilder {
  const region = seed.cities[code]!.region
  const catalogueCode = new Map(Object.entries(region.matterCodes).map(([canonical, local]) => [local, canonical]))
  const matterName = new Map(seed.matters.map((m) => [m.code, m.name]))
  const dir = createDistrictDirectory(seed.regions)

  return (request, localId, receivedAtCity) => {
    if (request.gatewayCaseId.trim() === '') throw badInput('the gateway case id is empty')
    const matterCode = catalogueCode.get(request.localMatterCode)
    if (!matterCode) throw badInput(`${region.name} does not handle matter ${request.localMatterCode}`)
    if (!/^\d{6}$/.test(request.acceptingRegion)) throw badInput(`accepting region ${request.acceptingRegion} is not a GB/T 2260 code`)
    const where = dir.regionOf(request.acceptingRegion)?.name ?? request.acceptingRegion
    const { applicant } = request
    return {
      region: code,
      localId,
      matterCode,
      localMatterCode: request.localMatterCode,
      matterName: matterName.get(matterCode) ?? request.localMatterCode,
      applicant: { kind: applicant.kind },
      applicantName: applicant.name,
      applicantIdNumber: applicant.idNumber,
      applicantPhone: applicant.phone,
      // The gateway's applicant carries no legal representative; the city leaves it empty.
      applicantLegalRepresentative: null,
      mode: request.mode,
      state: 'DELIVERED',
      receivedAt: request.submittedAt,
      updatedAt: receivedAtCity,
      acceptingRegion: request.acceptingRegion,
      remote: true,
      history: [{ state: 'DELIVERED', at: receivedAtCity, note: `${where}窗口(${request.acceptingWindow})异地受理,经通办网关推送${region.name}` }],
      materials: request.materials,
    }
  }
}
