import { GraphQLError } from 'graphql'
import { maskError as yogaMaskError, type Plugin, type YogaInitialContext } from 'graphql-yoga'
import type { GatewayContext } from '../context.js'
import { asCodedError, toGraphQLError } from './coded-error.js'

/**
 * yoga's maskError hook: a coded domain error (FederationError, GatewayError) keeps its
 * message and puts its code in extensions.code; anything else is masked as
 * INTERNAL_SERVER_ERROR by yoga's default, so no stack or internal message leaks.
 */
export function maskCodedError(error: unknown, message: string, isDev?: boolean): Error {
  const original = asCodedError(error instanceof GraphQLError ? error.originalError : error)
  if (original) {
    const g = error instanceof GraphQLError ? error : undefined
    return toGraphQLError(original, {
      ...(g?.nodes && { nodes: g.nodes }),
      ...(g?.source && { source: g.source }),
      ...(g?.positions && { positions: g.positions }),
      ...(g?.path && { path: g.path }),
    })
  }
  return yogaMaskError(error, message, isDev)
}

/**
 * Appends the federation layer's partial errors (a region missing from a fan-out) to the
 * result, next to the data the other regions returned.
 */
export function usePartialErrors(): Plugin<YogaInitialContext & GatewayContext> {
  return {
    onExecute() {
      return {
        onExecuteDone({ args, result, setResult }) {
          const partial = (args.contextValue as GatewayContext).scope?.partialErrors
          if (!partial?.length || !('data' in result)) return
          const extra = partial.map(({ error, path }) => toGraphQLError(error, { path }))
          setResult({ ...result, errors: [...(result.errors ?? []), ...extra] })
        },
      }
    },
  }
}
