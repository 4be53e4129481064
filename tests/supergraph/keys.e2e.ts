/**
 * @key through Tongban's supergraph mode: a compound key, several keys on one entity (each
 * subgraph resolving by the key it knows), a nested key, and `_entities` batching — one request
 * per subgraph per planning step, with the keys of the whole step in it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FEDERATION_LINK, representationsOf, startSubgraph, type TestSubgraph } from './subgraph-server.js'
import { startSupergraphGateway, type SupergraphGateway } from './supergraph-gateway.js'

const users = [
  { id: 'u1', email: 'li@example.cn', name: '李雷' },
  { id: 'u2', email: 'han@example.cn', name: '韩梅梅' },
  { id: 'u3', email: 'wang@example.cn', name: '王芳' },
]
const products = [
  { upc: 'p1', region: '510100', name: '蜀锦', price: 120 },
  { upc: 'p1', region: '510600', name: '蜀锦 (德阳)', price: 110 },
  { upc: 'p2', region: '510100', name: '竹编', price: 45 },
]
const reviews = Array.from({ length: 12 }, (_, i) => ({
  id: `r${i}`,
  body: `review ${i}`,
  authorEmail: users[i % 3]!.email,
  product: { upc: products[i % 3]!.upc, region: products[i % 3]!.region },
}))
const shipments = [
  { id: 's1', carrier: { code: 'SF' }, eta: '2026-12-01' },
  { id: 's1', carrier: { code: 'EMS' }, eta: '2026-12-03' },
]

let accounts: TestSubgraph, reviewsSg: TestSubgraph, catalog: TestSubgraph, gw: SupergraphGateway

beforeAll(async () => {
  accounts = await startSubgraph(
    'accounts',
    FEDERATION_LINK(['@key']) +
      `type User @key(fields: "id") @key(fields: "email") { id: ID! email: String! name: String! }
       type Query { users: [User!]! }`,
    {
      Query: { users: () => users },
      User: { __resolveReference: (r: { id?: string; email?: string }) => users.find((u) => (r.id ? u.id === r.id : u.email === r.email)) ?? null },
    },
  )
  reviewsSg = await startSubgraph(
    'reviews',
    FEDERATION_LINK(['@key', '@shareable']) +
      `type User @key(fields: "email", resolvable: true) { email: String! reviews: [Review!]! }
       type Review { id: ID! body: String! author: User! product: Product }
       type Product @key(fields: "upc region") { upc: String! region: String! reviews: [Review!]! }
       type Shipment @key(fields: "id carrier { code }") { id: ID! carrier: Carrier! weightKg: Int! }
       type Carrier @shareable { code: String! }
       type Query { topReviews(first: Int = 12): [Review!]! }`,
    {
      Query: { topReviews: (_: unknown, { first }: { first: number }) => reviews.slice(0, first) },
      Review: { author: (r: (typeof reviews)[0]) => ({ email: r.authorEmail }) },
      User: {
        __resolveReference: (r: { email: string }) => ({ email: r.email }),
        reviews: (u: { email: string }) => reviews.filter((r) => r.authorEmail === u.email),
      },
      Product: {
        __resolveReference: (r: { upc: string; region: string }) => r,
        reviews: (p: { upc: string; region: string }) => reviews.filter((r) => r.product.upc === p.upc && r.product.region === p.region),
      },
      Shipment: { __resolveReference: (r: { id: string; carrier: { code: string } }) => ({ ...r, weightKg: r.carrier.code === 'SF' ? 2 : 5 }) },
    },
  )
  catalog = await startSubgraph(
    'catalog',
    FEDERATION_LINK(['@key', '@shareable']) +
      `type Product @key(fields: "upc region") { upc: String! region: String! name: String! price: Int! }
       type Shipment @key(fields: "id carrier { code }") { id: ID! carrier: Carrier! eta: String! }
       type Carrier @shareable { code: String! }
       type Query { products: [Product!]! shipments: [Shipment!]! }`,
    {
      Query: { products: () => products, shipments: () => shipments },
      Product: { __resolveReference: (r: { upc: string; region: string }) => products.find((p) => p.upc === r.upc && p.region === r.region) ?? null },
      Shipment: { __resolveReference: (r: { id: string; carrier: { code: string } }) => shipments.find((s) => s.id === r.id && s.carrier.code === r.carrier.code) ?? null },
    },
  )
  gw = await startSupergraphGateway([accounts, reviewsSg, catalog])
})

afterAll(async () => {
  await gw?.close()
  await Promise.all([accounts, reviewsSg, catalog].map((s) => s?.stop()))
})

const resetAll = () => [accounts, reviewsSg, catalog].forEach((s) => s.reset())

describe('@key', () => {
  it('a compound key (upc region) joins reviews to the right regional product', async () => {
    const r = await gw.query('{ topReviews(first: 3) { body product { upc region name price } } }')
    expect(r.errors).toBeUndefined()
    expect(r.data.topReviews.map((x: any) => x.product)).toEqual(products.map((p) => ({ upc: p.upc, region: p.region, name: p.name, price: p.price })))
  })

  it('multiple keys: each subgraph resolves User by the key it knows (email here, id there)', async () => {
    const r = await gw.query('{ users { id name reviews { body } } topReviews(first: 1) { author { id name } } }')
    expect(r.errors).toBeUndefined()
    expect(r.data.users[0]).toEqual({ id: 'u1', name: '李雷', reviews: reviews.filter((x) => x.authorEmail === users[0]!.email).map((x) => ({ body: x.body })) })
    expect(r.data.topReviews[0].author).toEqual({ id: 'u1', name: '李雷' })
  })

  it('a nested key (id carrier { code }) tells apart entities sharing an id', async () => {
    const r = await gw.query('{ shipments { id carrier { code } eta weightKg } }')
    expect(r.errors).toBeUndefined()
    expect(r.data.shipments).toEqual([
      { id: 's1', carrier: { code: 'SF' }, eta: '2026-12-01', weightKg: 2 },
      { id: 's1', carrier: { code: 'EMS' }, eta: '2026-12-03', weightKg: 5 },
    ])
  })

  it('a null entity reference stays null and costs no _entities call', async () => {
    // product is nullable; null keys are never sent as representations.
    const r = await gw.query('{ topReviews(first: 1) { body } }')
    expect(r.data.topReviews).toEqual([{ body: 'review 0' }])
  })
})

describe('_entities batching', () => {
  it('one request per subgraph per planning step, with every key of the step', async () => {
    resetAll()
    const r = await gw.query('{ topReviews { body author { name } product { name } } }')
    expect(r.errors).toBeUndefined()
    expect(r.data.topReviews).toHaveLength(12)
    // Step 1: reviews (root). Step 2: accounts and catalog, in parallel, one request each.
    expect(reviewsSg.requests).toHaveLength(1)
    expect(accounts.entityRequests()).toHaveLength(1)
    expect(catalog.entityRequests()).toHaveLength(1)
    // The 12 reviews have 3 distinct authors and 3 distinct products: keys are deduplicated.
    expect(representationsOf(accounts.entityRequests()[0]!).flat()).toHaveLength(3)
    expect(representationsOf(catalog.entityRequests()[0]!).flat()).toHaveLength(3)
  })

  it('a deep users → reviews → product → reviews → author query: one request per subgraph per step', async () => {
    resetAll()
    const r = await gw.query('{ users { name reviews { body product { name reviews { body author { name } } } } } }')
    expect(r.errors).toBeUndefined()
    expect(r.data.users[1].reviews[0].product.reviews[0].author.name).toBeTypeOf('string')
    // accounts: the root, then the authors. reviews: one request, because Product.reviews is
    // reviews' own field on an entity it already holds (review.product). catalog: product names.
    expect(accounts.requests).toHaveLength(2)
    expect(reviewsSg.requests).toHaveLength(1)
    expect(catalog.requests).toHaveLength(1)
  })
})
