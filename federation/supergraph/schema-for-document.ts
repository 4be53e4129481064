import { isObjectType, isInterfaceType, TypeInfo, visit, visitWithTypeInfo, type DocumentNode, type GraphQLSchema } from 'graphql'

/**
 * Picks the schema to execute a validated document on. A document that asks only for canonical
 * fields runs on the canonical schema itself, exactly as without a supergraph (same resolvers,
 * errors and speed); one that asks for any field another subgraph contributes, or introspects,
 * runs on the supergraph. The answer is remembered per document (yoga hands out one AST per
 * document text).
 * @param canonical The canonical executable schema.
 * @param supergraph The supergraph's API schema, which includes every canonical type and field.
 * @param overridden `Type.field` of canonical fields another subgraph took over (`@override`; see canonicalOverrides).
 * @example
 * const choose = schemaForDocument(canonical, runtime.schema)
 * choose(parse('{ matter(code: "TB-SCJG-001") { name } }')) === canonical
 */
export function schemaForDocument(canonical: GraphQLSchema, supergraph: GraphQLSchema, overridden: ReadonlySet<string> = new Set()): (document: DocumentNode) => GraphQLSchema {
  const chosen = new WeakMap<DocumentNode, GraphQLSchema>()
  return (document) => {
    let schema = chosen.get(document)
    if (!schema) {
      schema = onlyCanonical(document, canonical, supergraph, overridden) ? canonical : supergraph
      chosen.set(document, schema)
    }
    return schema
  }
}

function onlyCanonical(document: DocumentNode, canonical: GraphQLSchema, supergraph: GraphQLSchema, overridden: ReadonlySet<string>): boolean {
  const typeInfo = new TypeInfo(supergraph)
  let only = true
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        if (node.name.value === '__typename') return
        // Introspection describes the whole supergraph.
        if (node.name.value === '__schema' || node.name.value === '__type') {
          only = false
          return
        }
        const parent = typeInfo.getParentType()
        const own = parent && canonical.getType(parent.name)
        if (!own || !(isObjectType(own) || isInterfaceType(own)) || !own.getFields()[node.name.value] || overridden.has(`${parent.name}.${node.name.value}`)) only = false
      },
      InlineFragment(node) {
        if (node.typeCondition && !canonical.getType(node.typeCondition.name.value)) only = false
      },
      FragmentDefinition(node) {
        if (!canonical.getType(node.typeCondition.name.value)) only = false
      },
      VariableDefinition(node) {
        let t = node.type
        while (t.kind !== 'NamedType') t = t.type
        if (!canonical.getType(t.name.value)) only = false
      },
    }),
  )
  return only
}
