import { buildSchema, type GraphQLSchema } from 'graphql'
import { canonicalSdl } from './canonical-sdl.js'

let cached: GraphQLSchema | undefined

/** The canonical schema without resolvers: used to validate configurations and to plan. */
export function canonicalSchema(): GraphQLSchema {
  cached ??= buildSchema(canonicalSdl)
  return cached
}
