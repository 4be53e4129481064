import DataLoader from 'dataloader'
import { asError, type RegionClient } from '../../federation/index.js'
import type { DeliveryCall } from '../../federation/delivery/compile-delivery.js'
import type { UpstreamGraphQLError, UpstreamResponse } from '../../federation/upstream/graphql-response.js'

interface Delivery {
  /** The city's client when the case was sent (a reload may replace it): a group uses its first's. */
  client: RegionClient
  variables: Record<string, unknown>
  requestId: string
}

const FIELD = /^r(\d+)$/

/**
 * Deliveries to one city that are ready in the same turn of the event loop go out as one
 * request: the city's mutation once per case, as the aliased fields `r0`, `r1`… of one
 * document (DeliveryCall.batchQuery), at most `call.maxBatch` cases per request. A DataLoader
 * per compiled call collects them, as the region batcher does for reads
 * (federation/upstream/region-batcher.ts), but dispatches on setImmediate: the cases of one
 * claimed round finish their reads within one turn's I/O callbacks, not one microtask queue.
 * Each case gets back the answer a request of its own would have had — its field as `r`, the
 * errors on its path — so the worker reads it the same way.
 *
 * A request the city refuses as a whole (no data, or an error on no case's path: a variable of
 * one case it cannot coerce, a document it will not take) is sent again one case per request,
 * so one bad case cannot hold up the others and each gets its own verdict. Cases the city
 * already took from the refused request come back marked duplicate (the city drops repeats by
 * the gateway case id). A transport failure (timeout, city down, open breaker) fails every
 * case of the request; the worker retries each on its own schedule.
 */
export class DeliveryBatches {
  readonly #loaders = new WeakMap<DeliveryCall, DataLoader<Delivery, UpstreamResponse>>()

  send(client: RegionClient, call: DeliveryCall, variables: Record<string, unknown>, requestId: string): Promise<UpstreamResponse> {
    const delivery = { client, variables, requestId }
    if (call.maxBatch <= 1) return single(call, delivery)
    let loader = this.#loaders.get(call)
    if (!loader) {
      loader = new DataLoader((group) => sendGroup(call, group), { cache: false, maxBatchSize: call.maxBatch, batchScheduleFn: (run) => setImmediate(run) })
      this.#loaders.set(call, loader)
    }
    return loader.load(delivery)
  }
}

function single(call: DeliveryCall, d: Delivery): Promise<UpstreamResponse> {
  return d.client.execute({ query: call.query, variables: d.variables, operationName: 'TongbanDelivery' }, { read: false, requestId: d.requestId })
}

async function sendGroup(call: DeliveryCall, group: readonly Delivery[]): Promise<(UpstreamResponse | Error)[]> {
  const each = () => Promise.all(group.map((d) => single(call, d).catch(asError)))
  const { client } = group[0]!
  if (group.length === 1) return each()
  let res: UpstreamResponse
  try {
    res = await client.execute(
      { query: call.batchQuery(group.length), variables: call.batchVariables(group.map((d) => d.variables)), operationName: 'TongbanDelivery' },
      // Every case's id: the city's logs tell which cases a request carried.
      { read: false, requestId: group.map((d) => d.requestId).join(','), fields: group.length },
    )
  } catch (err) {
    return group.map(() => asError(err))
  }
  const perCase: UpstreamGraphQLError[][] = group.map(() => [])
  let whole = res.data === null
  for (const e of res.errors) {
    const i = typeof e.path?.[0] === 'string' ? FIELD.exec(e.path[0])?.[1] : undefined
    const at = i === undefined ? undefined : perCase[Number(i)]
    if (at) at.push({ ...e, path: ['r', ...e.path!.slice(1)] })
    else whole = true
  }
  if (whole) return each()
  return group.map((_, i) => ({ data: { r: res.data![`r${i}`] ?? null }, errors: perCase[i]! }))
}
