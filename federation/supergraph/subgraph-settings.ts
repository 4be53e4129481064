import { RegionConfigSchema, type UpstreamSettings } from '../config/region-config-schema.js'

/**
 * Upstream settings for a federation subgraph: the defaults a city gets when its region.yaml
 * says nothing, taken from the one schema that defines them (16 keep-alive connections, 1 s to
 * connect, 3 s for headers and for the body, 4 s per request with retries, 2 retries for reads,
 * breaker after 5 failures for 5 s, 8 MiB per response).
 */
export const DEFAULT_SUBGRAPH_SETTINGS: Readonly<UpstreamSettings> = Object.freeze(RegionConfigSchema.shape.upstream.parse(undefined))
