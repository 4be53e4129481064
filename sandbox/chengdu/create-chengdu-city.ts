import { createSchema } from 'graphql-yoga'
import { createCityServer, type CityServer, type CityServerOptions } from '../city-server.js'
import { readLocalSchema } from '../region-files.js'
import { sandboxSeed } from '../seed/create-seed.js'
import { CHENGDU_CODE, createChengduData, type ChengduData } from './chengdu-data.js'
import { chengduResolvers } from './chengdu-resolvers.js'

/**
 * 天府蓉易办 (Chengdu): camelCase, ISO-8601 `DateTime`, Relay connections, applicant as a union.
 * @example
 * const chengdu = createChengduCity({ port: 4101 })
 * await chengdu.start() // http://127.0.0.1:4101/graphql
 */
export function createChengduCity(options?: CityServerOptions): CityServer<ChengduData> {
  const seed = sandboxSeed()
  const data = createChengduData(seed)
  const schema = createSchema({ typeDefs: readLocalSchema('chengdu'), resolvers: chengduResolvers(data) })
  return createCityServer({ code: CHENGDU_CODE, name: seed.cities[CHENGDU_CODE]!.region.name, schema, data }, options)
}
