import type { DocumentNode, GraphQLSchema } from 'graphql'

/** The part of an envelop plugin this one uses (typed here: federation imports no server). */
interface ExecutionHookArgs {
  args: { schema: GraphQLSchema; document: DocumentNode }
}
export interface SchemaPerDocumentPlugin {
  onExecute(hook: ExecutionHookArgs): void
  onSubscribe(hook: ExecutionHookArgs): void
}

/**
 * An envelop plugin that executes each document on the schema `choose` picks for it (see
 * schemaForDocument). Validation stays on the server's schema, the supergraph, which is a
 * superset of the canonical one. Setting `args.schema` in onExecute works because envelop
 * hands the same args object to the execute function after every hook has run.
 */
export function useSchemaPerDocument(choose: (document: DocumentNode) => GraphQLSchema): SchemaPerDocumentPlugin {
  const pick = ({ args }: ExecutionHookArgs) => {
    args.schema = choose(args.document)
  }
  return { onExecute: pick, onSubscribe: pick }
}
