import { createSchema } from 'graphql-yoga'
import type { CityOptions } from '../city-options.js'
import { createCityServer, type SandboxCity } from '../city-server.js'
import { createRemoteIntake } from '../intake/create-remote-intake.js'
import { signedFieldResolvers, signedFormsFor } from '../pki/city-signing.js'
import { readLocalSchema } from '../region-files.js'
import { sandboxSeed } from '../seed/create-seed.js'
import { createMeishanData, MEISHAN_CODE, type MeishanData, type MsLicence } from './meishan-data.js'
import { meishanIntakeResolvers, meishanIntakeStore } from './meishan-intake.js'
import { meishanResolvers } from './meishan-resolvers.js'

/**
 * 眉山市政务服务平台: snake_case, epoch-millisecond Float times, `case_page {total items}` paging;
 * cases hold only applicant_kind + applicant_ref, resolved by persons_by_id / enterprises_by_id.
 * @example
 * const meishan = createMeishanCity({ port: 4103 })
 * await meishan.start()
 */
export function createMeishanCity(options?: CityOptions): SandboxCity<MeishanData> {
  const seed = sandboxSeed()
  const data = createMeishanData(seed)
  const intake = createRemoteIntake({ code: MEISHAN_CODE, store: meishanIntakeStore(data), seed })
  const forms = signedFormsFor(MEISHAN_CODE, options?.pki, seed)
  const signedLicenceResolvers = { e_licence: signedFieldResolvers(forms, (l: MsLicence) => l.licence_no, { data: 'content_b64', jws: 'jws_compact', cms: 'cms_b64', seal: 'seal_b64' }) }
  const schema = createSchema({ typeDefs: readLocalSchema('meishan'), resolvers: { ...meishanResolvers(data), ...meishanIntakeResolvers(intake), ...signedLicenceResolvers } })
  return createCityServer({ code: MEISHAN_CODE, name: seed.cities[MEISHAN_CODE]!.region.name, schema, data, intake }, options)
}
