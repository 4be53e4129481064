import { canonicalSdl } from '../schema/canonical-sdl.js'

/** The name the canonical API carries as a subgraph of a composed supergraph. */
export const CANONICAL_SUBGRAPH = 'canonical'

/** The URL the canonical subgraph carries in a supergraph: it is answered in process, never over HTTP. */
export const CANONICAL_SUBGRAPH_URL = 'tongban://canonical'

/**
 * The entities other subgraphs may extend, with their keys. Matter (the shared catalogue) by its
 * standard code; Region by its GB/T 2260 city code. Other canonical types are value types, owned
 * by the canonical subgraph alone.
 */
export const CANONICAL_ENTITY_KEYS: Readonly<Record<string, string>> = { Matter: 'code', Region: 'code' }

/**
 * The canonical schema as an Apollo Federation v2 subgraph: the same SDL, linked to the
 * federation spec, with `@key` on the entities of CANONICAL_ENTITY_KEYS. Composition sees every
 * canonical field as owned by this subgraph, so a province subgraph adds fields to `Matter`
 * without redeclaring the canonical ones.
 */
export const canonicalSubgraphSdl: string = [
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])',
  Object.entries(CANONICAL_ENTITY_KEYS).reduce((sdl, [type, key]) => {
    const marker = `type ${type} {`
    if (!sdl.includes(marker)) throw new Error(`canonical SDL has no '${marker}'`)
    return sdl.replace(marker, `type ${type} @key(fields: "${key}") {`)
  }, canonicalSdl),
].join('\n')
