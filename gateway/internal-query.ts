import { parse, type FieldNode, type GraphQLResolveInfo, type GraphQLSchema, type OperationDefinitionNode } from 'graphql'

/**
 * A fixed canonical selection the gateway itself runs through the translation layer (to
 * fetch a licence's signed forms, or a delivered case's state). Parsed once, so the compiled
 * plan is cached like that of any client document.
 * @param query a document with one root field, e.g. `{ case(id: "") { state } }`
 */
export function internalField(query: string): (schema: GraphQLSchema) => GraphQLResolveInfo {
  const document = parse(query)
  const field = (document.definitions[0] as OperationDefinitionNode).selectionSet.selections[0] as FieldNode
  const cache = new WeakMap<GraphQLSchema, GraphQLResolveInfo>()
  return (schema) => {
    let info = cache.get(schema)
    if (!info) {
      const queryType = schema.getQueryType()!
      info = {
        fieldName: field.name.value,
        fieldNodes: [field],
        fragments: {},
        returnType: queryType.getFields()[field.name.value]!.type,
        parentType: queryType,
        path: { key: field.name.value, prev: undefined, typename: 'Query' },
        schema,
      } as unknown as GraphQLResolveInfo
      cache.set(schema, info)
    }
    return info
  }
}
