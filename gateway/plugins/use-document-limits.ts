import { EnvelopArmor } from '@escape.tech/graphql-armor'
import { GraphQLError, type ValidationContext } from 'graphql'
import type { Plugin } from 'graphql-yoga'

export interface DocumentLimits {
  maxDepth: number
  maxCost: number
  maxAliases: number
  maxTokens: number
  maxDirectives: number
}

const coded = (e: GraphQLError) =>
  new GraphQLError(e.message.replace(/^Syntax Error: /, ''), {
    ...(e.nodes && { nodes: e.nodes }),
    extensions: { code: 'QUERY_TOO_COMPLEX', http: { status: 400 } },
  })

/**
 * Depth, cost, alias, directive and token limits from graphql-armor, checked before a
 * document executes. armor reports a rejection as a bare "Syntax Error"; here each one
 * becomes a validation error with the code QUERY_TOO_COMPLEX. Validation-phase limits report
 * through the validation context; the token limit runs while parsing and can only throw, so
 * its error is recognised by identity and replaced.
 */
export function useDocumentLimits(limits: DocumentLimits): Plugin[] {
  const report = {
    propagateOnRejection: false,
    onReject: [(ctx: ValidationContext | null, error: GraphQLError) => ctx?.reportError(coded(error))],
  }
  const thrown = new WeakSet<GraphQLError>()
  const armor = new EnvelopArmor({
    maxDepth: { n: limits.maxDepth, ...report },
    costLimit: { maxCost: limits.maxCost, ...report },
    maxAliases: { n: limits.maxAliases, ...report },
    maxDirectives: { n: limits.maxDirectives, ...report },
    maxTokens: { n: limits.maxTokens, onReject: [(_: unknown, error: GraphQLError) => void thrown.add(error)] },
    // The schema is public through introspection; suggestions help developers.
    blockFieldSuggestion: { enabled: false },
  })
  const tokenErrors: Plugin = {
    onParse: () => ({ result, replaceParseResult }) => {
      if (result instanceof GraphQLError && thrown.has(result)) replaceParseResult(coded(result))
    },
  }
  return [...(armor.protect().plugins as Plugin[]), tokenErrors]
}
