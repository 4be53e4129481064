import { execute, subscribe, type ExecutionResult, type GraphQLError, type GraphQLSchema } from 'graphql'
import type { SubgraphExecutor } from './subgraph-executor.js'

/**
 * The executor for a subgraph answered in this process (the canonical API): the planner's
 * request runs on the subgraph schema with the gateway's own context, so the canonical
 * resolvers see the caller, the request id and the per-request batching exactly as they do
 * outside supergraph mode.
 * @param formatError Turns the subgraph's errors into what the client may see, before the
 *   planner relocates them: the planner keeps a GraphQLError's message and extensions but not
 *   its originalError, which is where a coded domain error carries its code.
 */
export function createLocalSubgraphExecutor(schema: GraphQLSchema, formatError?: (error: GraphQLError) => GraphQLError): SubgraphExecutor {
  const format = (result: ExecutionResult): ExecutionResult => (formatError && result.errors?.length ? { ...result, errors: result.errors.map(formatError) } : result)
  return ((request) => {
    const args = { schema, document: request.document, variableValues: request.variables, contextValue: request.context, rootValue: request.rootValue, ...(request.operationName && { operationName: request.operationName }) }
    if (request.operationType === 'subscription') return subscribe(args)
    const result = execute(args)
    return result instanceof Promise ? result.then(format) : format(result)
  }) as SubgraphExecutor
}
