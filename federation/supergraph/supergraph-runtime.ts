import type { DocumentNode, GraphQLError, GraphQLSchema } from 'graphql'
import type { UpstreamSettings } from '../config/region-config-schema.js'
import type { BreakerState } from '../upstream/breaker.js'
import { RegionClient } from '../upstream/region-client.js'
import { createSubgraphExecutor } from './subgraph-executor.js'
import { httpSubgraph, localSubgraph, type SubgraphAnswer } from './plan/subgraph-calls.js'
import { PlanExecutor, type RunOperation } from './plan/plan-executor.js'
import { QueryPlans } from './plan/query-plans.js'
import { DEFAULT_SUBGRAPH_SETTINGS } from './subgraph-settings.js'
import { overrideDraw } from './override-draw.js'
import { ConfigError } from '../errors.js'

export interface SupergraphRuntimeOptions {
  /** A composed Federation v2 supergraph (see composeSupergraph, mixSupergraph). */
  supergraphSdl: string
  /** Subgraphs answered in this process, by their URL in the supergraph (e.g. tongban://canonical). */
  local?: Readonly<Record<string, GraphQLSchema>>
  /** How a local subgraph's errors are shown (see createLocalSubgraphExecutor). */
  formatLocalError?: (error: GraphQLError) => GraphQLError
  /** Upstream settings for every HTTP subgraph; default DEFAULT_SUBGRAPH_SETTINGS. */
  upstream?: Partial<UpstreamSettings>
  onBreakerChange?: (subgraph: string, state: BreakerState) => void
  /**
   * Who runs queries and mutations: `plans` (default), Tongban's plan executor, or
   * `stitching`, @graphql-tools/federation's executor for everything (a fallback should a
   * supergraph ever need it: TONGBAN_SUPERGRAPH_EXECUTOR=stitching; tests compare the two).
   */
  executor?: 'plans' | 'stitching'
}

/** An executable supergraph and the connections it owns. */
export interface SupergraphRuntime {
  /** The API schema: what clients query and are validated against (inaccessible fields and join types removed). */
  readonly schema: GraphQLSchema
  /**
   * The stitching executor's executable schema, made on first use (see runnerFor): most
   * supergraphs never need it, and a gateway that does not carries none of it in memory.
   */
  stitched(): Promise<GraphQLSchema>
  /** Each HTTP subgraph's breaker, for /readiness and metrics. */
  breakerStates(): ReadonlyMap<string, BreakerState>
  /** The supergraph has percent-labelled overrides: each request draws once (see useSupergraphExecution). */
  readonly percentOverrides: boolean
  /**
   * Runs an operation on its query plan (Tongban's plan executor), or undefined when the
   * stitching executor (`stitched()`) must run it.
   * @param draw The request's progressive-override draw in [0, 1).
   */
  runnerFor(document: DocumentNode, operationName: string | null | undefined, draw: number): RunOperation | undefined
  /** Closes every subgraph's pool. */
  close(): Promise<void>
}

/**
 * Makes a supergraph executable. Queries and mutations run on query plans from Apollo's query
 * planner, executed by Tongban's own plan executor (federation/supergraph/plan/), which also
 * answers introspection from the API schema; subscriptions, @defer and introspection mixed with
 * data run on @graphql-tools/federation's stitching executor (the one Hive Gateway runs), made
 * only when first needed.
 * Both executors reach the subgraphs the same way:
 * - every HTTP subgraph behind its own RegionClient: an undici pool, timeouts, retries for
 *   queries, a breaker, and partial results with SUBGRAPH_UNAVAILABLE when it is down;
 * - `_entities` batched: one request per subgraph per step of the plan (SubgraphBatches; the
 *   stitching executor: batch delegation and `batch: true`);
 * - local subgraphs (the canonical API) executed in process, with the gateway's context.
 * @throws Error when the SDL is not a supergraph the planner can read.
 */
