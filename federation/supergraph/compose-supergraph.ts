import { compose } from '@apollo/composition'
import { buildSubgraph, Subgraphs, Supergraph, type FieldDefinition } from '@apollo/federation-internals'
import { ConfigError, type ConfigProblem } from '../errors.js'
import { CANONICAL_SUBGRAPH, CANONICAL_SUBGRAPH_URL, canonicalSubgraphSdl } from './canonical-subgraph-sdl.js'

/** A federation subgraph to compose: its name, where it is served, and its SDL. */
export interface SubgraphSource {
  name: string
  url: string
  sdl: string
}

/**
 * Composes subgraphs into a Federation v2 supergraph SDL with Apollo's own composition (the
 * same rules `rover supergraph compose` applies), adding the canonical API as the subgraph
 * `canonical` so its entities can be extended.
 * @param subgraphs Subgraphs other than the canonical one.
 * @param from Names the source in errors (a file, or "sandbox").
 * @throws ConfigError CONFIG_INVALID listing every composition error.
 * @example
 * const sdl = composeSupergraph([{ name: 'province', url: 'http://127.0.0.1:4105/graphql', sdl: provinceSdl }])
 */
export function composeSupergraph(subgraphs: readonly SubgraphSource[], from = 'supergraph'): string {
  const all = new Subgraphs()
  const problems: ConfigProblem[] = []
  for (const s of [{ name: CANONICAL_SUBGRAPH, url: CANONICAL_SUBGRAPH_URL, sdl: canonicalSubgraphSdl }, ...subgraphs]) {
    try {
      all.add(buildSubgraph(s.name, s.url, s.sdl))
    } catch (err) {
      problems.push({ file: from, path: `subgraphs.${s.name}`, message: (err as Error).message })
    }
  }
  if (problems.length) throw new ConfigError(problems)
  return composeAll(all, from)
}

/**
 * A supergraph composed elsewhere (rover, GraphOS), joined with the canonical API: its subgraphs
 * are extracted and composed again together with `canonical`. A supergraph that already has a
 * `canonical` subgraph is used as it is, unless `extra` subgraphs (the sandbox's) are to be added.
 * @throws ConfigError CONFIG_INVALID when the SDL is not a supergraph or does not compose.
 */
export function mixSupergraph(supergraphSdl: string, from = 'supergraph', extra: readonly SubgraphSource[] = []): string {
  let supergraph: Supergraph
  try {
    supergraph = Supergraph.build(supergraphSdl)
  } catch (err) {
    throw new ConfigError([{ file: from, path: '', message: `not a Federation supergraph: ${(err as Error).message}` }])
  }
  const hasCanonical = supergraph.subgraphsMetadata().some((s) => s.name === CANONICAL_SUBGRAPH)
  if (hasCanonical && extra.length === 0) return supergraphSdl
  const subgraphs = supergraph.subgraphs()
  if (!hasCanonical) subgraphs.add(buildSubgraph(CANONICAL_SUBGRAPH, CANONICAL_SUBGRAPH_URL, canonicalSubgraphSdl))
  for (const s of extra) subgraphs.add(buildSubgraph(s.name, s.url, s.sdl))
  // Extraction drops @shareable where a field is also @provides'd elsewhere (the supergraph does
  // not record it), so composition refuses it the second time: give those fields their
  // @shareable back and compose once more.
  const first = compose(subgraphs)
  if (!first.errors) return first.supergraphSdl
  const unshared = first.errors.flatMap((e) => (e.extensions?.code === 'INVALID_FIELD_SHARING' ? [...e.message.matchAll(/field "(\w+)\.(\w+)"/g)].map((m) => [m[1]!, m[2]!] as const) : []))
  if (unshared.length === 0 || unshared.length < first.errors.length) return composeAll(subgraphs, from)
  for (const subgraph of subgraphs) {
    for (const [type, field] of unshared) {
      const f = subgraph.schema.type(type) && 'field' in subgraph.schema.type(type)! ? (subgraph.schema.type(type) as { field(n: string): FieldDefinition<never> | undefined }).field(field) : undefined
      if (f && !f.hasAppliedDirective('external') && !f.hasAppliedDirective('shareable')) f.applyDirective(subgraph.metadata().shareableDirective())
    }
  }
  return composeAll(subgraphs, from)
}

function composeAll(subgraphs: Subgraphs, from: string): string {
  const result = compose(subgraphs)
  if (result.errors) {
    throw new ConfigError(result.errors.map((e) => ({ file: from, path: String(e.extensions?.code ?? 'composition'), message: e.message })))
  }
  return result.supergraphSdl
}
