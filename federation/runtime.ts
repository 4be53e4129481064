import type { GraphQLSchema } from 'graphql'
import { MatterCatalogue } from './catalogue/matter-catalogue.js'
import type { FederationConfig } from './config/load.js'
import { PlanCache } from './execute/plan-cache.js'
import { DivisionRegistry, type Region } from './regions/division-registry.js'
import { canonicalSchema } from './schema/canonical-schema.js'
import { createRegionRuntime, type RegionRuntime } from './translate/region-runtime.js'
import type { BreakerState } from './upstream/breaker.js'
import { RegionClient } from './upstream/region-client.js'

export interface FederationHooks {
  onBreakerChange?: (region: string, state: BreakerState) => void
}

/** A loaded federation: regions, catalogue, one client per city and the plan cache. */
export interface Federation {
  readonly config: FederationConfig
  readonly regions: readonly Region[]
  readonly divisions: DivisionRegistry
  readonly catalogue: MatterCatalogue
  readonly runtimes: ReadonlyMap<string, RegionRuntime>
  readonly clients: ReadonlyMap<string, RegionClient>
  readonly plans: PlanCache
  readonly canonicalSchema: GraphQLSchema
  close(): Promise<void>
}

/**
 * Builds the run-time federation from a validated configuration. Nothing here is global: two
 * federations (e.g. before and after a configuration reload) can live side by side.
 */
export function createFederation(config: FederationConfig, hooks: FederationHooks = {}): Federation {
  const clients = new Map<string, RegionClient>()
  const regions: Region[] = config.regions.map(({ config: c }) => {
    const client = new RegionClient({
      code: c.code,
      name: c.name,
      endpoint: c.endpoint,
      settings: c.upstream,
      ...(hooks.onBreakerChange && { onBreakerChange: (s: BreakerState) => hooks.onBreakerChange!(c.code, s) }),
    })
    clients.set(c.code, client)
    return Object.freeze({
      code: c.code,
      name: c.name,
      nameEn: c.nameEn,
      platform: c.platform,
      districts: c.districts,
      get available() {
        return client.breakerState !== 'open'
      },
    })
  })
  const divisions = new DivisionRegistry(regions)
  const catalogue = new MatterCatalogue(
    config.catalogue,
    config.regions.map((r, i) => ({ region: regions[i]!, codes: r.config.matterCodes })),
  )
  const schema = canonicalSchema()
  const runtimes = new Map(config.regions.map((r, i) => [r.config.code, createRegionRuntime(r, regions[i]!, divisions, catalogue, schema)]))
  return {
    config,
    regions,
    divisions,
    catalogue,
    runtimes,
    clients,
    plans: new PlanCache(),
    canonicalSchema: schema,
    async close() {
      await Promise.all([...clients.values()].map((c) => c.close()))
    },
  }
}
