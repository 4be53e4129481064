import type { RegionClient } from '../../federation/index.js'
import type { DeliveryCall } from '../../federation/delivery/compile-delivery.js'
import type { UpstreamGraphQLError, UpstreamResponse } from '../../federation/upstream/graphql-response.js'

interface Waiting {
  variables: Record<string, unknown>
  requestId: string
  resolve(res: UpstreamResponse): void
  reject(err: unknown): void
}

const FIELD = /^r(\d+)$/

/**
 * Deliveries to one city that are ready in the same turn of the event loop go out as one
 * request: the city's mutation once per case, as the aliased fields `r0`, `r1`… of one
 * document (DeliveryCall.batchQuery), at most `call.maxBatch` cases per request. Each case gets
 * back the answer a request of its own would have had — its field as `r`, the errors on its
 * path — so the worker reads it the same way.
 *
 * A request the city refuses as a whole (no data, or an error on no case's path: a variable of
 * one case it cannot coerce, a document it will not take) is sent again one case per request,
 * so one bad case cannot hold up the others and each gets its own verdict. Cases the city
 * already took from the refused request come back marked duplicate (the city drops repeats by
 * the gateway case id). A transport failure (timeout, city down, open breaker) fails every
 * case of the request; the worker retries each on its own schedule.
 */
export class DeliveryBatches {
  readonly #queues = new Map<DeliveryCall, { client: RegionClient; waiting: Waiting[] }>()

  send(client: RegionClient, call: DeliveryCall, variables: Record<string, unknown>, requestId: string): Promise<UpstreamResponse> {
    if (call.maxBatch <= 1) return single(client, call, variables, requestId)
    let queue = this.#queues.get(call)
    if (!queue) {
      this.#queues.set(call, (queue = { client, waiting: [] }))
      // After this turn's I/O callbacks: the cases whose reads finished together travel together.
      setImmediate(() => this.#flush(call))
    }
    const { waiting } = queue
    return new Promise((resolve, reject) => waiting.push({ variables, requestId, resolve, reject }))
  }

  #flush(call: DeliveryCall): void {
    const queue = this.#queues.get(call)!
    this.#queues.delete(call)
    for (let i = 0; i < queue.waiting.length; i += call.maxBatch) void sendGroup(queue.client, call, queue.waiting.slice(i, i + call.maxBatch))
  }
}

function single(client: RegionClient, call: DeliveryCall, variables: Record<string, unknown>, requestId: string): Promise<UpstreamResponse> {
  return client.execute({ query: call.query, variables, operationName: 'TongbanDelivery' }, { read: false, requestId })
}

async function sendGroup(client: RegionClient, call: DeliveryCall, group: Waiting[]): Promise<void> {
  if (group.length === 1) {
    const [w] = group as [Waiting]
    return single(client, call, w.variables, w.requestId).then(w.resolve, w.reject)
  }
  let res: UpstreamResponse
  try {
    res = await client.execute(
      { query: call.batchQuery(group.length), variables: call.batchVariables(group.map((w) => w.variables)), operationName: 'TongbanDelivery' },
      // Every case's id: the city's logs tell which cases a request carried.
      { read: false, requestId: group.map((w) => w.requestId).join(','), fields: group.length },
    )
  } catch (err) {
    for (const w of group) w.reject(err)
    return
  }
  const perCase: UpstreamGraphQLError[][] = group.map(() => [])
  let whole = res.data === null
  for (const e of res.errors) {
    const i = typeof e.path?.[0] === 'string' ? FIELD.exec(e.path[0])?.[1] : undefined
    const at = i === undefined ? undefined : perCase[Number(i)]
    if (at) at.push({ ...e, path: ['r', ...e.path!.slice(1)] })
    else whole = true
  }
  if (whole) {
    await Promise.all(group.map((w) => single(client, call, w.variables, w.requestId).then(w.resolve, w.reject)))
    return
  }
  group.forEach((w, i) => w.resolve({ data: { r: res.data![`r${i}`] ?? null }, errors: perCase[i]! }))
}
