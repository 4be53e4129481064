import { Kind, parse, type ConstDirectiveNode } from 'graphql'
import { CANONICAL_SUBGRAPH } from './canonical-subgraph-sdl.js'

/**
 * The canonical fields another subgraph took over with `@override(from: "canonical")`, as
 * `Type.field`, read from the supergraph's `@join__field(graph:, override:)`. Such a field is
 * answered by that subgraph, so documents asking for it must run on the supergraph.
 */
export function canonicalOverrides(supergraphSdl: string): Set<string> {
  const overridden = new Set<string>()
  for (const def of parse(supergraphSdl).definitions) {
    if (def.kind !== Kind.OBJECT_TYPE_DEFINITION && def.kind !== Kind.OBJECT_TYPE_EXTENSION && def.kind !== Kind.INTERFACE_TYPE_DEFINITION) continue
    for (const field of def.fields ?? []) {
      if (field.directives?.some((d) => d.name.value === 'join__field' && stringArg(d, 'override') === CANONICAL_SUBGRAPH)) overridden.add(`${def.name.value}.${field.name.value}`)
    }
  }
  return overridden
}

function stringArg(directive: ConstDirectiveNode, name: string): string | undefined {
  const arg = directive.arguments?.find((a) => a.name.value === name)
  return arg?.value.kind === Kind.STRING ? arg.value.value : undefined
}