export function createSupergraphRuntime(o: SupergraphRuntimeOptions): SupergraphRuntime {
  refuseUnsupported(o.supergraphSdl)
  const settings: UpstreamSettings = { ...DEFAULT_SUBGRAPH_SETTINGS, ...o.upstream }
  // One client per endpoint: the planner may split one subgraph into several subschemas.
  const clients = new Map<string, RegionClient>()
  const clientFor = (name: string, endpoint: string): RegionClient => {
    let client = clients.get(endpoint)
    if (!client) {
      client = new RegionClient({ code: name, name: `subgraph ${name}`, endpoint, settings, ...(o.onBreakerChange && { onBreakerChange: (s) => o.onBreakerChange!(name, s) }) })
      clients.set(endpoint, client)
    }
    return client
  }
  const endpoints = subgraphEndpoints(o.supergraphSdl)
  const answers = new Map<string, SubgraphAnswer>()
  const answerFor = (name: string, endpoint: string): SubgraphAnswer => {
    let answer = answers.get(name)
    if (!answer) {
      const local = o.local?.[endpoint]
      if (!local && endpoint.startsWith('tongban://')) throw new Error(`subgraph ${name} (${endpoint}) is answered in process, but no schema was given for it`)
      answer = local ? localSubgraph(local, o.formatLocalError) : httpSubgraph(name, clientFor(name, endpoint))
      answers.set(name, answer)
    }
    return answer
  }
  for (const [name, endpoint] of endpoints) answerFor(name, endpoint)
  const stitch = async () => (await import('@graphql-tools/federation')).getStitchedSchemaFromSupergraphSdl({
    supergraphSdl: o.supergraphSdl,
    batch: true,
    getRng: overrideDraw,
    onSubschemaConfig(config) {
      const name = [...endpoints].find(([, endpoint]) => endpoint === config.endpoint)?.[0] ?? config.name.toLowerCase()
      config.executor = createSubgraphExecutor(answerFor(name, config.endpoint))
    },
  })
  let stitched: Promise<GraphQLSchema> | undefined
  const queryPlans = new QueryPlans(o.supergraphSdl)
  const plans = new PlanExecutor(queryPlans, async (subgraph, request, context) => {
    const answer = answers.get(subgraph)
    if (!answer) throw new Error(`the query plan names subgraph ${subgraph}, which the supergraph does not list`)
    return answer(request, context)
  })
  return {
    schema: queryPlans.apiSchema,
    stitched: () => (stitched ??= stitch()),
    percentOverrides: queryPlans.percentLabels.size > 0,
    runnerFor: o.executor === 'stitching' ? () => undefined : (document, operationName, draw) => plans.runnerFor(document, operationName, draw),
    breakerStates: () => new Map([...clients.values()].map((c) => [c.code, c.breakerState])),
    close: async () => {
      await Promise.all([...clients.values()].map((c) => c.close()))
    },
  }
}

/**
 * Refuses what the planner would run wrongly rather than not at all: @fromContext arguments
 * (Federation 2.8, `contextArguments` in the supergraph) are not filled in by
 * @graphql-tools/federation 4, so the subgraph would silently get no value.
 * @throws ConfigError CONFIG_INVALID naming each field.
 */
function refuseUnsupported(supergraphSdl: string): void {
  const fields: string[] = []
  let type = ''
  for (const line of supergraphSdl.split('\n')) {
    const t = /^(?:type|interface|extend type)\s+(\w+)/.exec(line)
    if (t) type = t[1]!
    const f = /^\s+(\w+)[(:].*@join__field\(.*contextArguments:\s*\[/.exec(line)
    if (f) fields.push(`${type}.${f[1]}`)
  }
  if (fields.length) {
    throw new ConfigError(fields.map((f) => ({ file: 'supergraph', path: f, message: `${f} takes an argument @fromContext (Federation 2.8 @context), which this gateway's planner does not support; the subgraph would get no value` })))
  }
}

/** Each subgraph's name and URL, from the supergraph's `join__Graph` values (join v0.1 to v0.5). */
function subgraphEndpoints(supergraphSdl: string): Map<string, string> {
  return new Map([...supergraphSdl.matchAll(/@join__graph\(\s*name:\s*"([^"]+)"\s*,?\s*url:\s*"([^"]*)"/g)].map((m) => [m[1]!, m[2]!]))
}
