import { execute, getOperationAST, isAbstractType, isObjectType, Kind, type DocumentNode, type ExecutionArgs, type ExecutionResult, type FragmentDefinitionNode, type GraphQLError } from 'graphql'
import { getVariableValues } from 'graphql/execution/values.js'
import type { QueryPlan, PlanNode } from '@apollo/query-planner'
import type { QueryPlans } from './query-plans.js'
import { runNode, type PlanRun, type SubgraphCall } from './run-plan.js'
import { SubgraphBatches } from './subgraph-batches.js'
import { hasConditions, shapeResponse, type FieldCollections } from './shape-response.js'
import type { ResultObject, TypeMatch } from './entities.js'

export type RunOperation = (args: ExecutionArgs) => Promise<ExecutionResult>

/** What a document needs at every execution, worked out once. */
interface Prepared {
  fragments: Record<string, FragmentDefinitionNode>
  /** Shared field collections, or undefined when @skip/@include make them per request. */
  collections: FieldCollections | undefined
}

/**
 * Tongban's own executor for query plans: runs the fetches of a plan (in sequence or in
 * parallel as planned), with one `_entities` request per fetch carrying each distinct
 * representation once (and one HTTP request per subgraph per step: SubgraphBatches), merges
 * the answers in place, and shapes the client's answer in a single pass over the document. Introspection alone is answered from the API schema. Operations it
 * does not run (subscriptions, @defer, @fromContext, introspection mixed with data) are left
 * to the stitching executor.
 */
export class PlanExecutor {
  readonly #plans: QueryPlans
  readonly #call: SubgraphCall
  readonly #matches: TypeMatch
  readonly #prepared = new WeakMap<DocumentNode, Prepared>()

  constructor(plans: QueryPlans, call: SubgraphCall) {
    this.#plans = plans
    this.#call = call
    const schema = plans.apiSchema
    const known = new Map<string, boolean>()
    this.#matches = (typename, condition) => {
      if (typename === condition) return true
      const key = `${typename}\u0000${condition}`
      let m = known.get(key)
      if (m === undefined) {
        const abstract = schema.getType(condition)
        const object = schema.getType(typename)
        m = isAbstractType(abstract) && isObjectType(object) && schema.isSubType(abstract, object)
        known.set(key, m)
      }
      return m
    }
  }

  /**
   * The function that runs this operation on its plan, or undefined when the stitching executor
   * must run it. `draw` is the request's progressive-override draw.
   */
  runnerFor(document: DocumentNode, operationName: string | null | undefined, draw: number): RunOperation | undefined {
    const choice = this.#plans.planFor(document, operationName, draw)
    if ('introspection' in choice) return (args) => Promise.resolve(execute({ ...args, schema: this.#plans.apiSchema }))
    if (!('plan' in choice)) return undefined
    return (args) => this.#run(args, choice.plan)
  }

  async #run(args: ExecutionArgs, plan: QueryPlan): Promise<ExecutionResult> {
    const operation = getOperationAST(args.document, args.operationName)!
    const coerced = getVariableValues(this.#plans.apiSchema, operation.variableDefinitions ?? [], (args.variableValues ?? {}) as Record<string, unknown>)
    if (coerced.errors) return { errors: coerced.errors }
    const prepared = this.#prepare(args.document)
    const run: PlanRun = { data: {}, errors: [], variables: coerced.coerced, context: args.contextValue, call: new SubgraphBatches(this.#call).send, matches: this.#matches }
    if (plan.node) await runNode(plan.node as PlanNode, run)
    const errors: GraphQLError[] = run.errors
    const data = shapeResponse(
      { schema: this.#plans.apiSchema, operation, fragments: prepared.fragments, variables: coerced.coerced, collections: prepared.collections ?? new WeakMap() },
      run.data as ResultObject,
      errors,
    )
    return errors.length ? { data, errors } : { data }
  }

  #prepare(document: DocumentNode): Prepared {
    let prepared = this.#prepared.get(document)
    if (!prepared) {
      const fragments: Record<string, FragmentDefinitionNode> = {}
      for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d
      prepared = { fragments, collections: hasConditions(document) ? undefined : new WeakMap() }
      this.#prepared.set(document, prepared)
    }
    return prepared
  }
}
