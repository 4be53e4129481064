/**
 * Supergraph mode: Apollo Federation v2 subgraphs joined with the canonical API. The gateway
 * imports this folder through this file only.
 */
export { CANONICAL_SUBGRAPH, CANONICAL_SUBGRAPH_URL, CANONICAL_ENTITY_KEYS, canonicalSubgraphSdl } from './canonical-subgraph-sdl.js'
export { composeSupergraph, mixSupergraph, type SubgraphSource } from './compose-supergraph.js'
export { canonicalOverrides } from './canonical-overrides.js'
export { createSupergraphRuntime, type SupergraphRuntime, type SupergraphRuntimeOptions } from './supergraph-runtime.js'
export { schemaForDocument } from './schema-for-document.js'
export { useSchemaPerDocument, type SchemaPerDocumentPlugin } from './use-schema-per-document.js'
export { useSupergraphExecution, type SupergraphExecution } from './use-supergraph-execution.js'
export { SUBGRAPH_UNAVAILABLE } from './plan/subgraph-calls.js'
export { DEFAULT_SUBGRAPH_SETTINGS } from './subgraph-settings.js'
