import { makeExecutableSchema } from '@graphql-tools/schema'
import type { GraphQLSchema } from 'graphql'
import { canonicalSdl } from '../federation/index.js'
import { queryResolvers, typeResolvers } from './resolvers/query.js'
import { DateScalar, DateTimeScalar } from './resolvers/scalars.js'

/** The canonical schema with the gateway's resolvers. */
export function createGatewaySchema(): GraphQLSchema {
  return makeExecutableSchema({
    typeDefs: canonicalSdl,
    resolvers: { Query: queryResolvers, DateTime: DateTimeScalar, Date: DateScalar, ...typeResolvers },
  })
}
