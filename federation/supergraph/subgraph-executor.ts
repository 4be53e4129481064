import { GraphQLError, print, type ExecutionResult } from 'graphql'
import type { FederationSubschemaConfig } from '@graphql-tools/federation'
import type { SubgraphAnswer } from './plan/subgraph-calls.js'

export type SubgraphExecutor = FederationSubschemaConfig['executor']

/**
 * The stitching executor's view of a subgraph (for the operations the plan executor leaves to
 * it): the same SubgraphAnswer the plans use (RegionClient, breaker, local execution), so a
 * subgraph is handled alike on both paths. A subgraph that is down does not fail the whole
 * operation: its fields become null with a SUBGRAPH_UNAVAILABLE error (extensions.subgraph,
 * extensions.reason), and the other subgraphs' data is returned.
 */
export function createSubgraphExecutor(answer: SubgraphAnswer): SubgraphExecutor {
  return (async (request) => {
    try {
      const response = await answer(
        { query: print(request.document), variables: request.variables ?? {}, operationName: request.operationName, mutation: request.operationType === 'mutation' },
        request.context,
      )
      // The stitching planner places errors by their path; it expects GraphQLError instances.
      return response.errors.length
        ? { data: response.data, errors: response.errors.map((e) => new GraphQLError(e.message, { ...(e.path && { path: e.path }), ...(e.extensions && { extensions: e.extensions }) })) }
        : ({ data: response.data } as ExecutionResult)
    } catch (err) {
      if (!(err instanceof GraphQLError)) throw err
      return { data: null, errors: [err] }
    }
  }) as SubgraphExecutor
}
