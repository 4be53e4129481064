import type { FieldNode, GraphQLResolveInfo } from 'graphql'

/**
 * Compiled plans keyed by the operation's field node: yoga's parser cache hands out the same
 * AST for the same document text, so a plan is compiled once per document, field and region.
 * A WeakMap lets plans go when their document leaves the parser cache.
 */
export class PlanCache {
  readonly #plans = new WeakMap<FieldNode, Map<string, unknown>>()

  get<T>(info: Pick<GraphQLResolveInfo, 'fieldNodes'>, key: string, build: () => T): T {
    const node = info.fieldNodes[0]!
    let byKey = this.#plans.get(node)
    if (!byKey) {
      byKey = new Map()
      this.#plans.set(node, byKey)
    }
    let plan = byKey.get(key) as T | undefined
    if (plan === undefined) {
      plan = build()
      byKey.set(key, plan)
    }
    return plan
  }
}
