import { execute, GraphQLError, type ExecutionResult, type GraphQLSchema } from 'graphql'
import { FederationError } from '../../errors.js'
import type { UpstreamResponse } from '../../upstream/graphql-response.js'
import type { RegionClient } from '../../upstream/region-client.js'
import { operationDocument } from './operation-documents.js'
import type { SubgraphRequest } from './run-plan.js'

/** Code of the error a field gets when its subgraph could not answer (see README, Errors). */
export const SUBGRAPH_UNAVAILABLE = 'SUBGRAPH_UNAVAILABLE'

/** A subgraph's way to answer one request of a plan. */
export type SubgraphAnswer = (request: SubgraphRequest, context: unknown) => Promise<UpstreamResponse>

/**
 * The error for a subgraph that could not answer (down, timed out, breaker open): coded and
 * safe to show, with the subgraph and the reason. Anything other than unavailability is rethrown.
 */
export function unavailableError(subgraph: string, err: unknown): GraphQLError {
  if (!(err instanceof FederationError) || err.code !== 'REGION_UNAVAILABLE') throw err
  return new GraphQLError(err.message, { extensions: { code: SUBGRAPH_UNAVAILABLE, subgraph, reason: err.details.reason } })
}

/** Requests to an HTTP subgraph, through its RegionClient (pool, timeouts, read retries, breaker). */
export function httpSubgraph(name: string, client: RegionClient): SubgraphAnswer {
  return async (request, context) => {
    const requestId = (context as { requestId?: unknown } | undefined)?.requestId
    try {
      return await client.execute(
        { query: request.query, variables: request.variables, ...(request.operationName && { operationName: request.operationName }) },
        { read: !request.mutation, ...(typeof requestId === 'string' && { requestId }) },
      )
    } catch (err) {
      throw unavailableError(name, err)
    }
  }
}

/**
 * Requests to a subgraph answered in this process (the canonical API), run with the gateway's
 * context so its resolvers see the caller and the request's batching.
 * @param formatError What the client may see of an error (coded errors keep their code).
 */
export function localSubgraph(schema: GraphQLSchema, formatError: (error: GraphQLError) => GraphQLError = (e) => e): SubgraphAnswer {
  return async (request, context) => {
    const document = operationDocument(request.query)
    const result: ExecutionResult = await execute({ schema, document, variableValues: request.variables, contextValue: context, ...(request.operationName && { operationName: request.operationName }) })
    return {
      data: (result.data as Record<string, unknown> | null | undefined) ?? null,
      errors: (result.errors ?? []).map(formatError).map((e) => ({ message: e.message, ...(e.path && { path: e.path }), ...(e.extensions && Object.keys(e.extensions).length && { extensions: e.extensions as Record<string, unknown> }) })),
    }
  }
}
