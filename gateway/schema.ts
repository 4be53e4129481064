import { makeExecutableSchema } from '@graphql-tools/schema'
import { buildSubgraphSchema } from '@apollo/subgraph'
import { parse, type DocumentNode, type GraphQLError, type GraphQLSchema } from 'graphql'
import { canonicalSdl, type BreakerState } from '../federation/index.js'
import {
  CANONICAL_SUBGRAPH_URL,
  canonicalOverrides,
  canonicalSubgraphSdl,
  createSupergraphRuntime,
  schemaForDocument,
  type SupergraphRuntimeOptions,
  type SupergraphExecution,
} from '../federation/supergraph/index.js'
import type { GatewayContext } from './context.js'
import { maskCodedError } from './plugins/use-coded-errors.js'
import { queryResolvers, typeResolvers } from './resolvers/query.js'
import { acceptanceMutation, acceptanceQuery, acceptanceSubscription } from './resolvers/acceptance.js'
import { DateScalar, DateTimeScalar } from './resolvers/scalars.js'

const canonicalResolvers = () => ({
  Query: { ...queryResolvers, ...acceptanceQuery },
  Mutation: acceptanceMutation,
  Subscription: acceptanceSubscription,
  DateTime: DateTimeScalar,
  Date: DateScalar,
  ...typeResolvers,
})

/** The canonical schema with the gateway's resolvers. */
export function createGatewaySchema(): GraphQLSchema {
  return makeExecutableSchema({ typeDefs: canonicalSdl, resolvers: canonicalResolvers() })
}

/** The canonical API as an in-process federation subgraph: the same resolvers, plus entity references. */
export function createCanonicalSubgraphSchema(): GraphQLSchema {
  return buildSubgraphSchema({
    typeDefs: parse(canonicalSubgraphSdl),
    resolvers: {
      ...canonicalResolvers(),
      // Copies: the catalogue and the regions are frozen, and _entities tags each answer with __typename.
      Matter: { __resolveReference: (ref: { code: string }, ctx: GatewayContext) => copyOf(ctx.federation.catalogue.get(ref.code)) },
      Region: { __resolveReference: (ref: { code: string }, ctx: GatewayContext) => copyOf(queryResolvers.region(undefined, ref, ctx)) },
    } as never,
  })
}

const copyOf = <T extends object>(o: T | null | undefined): T | null => (o ? { ...o } : null)

/** Mixed mode: the canonical API and a supergraph's subgraphs in one schema (see README, Supergraph mode). */
export interface MixedSchema extends SupergraphExecution {
  /** The supergraph's API schema: what the gateway validates against and introspects. */
  schema: GraphQLSchema
  /** The schema a document executes on: the canonical one when it asks for nothing else. */
  choose(document: DocumentNode): GraphQLSchema
  /** Each HTTP subgraph's breaker state, for /readiness. */
  breakerStates(): ReadonlyMap<string, BreakerState>
  close(): Promise<void>
}

/**
 * @param canonical The gateway's canonical schema (createGatewaySchema).
 * @param options A supergraph that includes the `canonical` subgraph (mixSupergraph, composeSupergraph).
 */
export function createMixedSchema(canonical: GraphQLSchema, options: Omit<SupergraphRuntimeOptions, 'local' | 'formatLocalError'>): MixedSchema {
  const runtime = createSupergraphRuntime({
    ...options,
    local: { [CANONICAL_SUBGRAPH_URL]: createCanonicalSubgraphSchema() },
    // Coded errors keep their code through the planner; anything else is masked here already.
    formatLocalError: (e) => maskCodedError(e, 'Unexpected error.') as GraphQLError,
  })
  return {
    schema: runtime.schema,
    choose: schemaForDocument(canonical, runtime.schema, canonicalOverrides(options.supergraphSdl)),
    breakerStates: () => runtime.breakerStates(),
    percentOverrides: runtime.percentOverrides,
    stitched: () => runtime.stitched(),
    runnerFor: (document, operationName, draw) => runtime.runnerFor(document, operationName, draw),
    close: () => runtime.close(),
  }
}
