import { createSchema } from 'graphql-yoga'
import { createCityServer, type CityServer, type CityServerOptions } from '../city-server.js'
import { readLocalSchema } from '../region-files.js'
import { sandboxSeed } from '../seed/create-seed.js'
import { createMeishanData, MEISHAN_CODE, type MeishanData } from './meishan-data.js'
import { meishanResolvers } from './meishan-resolvers.js'

/**
 * 眉山市政务服务平台: snake_case, epoch-millisecond Float times, `case_page {total items}` paging;
 * cases hold only applicant_kind + applicant_ref, resolved by persons_by_id / enterprises_by_id.
 * @example
 * const meishan = createMeishanCity({ port: 4103 })
 * await meishan.start()
 */
export function createMeishanCity(options?: CityServerOptions): CityServer<MeishanData> {
  const seed = sandboxSeed()
  const data = createMeishanData(seed)
  const schema = createSchema({ typeDefs: readLocalSchema('meishan'), resolvers: meishanResolvers(data) })
  return createCityServer({ code: MEISHAN_CODE, name: seed.cities[MEISHAN_CODE]!.region.name, schema, data }, options)
}
