import { operationFromDocument, Supergraph, type Schema } from '@apollo/federation-internals'
import { QueryPlanner, type PlanNode, type QueryPlan } from '@apollo/query-planner'
import { BREAK, getOperationAST, Kind, visit, type DocumentNode, type GraphQLSchema, type SelectionNode } from 'graphql'

/** A plan this gateway runs itself, or why it leaves the operation to the stitching executor. */
export type PlanChoice = { plan: QueryPlan } | { introspection: true } | { unsupported: string }

/**
 * Query plans for one supergraph, made by Apollo's query planner (@apollo/query-planner, the
 * planner Apollo Gateway runs and Apollo Router ported) and cached per document, operation
 * name and override draw. Planning a deep operation costs tens of milliseconds; running a
 * cached plan costs none of it.
 */
export class QueryPlans {
  readonly #planner: QueryPlanner
  readonly #api: Schema
  /** The API schema as graphql-js, for shaping answers. */
  readonly apiSchema: GraphQLSchema
  /** Progressive-override labels (`percent(n)`, join v0.4+ `overrideLabel`) and their n. */
  readonly percentLabels: ReadonlyMap<string, number>
  readonly #cache = new WeakMap<DocumentNode, Map<string, PlanChoice>>()

  constructor(supergraphSdl: string) {
    const supergraph = Supergraph.build(supergraphSdl)
    this.#api = supergraph.apiSchema()
    this.apiSchema = this.#api.toGraphQLJSSchema()
    this.#planner = new QueryPlanner(supergraph, { exposeDocumentNodeInFetchNode: false, typeConditionedFetching: false })
    this.percentLabels = new Map([...supergraphSdl.matchAll(/overrideLabel:\s*"(percent\((\d+(?:\.\d+)?)\))"/g)].map((m) => [m[1]!, Number(m[2])]))
  }

  /**
   * The plan for an operation of a validated document.
   * @param draw The request's override draw in [0, 1): a `percent(n)` label is on when draw < n/100.
   */
  planFor(document: DocumentNode, operationName: string | undefined | null, draw: number): PlanChoice {
    let byKey = this.#cache.get(document)
    if (!byKey) {
      byKey = new Map()
      this.#cache.set(document, byKey)
    }
    const on = [...this.percentLabels].filter(([, n]) => draw * 100 < n).map(([label]) => label)
    const key = `${operationName ?? ''}\n${on.join(',')}`
    let choice = byKey.get(key)
    if (!choice) {
      choice = this.#plan(document, operationName, on)
      byKey.set(key, choice)
    }
    return choice
  }

  #plan(document: DocumentNode, operationName: string | undefined | null, on: string[]): PlanChoice {
    const introspection = introspects(document, operationName)
    if (introspection === 'only') return { introspection: true }
    if (introspection === 'mixed') return { unsupported: 'introspection with data' }
    try {
      const operation = operationFromDocument(this.#api, document, { ...(operationName && { operationName }), validate: false })
      if (operation.rootKind === 'subscription') return { unsupported: 'subscription' }
      const plan = this.#planner.buildQueryPlan(operation, { overrideConditions: new Map(on.map((l) => [l, true])) })
      const reason = plan.node && unsupportedNode(plan.node as PlanNode)
      return reason ? { unsupported: reason } : { plan }
    } catch (err) {
      return { unsupported: `planner: ${(err as Error).message}` }
    }
  }
}

/** What in a plan this executor does not run (it falls back to the stitching executor). */
function unsupportedNode(node: PlanNode): string | undefined {
  switch (node.kind) {
    case 'Sequence':
    case 'Parallel':
      for (const n of node.nodes) {
        const r = unsupportedNode(n)
        if (r) return r
      }
      return undefined
    case 'Flatten':
      return node.node.kind === 'Fetch' ? unsupportedNode(node.node) : 'a flatten node around a non-fetch'
    case 'Fetch':
      return node.contextRewrites?.length ? '@fromContext' : undefined
    case 'Condition':
      return (node.ifClause && unsupportedNode(node.ifClause)) || (node.elseClause && unsupportedNode(node.elseClause)) || undefined
    case 'Defer':
      return '@defer'
  }
}

/**
 * Whether the operation introspects: 'only' when its root asks only for __schema, __type and
 * __typename (answered from the API schema alone), 'mixed' when introspection sits beside data.
 */
function introspects(document: DocumentNode, operationName: string | undefined | null): 'only' | 'mixed' | undefined {
  let found = false
  visit(document, {
    Field(node) {
      if (node.name.value === '__schema' || node.name.value === '__type') {
        found = true
        return BREAK
      }
      return undefined
    },
  })
  if (!found) return undefined
  const operation = getOperationAST(document, operationName)
  const introspective = (s: SelectionNode): boolean => s.kind === Kind.FIELD && s.name.value.startsWith('__')
  return operation && operation.operation === 'query' && operation.selectionSet.selections.every(introspective) ? 'only' : 'mixed'
}
