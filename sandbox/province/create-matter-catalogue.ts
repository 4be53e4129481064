import { buildSubgraphSchema } from '@apollo/subgraph'
import { parse } from 'graphql'
import { createCityServer, type CityServer, type CityServerOptions } from '../city-server.js'
import { sandboxSeed } from '../seed/create-seed.js'
import { createMatterCatalogueData, type HandlingLevel, type ProvinceMatter } from './matter-catalogue-data.js'
import { MATTER_CATALOGUE_SDL } from './matter-catalogue-sdl.js'

/** The province's GB/T 2260 code. */
export const PROVINCE_CODE = '510000'

/**
 * 四川省政务服务事项目录: the province's matter catalogue, a real Apollo Federation v2 subgraph
 * (built with `buildSubgraphSchema`, so it answers `_service { sdl }` and `_entities`) that
 * extends the canonical `Matter` with province-level fields. Served like a sandbox city, with the
 * same fault gate and request log.
 * @example
 * const province = createMatterCatalogue({ port: 4105 })
 * await province.start()
 */
export function createMatterCatalogue(options?: CityServerOptions): CityServer<Map<string, ProvinceMatter>> {
  const data = createMatterCatalogueData(sandboxSeed().matters)
  const byProvinceCode = new Map([...data.values()].map((m) => [m.provinceCode, m]))
  const schema = buildSubgraphSchema({
    typeDefs: parse(MATTER_CATALOGUE_SDL),
    resolvers: {
      Query: {
        provinceMatter: (_: unknown, { provinceCode }: { provinceCode: string }) => byProvinceCode.get(provinceCode) ?? null,
        provinceMatters: (_: unknown, { level }: { level?: HandlingLevel | null }) => [...data.values()].filter((m) => !level || m.level === level),
      },
      // A code the province does not list resolves to null: the matter then has no province fields.
      Matter: { __resolveReference: (ref: { code: string }) => data.get(ref.code) ?? null },
    } as never,
  })
  return createCityServer({ code: PROVINCE_CODE, name: '四川省政务服务事项目录', schema, data }, options)
}
