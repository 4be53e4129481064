import { buildSubgraphSchema } from '@apollo/subgraph'
import { buildSchema, parse, type GraphQLSchema } from 'graphql'

/**
 * Builds a city's local schema from its published SDL. Federation subgraphs are built the way
 * their servers build them, so `_entities`, `_Entity` and `_Any` exist for the checks and plans.
 * @throws the GraphQL syntax or validation error, for the loader to report with the file name.
 */
export function buildLocalSchema(sdl: string, federation: boolean): GraphQLSchema {
  if (!federation) return buildSchema(sdl)
  return buildSubgraphSchema({ typeDefs: parse(sdl) })
}
