import { execute as graphqlExecute, type DocumentNode, type ExecutionArgs, type ExecutionResult, type GraphQLSchema } from 'graphql'
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit'
import type { Plugin } from 'graphql-yoga'

type Run = (args: ExecutionArgs) => ExecutionResult | Promise<ExecutionResult>

/**
 * Executes queries and mutations through graphql-jit: each operation is compiled to JS once
 * and reused, which matters here because a translated page is mostly value completion.
 *
 * Written here rather than taken from @envelop/graphql-jit because that plugin caches the
 * compiled query by document only: a document with several operations then runs the first
 * operation compiled, whatever `operationName` a later request names. Here the cache key is
 * the schema (which changes when a supergraph is replaced), the document (by identity, as
 * yoga's parser cache returns one AST per text) and the operation name. Documents graphql-jit
 * cannot compile run on graphql-js, which also yields
 * the standard errors (unknown operation name, and so on).
 */
export function useCompiledExecution(): Plugin {
  const bySchema = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, Map<string, CompiledQuery | null>>>()
  const compiled = (args: ExecutionArgs): CompiledQuery | null => {
    let cache = bySchema.get(args.schema)
    if (!cache) {
      cache = new WeakMap()
      bySchema.set(args.schema, cache)
    }
    let byName = cache.get(args.document)
    if (!byName) {
      byName = new Map()
      cache.set(args.document, byName)
    }
    const name = args.operationName ?? ''
    let entry = byName.get(name)
    if (entry === undefined) {
      const result = compileQuery(args.schema, args.document, args.operationName ?? undefined)
      entry = isCompiledQuery(result) ? result : null
      byName.set(name, entry)
    }
    return entry
  }
  const run: Run = (args) => {
    const query = compiled(args)
    if (!query) return graphqlExecute(args)
    return query.query(args.rootValue, args.contextValue, args.variableValues) as ExecutionResult | Promise<ExecutionResult>
  }
  return {
    onExecute({ setExecuteFn }) {
      setExecuteFn(run as never)
    },
  }
}
