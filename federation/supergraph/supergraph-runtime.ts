import type { GraphQLError, GraphQLSchema } from 'graphql'
import { getStitchedSchemaFromSupergraphSdl } from '@graphql-tools/federation'
import type { UpstreamSettings } from '../config/region-config-schema.js'
import type { BreakerState } from '../upstream/breaker.js'
import { RegionClient } from '../upstream/region-client.js'
import { createLocalSubgraphExecutor } from './local-subgraph-executor.js'
import { createSubgraphExecutor } from './subgraph-executor.js'
import { DEFAULT_SUBGRAPH_SETTINGS } from './subgraph-settings.js'
import { hasPercentOverrides, overrideDraw } from './override-draw.js'
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
}

/** An executable supergraph and the connections it owns. */
export interface SupergraphRuntime {
  /** The API schema: what clients query (inaccessible fields and join types removed). */
  readonly schema: GraphQLSchema
  /** Each HTTP subgraph's breaker, for /readiness and metrics. */
  breakerStates(): ReadonlyMap<string, BreakerState>
  /** The supergraph has percent-labelled overrides: run its executions inside one draw (useOverrideDraw). */
  readonly percentOverrides: boolean
  /** Closes every subgraph's pool. */
  close(): Promise<void>
}

/**
 * Makes a supergraph executable. Query planning and result merging are
 * @graphql-tools/federation's (the planner Hive Gateway runs), with:
 * - every HTTP subgraph behind its own RegionClient: an undici pool, timeouts, retries for
 *   queries, a breaker, and partial results with SUBGRAPH_UNAVAILABLE when it is down;
 * - `_entities` batched: keys of one type are collected per planning step (batch delegation),
 *   and all calls one subgraph gets in the same tick go out as one request (`batch: true`);
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
  const schema = getStitchedSchemaFromSupergraphSdl({
    supergraphSdl: o.supergraphSdl,
    batch: true,
    getRng: overrideDraw,
    onSubschemaConfig(config) {
      const name = config.name.toLowerCase()
      const local = o.local?.[config.endpoint]
      if (!local && config.endpoint.startsWith('tongban://')) throw new Error(`subgraph ${name} (${config.endpoint}) is answered in process, but no schema was given for it`)
      config.executor = local ? createLocalSubgraphExecutor(local, o.formatLocalError) : createSubgraphExecutor(name, clientFor(name, config.endpoint))
    },
  })
  return {
    schema,
    percentOverrides: hasPercentOverrides(o.supergraphSdl),
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
