import { Kind, OperationTypeNode, print, visit, type DefinitionNode, type DocumentNode, type OperationDefinitionNode, type SelectionNode, type VariableDefinitionNode } from 'graphql'
import DataLoader from 'dataloader'
import { LRUCache } from 'lru-cache'
import { asError } from '../../errors.js'
import type { UpstreamResponse } from '../../upstream/graphql-response.js'
import { operationDocument } from './operation-documents.js'
import type { SubgraphCall, SubgraphRequest } from './run-plan.js'

/** The texts of merged requests, by the texts they were merged from (plans repeat them). */
const mergedTexts = new LRUCache<string, string>({ max: 1000 })

/**
 * Queries one subgraph is sent in the same step of a plan (the fetch nodes a Parallel node
 * starts together, e.g. the same subgraph's entities at two paths) go out as one HTTP request:
 * each request's root fields, variables and fragments get a prefix (`_0_`, `_1_`…) and the
 * answer is split back by it. A DataLoader per subgraph collects them, dispatching on a
 * microtask: requests start synchronously within a step, so everything queued before the next
 * microtask belongs to it. One instance per plan run (one context). Mutations are never
 * merged: they run in order.
 */
export class SubgraphBatches {
  readonly #loaders = new Map<string, DataLoader<SubgraphRequest, UpstreamResponse>>()
  readonly #call: SubgraphCall

  constructor(call: SubgraphCall) {
    this.#call = call
  }

  /** Same contract as SubgraphCall. */
  readonly send: SubgraphCall = (subgraph, request, context) => {
    if (request.mutation) return this.#call(subgraph, request, context)
    let loader = this.#loaders.get(subgraph)
    if (!loader) {
      loader = new DataLoader((requests) => this.#sendMerged(subgraph, requests, context), { cache: false, batchScheduleFn: queueMicrotask })
      this.#loaders.set(subgraph, loader)
    }
    return loader.load(request)
  }

  async #sendMerged(subgraph: string, requests: readonly SubgraphRequest[], context: unknown): Promise<(UpstreamResponse | Error)[]> {
    try {
      if (requests.length === 1) return [await this.#call(subgraph, requests[0]!, context)]
      const variables: Record<string, unknown> = {}
      requests.forEach((r, i) => {
        for (const [k, v] of Object.entries(r.variables)) variables[`_${i}_${k}`] = v
      })
      const response = await this.#call(subgraph, { query: mergedText(requests), operationName: undefined, variables, mutation: false }, context)
      return requests.map((_, i) => partOf(response, i))
    } catch (err) {
      const e = asError(err)
      return requests.map(() => e)
    }
  }
}

function mergedText(requests: readonly SubgraphRequest[]): string {
  const key = requests.map((r) => r.query).join('\u0000')
  let text = mergedTexts.get(key)
  if (!text) {
    const variableDefinitions: VariableDefinitionNode[] = []
    const selections: SelectionNode[] = []
    const fragments: DefinitionNode[] = []
    requests.forEach((r, i) => {
      const prefix = `_${i}_`
      const renamed = visit(operationDocument(r.query), {
        Variable: (node) => ({ ...node, name: { ...node.name, value: prefix + node.name.value } }),
        FragmentSpread: (node) => ({ ...node, name: { ...node.name, value: prefix + node.name.value } }),
        FragmentDefinition: (node) => ({ ...node, name: { ...node.name, value: prefix + node.name.value } }),
      })
      for (const d of renamed.definitions) {
        if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.push(d)
        if (d.kind !== Kind.OPERATION_DEFINITION) continue
        variableDefinitions.push(...(d.variableDefinitions ?? []))
        for (const s of d.selectionSet.selections) {
          // The planner's root selections are fields; anything else keeps its place unprefixed.
          selections.push(s.kind === Kind.FIELD ? { ...s, alias: { kind: Kind.NAME, value: prefix + (s.alias?.value ?? s.name.value) } } : s)
        }
      }
    })
    const operation: OperationDefinitionNode = { kind: Kind.OPERATION_DEFINITION, operation: OperationTypeNode.QUERY, variableDefinitions, selectionSet: { kind: Kind.SELECTION_SET, selections } }
    text = print({ kind: Kind.DOCUMENT, definitions: [operation, ...fragments] } as DocumentNode)
    mergedTexts.set(key, text)
  }
  return text
}

/** The i-th request's share of a merged answer: its prefixed fields, and the errors under them (or under none). */
function partOf(response: UpstreamResponse, i: number): UpstreamResponse {
  const prefix = `_${i}_`
  let data: Record<string, unknown> | null = null
  if (response.data) {
    data = {}
    for (const key in response.data) if (key.startsWith(prefix)) data[key.slice(prefix.length)] = response.data[key]
  }
  const errors = response.errors.flatMap((e) => {
    const head = e.path?.[0]
    if (typeof head !== 'string' || !/^_\d+_/.test(head)) return [e]
    return head.startsWith(prefix) ? [{ ...e, path: [head.slice(prefix.length), ...e.path!.slice(1)] }] : []
  })
  return { data, errors }
}
