import { createSchema } from 'graphql-yoga'
import type { CityOptions } from '../city-options.js'
import { createCityServer, type SandboxCity } from '../city-server.js'
import { createRemoteIntake } from '../intake/create-remote-intake.js'
import { signedFieldResolvers, signedFormsFor } from '../pki/city-signing.js'
import { readLocalSchema } from '../region-files.js'
import { sandboxSeed } from '../seed/create-seed.js'
import { createDeyangData, DEYANG_CODE, type DeyangData, type DyDzzz } from './deyang-data.js'
import { deyangIntakeResolvers, deyangIntakeStore } from './deyang-intake.js'
import { deyangResolvers } from './deyang-resolvers.js'

/**
 * 德阳市一体化政务服务平台: pinyin abbreviations, plain lists with pyl/ts paging and a separate
 * count (bjsl), yyyyMMddHHmmss times, status codes "01"…"08".
 * @example
 * const deyang = createDeyangCity({ port: 4102 })
 * await deyang.start()
 */
export function createDeyangCity(options?: CityOptions): SandboxCity<DeyangData> {
  const seed = sandboxSeed()
  const data = createDeyangData(seed)
  const intake = createRemoteIntake({ code: DEYANG_CODE, store: deyangIntakeStore(data), seed })
  const forms = signedFormsFor(DEYANG_CODE, options?.pki, seed)
  const signedLicenceResolvers = { Dzzz: signedFieldResolvers(forms, (l: DyDzzz) => l.zzbh, { data: 'yw', jws: 'qzjws', cms: 'qmz', seal: 'dzqz' }) }
  const schema = createSchema({ typeDefs: readLocalSchema('deyang'), resolvers: { ...deyangResolvers(data), ...deyangIntakeResolvers(intake), ...signedLicenceResolvers } })
  return createCityServer({ code: DEYANG_CODE, name: seed.cities[DEYANG_CODE]!.region.name, schema, data, intake }, options)
}
