/**
 * Who answers a field: @shareable (either subgraph may, and the planner asks only one),
 * @override (the field moved; the old owner is no longer asked), @inaccessible (composed but
 * not part of the API).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FEDERATION_LINK, startSubgraph, type TestSubgraph } from './subgraph-server.js'
import { startSupergraphGateway, type SupergraphGateway } from './supergraph-gateway.js'

const rows = [
  { id: '1', name: '户口迁移', price: 10, secret: 'x' },
  { id: '2', name: '婚姻登记', price: 20, secret: 'y' },
]
let legacy: TestSubgraph, pricing: TestSubgraph, gw: SupergraphGateway

beforeAll(async () => {
  legacy = await startSubgraph(
    'legacy',
    FEDERATION_LINK(['@key', '@shareable', '@inaccessible']) +
      `type Item @key(fields: "id") { id: ID! name: String! @shareable price: Int! secret: String @inaccessible }
       type Query { items: [Item!]! }`,
    { Query: { items: () => rows }, Item: { __resolveReference: (r: { id: string }) => rows.find((x) => x.id === r.id) } },
  )
  pricing = await startSubgraph(
    'pricing',
    FEDERATION_LINK(['@key', '@shareable', '@override']) +
      `type Item @key(fields: "id") { id: ID! name: String! @shareable price: Int! @override(from: "legacy") }
       type Query { cheapest: Item }`,
    {
      Query: { cheapest: () => ({ id: '1', name: '户口迁移' }) },
      // Prices as the new owner computes them: ten times the legacy ones, so a test can tell who answered.
      Item: { __resolveReference: (r: { id: string }) => ({ id: r.id, name: rows.find((x) => x.id === r.id)!.name }), price: (r: { id: string }) => rows.find((x) => x.id === r.id)!.price * 10 },
    },
  )
  gw = await startSupergraphGateway([legacy, pricing])
})

afterAll(async () => {
  await gw?.close()
  await Promise.all([legacy, pricing].map((s) => s?.stop()))
})

describe('@shareable', () => {
  it('a shareable field is answered by the subgraph already being asked', async () => {
    legacy.reset()
    pricing.reset()
    const a = await gw.query('{ items { name } }')
    const b = await gw.query('{ cheapest { name } }')
    expect(a.data.items.map((i: any) => i.name)).toEqual(['户口迁移', '婚姻登记'])
    expect(b.data.cheapest.name).toBe('户口迁移')
    expect(pricing.entityRequests()).toHaveLength(0)
    expect(legacy.entityRequests()).toHaveLength(0)
  })
})

describe('@override', () => {
  it('the overriding subgraph answers; the old owner is not asked for the field', async () => {
    legacy.reset()
    pricing.reset()
    const r = await gw.query('{ items { id price } }')
    expect(r.errors).toBeUndefined()
    expect(r.data.items).toEqual([
      { id: '1', price: 100 },
      { id: '2', price: 200 },
    ])
    expect(legacy.requests.some((q) => /\bprice\b/.test(q.query))).toBe(false)
  })
})

describe('@inaccessible', () => {
  it('is not in the API: a query for it fails validation, and introspection does not show it', async () => {
    const r = await gw.query('{ items { secret } }')
    expect(r.errors?.[0]?.message).toMatch(/Cannot query field "secret"/)
    const t = await gw.query('{ __type(name: "Item") { fields { name } } }')
    expect(t.data.__type.fields.map((f: any) => f.name)).not.toContain('secret')
  })
})
