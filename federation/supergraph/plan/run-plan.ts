import { GraphQLError } from 'graphql'
import type { FetchNode, PlanNode } from '@apollo/query-planner'
import type { UpstreamGraphQLError, UpstreamResponse } from '../../upstream/graphql-response.js'
import { applyRewrites, mergeInto, objectsAt, representationOf, type ResultObject, type TypeMatch } from './entities.js'

/** A request to one subgraph, as a fetch node of the plan describes it. */
export interface SubgraphRequest {
  query: string
  operationName: string | undefined
  variables: Record<string, unknown>
  /** Mutations are sent once, never retried. */
  mutation: boolean
}

/**
 * Sends a request to a subgraph by its name in the supergraph. Rejects with a GraphQLError
 * (SUBGRAPH_UNAVAILABLE) when the subgraph could not answer.
 */
export type SubgraphCall = (subgraph: string, request: SubgraphRequest, context: unknown) => Promise<UpstreamResponse>

/** The state of one execution: the data assembled so far and the errors met. */
export interface PlanRun {
  readonly data: ResultObject
  readonly errors: GraphQLError[]
  readonly variables: Readonly<Record<string, unknown>>
  readonly context: unknown
  readonly call: SubgraphCall
  readonly matches: TypeMatch
}

/** Runs a plan node: fetches in sequence or in parallel, each merged into `run.data`. */
export async function runNode(node: PlanNode, run: PlanRun): Promise<void> {
  switch (node.kind) {
    case 'Sequence':
      for (const n of node.nodes) await runNode(n, run)
      return
    case 'Parallel':
      await Promise.all(node.nodes.map((n) => runNode(n, run)))
      return
    case 'Flatten':
      return runFetch(node.node as FetchNode, node.path, run)
    case 'Fetch':
      return runFetch(node, [], run)
    case 'Condition': {
      const branch = run.variables[node.condition] ? node.ifClause : node.elseClause
      if (branch) await runNode(branch, run)
      return
    }
    default:
      throw new Error(`plan node ${node.kind} is not run by this executor`)
  }
}

async function runFetch(fetch: FetchNode, path: readonly (string | number)[], run: PlanRun): Promise<void> {
  const variables: Record<string, unknown> = {}
  for (const name of fetch.variableUsages ?? []) if (name in run.variables) variables[name] = run.variables[name]
  const targets = path.length ? objectsAt(run.data, path, run.matches) : [run.data]
  if (targets.length === 0) return
  const mutation = fetch.operationKind === 'mutation'
  if (!fetch.requires) {
    const response = await send(fetch, { query: fetch.operation, operationName: fetch.operationName, variables, mutation }, run, () => (path.length ? [...path] : undefined))
    if (!response) return
    if (response.data) {
      applyRewrites(fetch.outputRewrites, response.data, run.matches)
      for (const target of targets) mergeInto(target, response.data)
    }
    for (const e of response.errors) run.errors.push(located(e, e.path))
    return
  }
  // One representation per distinct entity: the same product under many reviews is asked once.
  const representations: ResultObject[] = []
  const indexOf = new Map<string, number>()
  const entityRep = new Int32Array(targets.length).fill(-1)
  for (let i = 0; i < targets.length; i++) {
    const representation = representationOf(targets[i]!, fetch.requires, run.matches)
    if (!representation) continue
    applyRewrites(fetch.inputRewrites, representation, run.matches)
    const key = JSON.stringify(representation)
    let n = indexOf.get(key)
    if (n === undefined) {
      n = representations.length
      indexOf.set(key, n)
      representations.push(representation)
    }
    entityRep[i] = n
  }
  if (representations.length === 0) return
  const firstEntityPath = () => pathsByRepresentation(path, run, entityRep).get(0)?.[0]
  const response = await send(fetch, { query: fetch.operation, operationName: fetch.operationName, variables: { ...variables, representations }, mutation }, run, firstEntityPath)
  if (!response) return
  const entities = response.data?._entities
  if (Array.isArray(entities)) {
    for (const e of entities) if (e && typeof e === 'object') applyRewrites(fetch.outputRewrites, e as ResultObject, run.matches)
    for (let i = 0; i < targets.length; i++) {
      const n = entityRep[i]!
      const entity = n >= 0 ? entities[n] : undefined
      if (entity && typeof entity === 'object') mergeInto(targets[i]!, entity as ResultObject)
    }
  }
  if (response.errors.length === 0) return
  // `_entities.3.name` is the fourth representation's: placed under every entity it stands for,
  // so each null it leaves in the answer has its error.
  let paths: Map<number, (string | number)[][]> | undefined
  for (const e of response.errors) {
    if (e.path?.[0] !== '_entities' || typeof e.path[1] !== 'number') {
      run.errors.push(located(e, undefined))
      continue
    }
    paths ??= pathsByRepresentation(path, run, entityRep)
    const rest = e.path.slice(2)
    const at = paths.get(e.path[1])
    if (!at) run.errors.push(located(e, undefined))
    else for (const p of at) run.errors.push(located(e, [...p, ...rest]))
  }
}

/** For each representation, the response paths of the entities it stands for. */
function pathsByRepresentation(path: readonly (string | number)[], run: PlanRun, entityRep: Int32Array): Map<number, (string | number)[][]> {
  const paths: (string | number)[][] = []
  objectsAt(run.data, path, run.matches, paths)
  const byRep = new Map<number, (string | number)[][]>()
  for (let i = 0; i < paths.length; i++) {
    const n = entityRep[i]!
    if (n < 0) continue
    const list = byRep.get(n)
    if (list) list.push(paths[i]!)
    else byRep.set(n, [paths[i]!])
  }
  return byRep
}

/** Sends one fetch; a subgraph that cannot answer leaves an error at the first place it would have filled. */
async function send(fetch: FetchNode, request: SubgraphRequest, run: PlanRun, where: () => (string | number)[] | undefined): Promise<UpstreamResponse | undefined> {
  try {
    return await run.call(fetch.serviceName, request, run.context)
  } catch (err) {
    if (!(err instanceof GraphQLError)) throw err
    const at = where()
    run.errors.push(at ? new GraphQLError(err.message, { path: at, extensions: err.extensions }) : err)
    return undefined
  }
}

/** A subgraph's error, placed in the client's response. */
function located(e: UpstreamGraphQLError, path: readonly (string | number)[] | undefined): GraphQLError {
  return new GraphQLError(e.message, { ...(path && { path }), ...(e.extensions && { extensions: e.extensions }) })
}
