/**
 * Operation-level behaviour: @skip/@include decide which subgraphs are asked, mutations run in
 * document order across subgraphs, an unknown key resolves to null without an error, and a
 * subgraph that is down costs only its own fields (SUBGRAPH_UNAVAILABLE), not the answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FEDERATION_LINK, startSubgraph, type TestSubgraph } from './subgraph-server.js'
import { startSupergraphGateway, type SupergraphGateway } from './supergraph-gateway.js'

const ledger: string[] = []
let total = 0
let stock: TestSubgraph, audit: TestSubgraph, prices: TestSubgraph, gw: SupergraphGateway
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

beforeAll(async () => {
  stock = await startSubgraph(
    'stock',
    FEDERATION_LINK(['@key']) +
      `type Sku @key(fields: "id") { id: ID! name: String! }
       type Query { skus: [Sku!]! }
       type Mutation { add(n: Int!): Int! }`,
    {
      Query: { skus: () => [{ id: 's1', name: '茶' }, { id: 's2', name: '酒' }, { id: 'ghost', name: '无价' }] },
      Sku: { __resolveReference: (r: { id: string }) => ({ id: r.id, name: r.id }) },
      // Slow first, fast later: if the gateway ran mutations in parallel, the ledger would show it.
      Mutation: { add: async (_: unknown, { n }: { n: number }) => (await sleep(40 - n * 10), ledger.push(`add ${n}`), (total += n)) },
    },
  )
  audit = await startSubgraph(
    'audit',
    FEDERATION_LINK(['@key']) + `type Query { entries: [String!]! } type Mutation { note(text: String!): Int! }`,
    { Query: { entries: () => ledger }, Mutation: { note: async (_: unknown, { text }: { text: string }) => (await sleep(5), ledger.push(`note ${text}`), ledger.length) } },
  )
  prices = await startSubgraph(
    'prices',
    FEDERATION_LINK(['@key']) + `type Sku @key(fields: "id") { id: ID! price: Int }`,
    // An id this subgraph does not know resolves to null: the entity then has no price.
    { Sku: { __resolveReference: (r: { id: string }) => (r.id === 'ghost' ? null : { id: r.id, price: r.id === 's1' ? 30 : 80 }) } },
  )
  gw = await startSupergraphGateway([stock, audit, prices], { upstream: { retries: 0, connectTimeoutMs: 200, breaker: { failureThreshold: 100, cooldownMs: 1000 } } })
})

afterAll(async () => {
  await gw?.close()
  await Promise.all([stock, audit, prices].map((s) => s?.stop()))
})

describe('@skip and @include', () => {
  it('a field left out by @include(if: false) does not reach its subgraph', async () => {
    prices.reset()
    const q = 'query ($p: Boolean!) { skus { id price @include(if: $p) name @skip(if: $p) } }'
    const off = await gw.query(q, { p: false })
    expect(off.data.skus[0]).toEqual({ id: 's1', name: '茶' })
    expect(prices.requests).toHaveLength(0)
    const on = await gw.query(q, { p: true })
    expect(on.data.skus.slice(0, 2)).toEqual([
      { id: 's1', price: 30 },
      { id: 's2', price: 80 },
    ])
    expect(prices.requests).toHaveLength(1)
  })
})

describe('null keys and unknown entities', () => {
  it('an entity its subgraph does not know gets null fields, no error', async () => {
    const r = await gw.query('{ skus { id price } }')
    expect(r.errors).toBeUndefined()
    expect(r.data.skus[2]).toEqual({ id: 'ghost', price: null })
  })
})

describe('mutations', () => {
  it('root mutation fields run one after another, in document order, across subgraphs', async () => {
    ledger.length = 0
    total = 0
    const r = await gw.query('mutation { a: add(n: 1) b: note(text: "x") c: add(n: 2) d: add(n: 3) e: note(text: "y") }')
    expect(r.errors).toBeUndefined()
    expect(r.data).toEqual({ a: 1, b: 2, c: 3, d: 6, e: 5 })
    expect(ledger).toEqual(['add 1', 'note x', 'add 2', 'add 3', 'note y'])
  })
})

describe('a subgraph that is down', () => {
  it('its fields are null with SUBGRAPH_UNAVAILABLE; the other subgraphs still answer', async () => {
    await prices.stop()
    const r = await gw.query('{ skus { id name price } }')
    expect(r.data.skus.map((s: any) => s.name)).toEqual(['s1', 's2', 'ghost'].map((id) => ({ s1: '茶', s2: '酒', ghost: '无价' })[id]))
    expect(r.data.skus.every((s: any) => s.price === null)).toBe(true)
    expect(r.errors?.length).toBeGreaterThan(0)
    expect(r.errors![0]!.extensions).toMatchObject({ code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'prices', reason: 'CONNECTION_FAILED' })
  })
})
