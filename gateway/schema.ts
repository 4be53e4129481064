import { makeExecutableSchema } from '@graphql-tools/schema'
import type { GraphQLSchema } from 'graphql'
import { canonicalSdl } from '../federation/index.js'
import { queryResolvers, typeResolvers } from './resolvers/query.js'
import { acceptanceMutation, acceptanceQuery, acceptanceSubscription } from './resolvers/acceptance.js'
import { DateScalar, DateTimeScalar } from './resolvers/scalars.js'

/** The canonical schema with the gateway's resolvers. */
export function createGatewaySchema(): GraphQLSchema {
  return makeExecutableSchema({
    typeDefs: canonicalSdl,
    resolvers: {
      Query: { ...queryResolvers, ...acceptanceQuery },
      Mutation: acceptanceMutation,
      Subscription: acceptanceSubscription,
      DateTime: DateTimeScalar,
      Date: DateScalar,
      ...typeResolvers,
    },
  })
}
