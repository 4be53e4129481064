/**
 * @requires (including a chain: a required field that is itself computed from required
 * fields), @external, and @provides (a field the referencing subgraph already knows is not
 * fetched again from its owner).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FEDERATION_LINK, representationsOf, startSubgraph, type TestSubgraph } from './subgraph-server.js'
import { startSupergraphGateway, type SupergraphGateway } from './supergraph-gateway.js'

const items = [
  { upc: 'a', price: 100, weight: 3 },
  { upc: 'b', price: 900, weight: 12 },
]
const people = [
  { id: 'p1', username: 'lilei', name: '李雷' },
  { id: 'p2', username: 'hanmm', name: '韩梅梅' },
]
let catalog: TestSubgraph, shipping: TestSubgraph, tax: TestSubgraph, gw: SupergraphGateway
let accounts: TestSubgraph, notes: TestSubgraph, gw2: SupergraphGateway

beforeAll(async () => {
  catalog = await startSubgraph(
    'catalog',
    FEDERATION_LINK(['@key']) + `type Item @key(fields: "upc") { upc: String! price: Int! weight: Int! } type Query { items: [Item!]! }`,
    { Query: { items: () => items }, Item: { __resolveReference: (r: { upc: string }) => items.find((i) => i.upc === r.upc) } },
  )
  shipping = await startSubgraph(
    'shipping',
    FEDERATION_LINK(['@key', '@external', '@requires']) +
      `type Item @key(fields: "upc") { upc: String! price: Int! @external weight: Int! @external
         shippingEstimate: Int! @requires(fields: "price weight") inStock: Boolean! }`,
    {
      Item: {
        // Free shipping above 500; otherwise 2 per kilo.
        __resolveReference: (r: { upc: string; price?: number; weight?: number }) => r,
        shippingEstimate: (r: { price: number; weight: number }) => (r.price > 500 ? 0 : r.weight * 2),
        inStock: (r: { upc: string }) => r.upc === 'a',
      },
    },
  )
  tax = await startSubgraph(
    'tax',
    FEDERATION_LINK(['@key', '@external', '@requires']) +
      `type Item @key(fields: "upc") { upc: String! price: Int! @external shippingEstimate: Int! @external
         totalCost: Int! @requires(fields: "price shippingEstimate") }`,
    {
      Item: {
        __resolveReference: (r: { upc: string }) => r,
        totalCost: (r: { price: number; shippingEstimate: number }) => r.price + r.shippingEstimate,
      },
    },
  )
  gw = await startSupergraphGateway([catalog, shipping, tax])

  accounts = await startSubgraph(
    'accounts',
    FEDERATION_LINK(['@key', '@shareable']) + `type Member @key(fields: "id") { id: ID! username: String! @shareable name: String! } type Query { people: [Member!]! }`,
    { Query: { people: () => people }, Member: { __resolveReference: (r: { id: string }) => people.find((p) => p.id === r.id) } },
  )
  notes = await startSubgraph(
    'notes',
    FEDERATION_LINK(['@key', '@external', '@provides']) +
      `type Member @key(fields: "id") { id: ID! username: String! @external }
       type Note { text: String! author: Member! @provides(fields: "username") }
       type Query { notes: [Note!]! }`,
    { Query: { notes: () => people.map((p) => ({ text: `note by ${p.id}`, author: { id: p.id, username: p.username } })) } },
  )
  gw2 = await startSupergraphGateway([accounts, notes])
})

afterAll(async () => {
  await Promise.all([gw?.close(), gw2?.close()])
  await Promise.all([catalog, shipping, tax, accounts, notes].map((s) => s?.stop()))
})

describe('@requires and @external', () => {
  it('sends the required external fields to the subgraph that needs them', async () => {
    shipping.reset()
    const r = await gw.query('{ items { upc shippingEstimate inStock } }')
    expect(r.errors).toBeUndefined()
    expect(r.data.items).toEqual([
      { upc: 'a', shippingEstimate: 6, inStock: true },
      { upc: 'b', shippingEstimate: 0, inStock: false },
    ])
    // One request: both fields' _entities calls of this step, batched, each with the required fields.
    expect(shipping.requests).toHaveLength(1)
    const calls = representationsOf(shipping.requests[0]!)
    expect(calls.length).toBeGreaterThan(0)
    for (const reps of calls) expect(reps).toEqual([
      { __typename: 'Item', upc: 'a', price: 100, weight: 3 },
      { __typename: 'Item', upc: 'b', price: 900, weight: 12 },
      ])
  })

  it('a chain: totalCost requires shippingEstimate, which requires price and weight', async () => {
    const r = await gw.query('{ items { upc totalCost } }')
    expect(r.errors).toBeUndefined()
    expect(r.data.items).toEqual([
      { upc: 'a', totalCost: 106 },
      { upc: 'b', totalCost: 900 },
    ])
  })
})

describe('@provides', () => {
  it('a provided field comes with the reference: the owner is not asked', async () => {
    accounts.reset()
    const r = await gw2.query('{ notes { text author { username } } }')
    expect(r.errors).toBeUndefined()
    expect(r.data.notes.map((n: any) => n.author.username)).toEqual(['lilei', 'hanmm'])
    expect(accounts.requests).toHaveLength(0)
  })

  it('a field that is not provided is fetched from the owner, in one batch', async () => {
    accounts.reset()
    const r = await gw2.query('{ notes { author { username name } } }')
    expect(r.errors).toBeUndefined()
    expect(r.data.notes.map((n: any) => n.author.name)).toEqual(['李雷', '韩梅梅'])
    expect(accounts.entityRequests()).toHaveLength(1)
  })
})
