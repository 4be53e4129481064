import { buildSubgraphSchema } from '@apollo/subgraph'
import { parse } from 'graphql'
import { createCityServer, type CityServer, type CityServerOptions } from '../city-server.js'
import { readLocalSchema } from '../region-files.js'
import { sandboxSeed } from '../seed/create-seed.js'
import { createZiyangData, ZIYANG_CODE, type ZiyangData } from './ziyang-data.js'
import { ziyangResolvers } from './ziyang-resolvers.js'

/**
 * 资阳市政务服务平台: an Apollo Federation v2 subgraph built with `buildSubgraphSchema`, so it
 * answers `_service { sdl }` and `_entities` exactly as a production subgraph would.
 * @example
 * const ziyang = createZiyangCity({ port: 4104 })
 * await ziyang.start()
 */
export function createZiyangCity(options?: CityServerOptions): CityServer<ZiyangData> {
  const seed = sandboxSeed()
  const data = createZiyangData(seed)
  const schema = buildSubgraphSchema({
    typeDefs: parse(readLocalSchema('ziyang')),
    resolvers: ziyangResolvers(data),
  })
  return createCityServer({ code: ZIYANG_CODE, name: seed.cities[ZIYANG_CODE]!.region.name, schema, data }, options)
}
