import { GraphQLError, print, type ExecutionResult } from 'graphql'
import type { FederationSubschemaConfig } from '@graphql-tools/federation'
import { FederationError } from '../errors.js'
import type { RegionClient } from '../upstream/region-client.js'

export type SubgraphExecutor = FederationSubschemaConfig['executor']

/** Code of the error a field gets when its subgraph could not answer (see README, Errors). */
export const SUBGRAPH_UNAVAILABLE = 'SUBGRAPH_UNAVAILABLE'

/**
 * The executor the planner calls for one HTTP subgraph: the request goes through the
 * subgraph's own RegionClient (undici pool, timeouts, retries for queries, breaker), so a
 * subgraph is handled exactly like a city. A subgraph that is down does not fail the whole
 * operation: its fields become null with a SUBGRAPH_UNAVAILABLE error (extensions.subgraph,
 * extensions.reason), and the other subgraphs' data is returned.
 */
export function createSubgraphExecutor(name: string, client: RegionClient): SubgraphExecutor {
  return (async (request) => {
    const context = request.context as { requestId?: unknown } | undefined
    try {
      const response = await client.execute(
        { query: print(request.document), ...(request.variables && { variables: request.variables }), ...(request.operationName && { operationName: request.operationName }) },
        // Mutations run once: a retried write could be applied twice.
        { read: request.operationType !== 'mutation', ...(typeof context?.requestId === 'string' && { requestId: context.requestId }) },
      )
      // The planner places errors by their path; it expects GraphQLError instances.
      return response.errors.length
        ? { data: response.data, errors: response.errors.map((e) => new GraphQLError(e.message, { ...(e.path && { path: e.path }), ...(e.extensions && { extensions: e.extensions }) })) }
        : ({ data: response.data } as ExecutionResult)
    } catch (err) {
      if (!(err instanceof FederationError) || err.code !== 'REGION_UNAVAILABLE') throw err
      // No originalError: the error is already coded and safe to show, so masking keeps it as is.
      return { data: null, errors: [new GraphQLError(err.message, { extensions: { code: SUBGRAPH_UNAVAILABLE, subgraph: name, reason: err.details.reason } })] }
    }
  }) as SubgraphExecutor
}
