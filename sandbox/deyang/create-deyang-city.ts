import { createSchema } from 'graphql-yoga'
import { createCityServer, type CityServer, type CityServerOptions } from '../city-server.js'
import { readLocalSchema } from '../region-files.js'
import { sandboxSeed } from '../seed/create-seed.js'
import { createDeyangData, DEYANG_CODE, type DeyangData } from './deyang-data.js'
import { deyangResolvers } from './deyang-resolvers.js'

/**
 * 德阳市一体化政务服务平台: pinyin abbreviations, plain lists with pyl/ts paging and a separate
 * count (bjsl), yyyyMMddHHmmss times, status codes "01"…"08".
 * @example
 * const deyang = createDeyangCity({ port: 4102 })
 * await deyang.start()
 */
export function createDeyangCity(options?: CityServerOptions): CityServer<DeyangData> {
  const seed = sandboxSeed()
  const data = createDeyangData(seed)
  const schema = createSchema({ typeDefs: readLocalSchema('deyang'), resolvers: deyangResolvers(data) })
  return createCityServer({ code: DEYANG_CODE, name: seed.cities[DEYANG_CODE]!.region.name, schema, data }, options)
}
