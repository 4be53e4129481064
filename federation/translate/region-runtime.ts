import { getNamedType, type GraphQLSchema } from 'graphql'
import type { Matter, MatterCatalogue } from '../catalogue/matter-catalogue.js'
import type { LoadedRegion } from '../config/load.js'
import type { RegionConfig, TypeMapping } from '../config/region-config-schema.js'
import type { DivisionRegistry, Region } from '../regions/division-registry.js'

/**
 * Everything the translation of one region needs at run time, derived once from its
 * configuration: lookup tables instead of repeated scans of the YAML structure.
 */
export interface RegionRuntime {
  readonly region: Region
  readonly config: RegionConfig
  readonly localSchema: GraphQLSchema
  readonly canonicalSchema: GraphQLSchema
  readonly divisions: DivisionRegistry
  readonly catalogue: MatterCatalogue
  readonly types: Readonly<Record<string, TypeMapping>>
  /** enum table → local value → canonical value */
  readonly enums: ReadonlyMap<string, ReadonlyMap<string, string>>
  /** enum table → canonical value → local values */
  readonly enumsReverse: ReadonlyMap<string, ReadonlyMap<string, readonly string[]>>
  readonly matterFromLocal: ReadonlyMap<string, Matter>
  readonly matterToLocal: ReadonlyMap<string, string>
}

export function createRegionRuntime(
  loaded: LoadedRegion,
  region: Region,
  divisions: DivisionRegistry,
  catalogue: MatterCatalogue,
  canonicalSchema: GraphQLSchema,
): RegionRuntime {
  const { config } = loaded
  const enums = new Map<string, Map<string, string>>()
  const enumsReverse = new Map<string, Map<string, string[]>>()
  for (const [table, values] of Object.entries(config.enums)) {
    enums.set(table, new Map(Object.entries(values)))
    const reverse = new Map<string, string[]>()
    for (const [local, canonical] of Object.entries(values)) reverse.set(canonical, [...(reverse.get(canonical) ?? []), local])
    enumsReverse.set(table, reverse)
  }
  const matterFromLocal = new Map<string, Matter>()
  const matterToLocal = new Map<string, string>()
  for (const [code, local] of Object.entries(config.matterCodes)) {
    const matter = catalogue.get(code)
    if (!matter) continue
    matterFromLocal.set(local, matter)
    matterToLocal.set(code, local)
  }
  return {
    region,
    config,
    localSchema: loaded.localSchema,
    canonicalSchema,
    divisions,
    catalogue,
    types: config.types,
    enums,
    enumsReverse,
    matterFromLocal,
    matterToLocal,
  }
}

/** The named type of a local argument (`Int` for `ids: [Int!]!`). */
export function localArgType(rt: RegionRuntime, field: string, argPath: string): string | undefined {
  const [head, ...rest] = argPath.split('.')
  const f = rt.localSchema.getQueryType()?.getFields()[field]
  let type = f?.args.find((a) => a.name === head)?.type
  for (const name of rest) {
    const named = type && getNamedType(type)
    type = named && 'getFields' in named ? (named.getFields() as Record<string, { type: typeof type }>)[name]?.type : undefined
  }
  return type && getNamedType(type).name
}
