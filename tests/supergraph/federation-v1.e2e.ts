/**
 * A Federation v1 supergraph (core v0.1 / join v0.1, as the old `@apollo/federation` composer and
 * rover for Fed 1 wrote them) over Fed 1 subgraphs (`extend type … @key`, `@external` without
 * `@link`): Tongban extracts its subgraphs, composes them again with the canonical API, and serves
 * entity calls and a `@requires` across them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mixSupergraph } from '../../federation/supergraph/index.js'
import { startSupergraphGateway, type SupergraphGateway } from './supergraph-gateway.js'
import { representationsOf, startSubgraph, type TestSubgraph } from './subgraph-server.js'

const PRODUCTS_SDL = `
type Product @key(fields: "upc") { upc: String! name: String price: Int }
type Query { topProducts(first: Int = 5): [Product] }`
const INVENTORY_SDL = `
extend type Product @key(fields: "upc") {
  upc: String! @external
  price: Int @external
  inStock: Boolean
  shippingEstimate: Int @requires(fields: "price")
}`

/** What the Fed 1 composer wrote for the two subgraphs above. */
const fed1Supergraph = (products: string, inventory: string) => `
schema
  @core(feature: "https://specs.apollo.dev/core/v0.1")
  @core(feature: "https://specs.apollo.dev/join/v0.1")
{
  query: Query
}

directive @core(feature: String!) repeatable on SCHEMA
directive @join__field(graph: join__Graph, requires: join__FieldSet, provides: join__FieldSet) on FIELD_DEFINITION
directive @join__type(graph: join__Graph!, key: join__FieldSet) repeatable on OBJECT | INTERFACE
directive @join__owner(graph: join__Graph!) on OBJECT | INTERFACE
directive @join__graph(name: String!, url: String!) on ENUM_VALUE

scalar join__FieldSet

enum join__Graph {
  INVENTORY @join__graph(name: "inventory" url: "${inventory}")
  PRODUCTS @join__graph(name: "products" url: "${products}")
}

type Product
  @join__owner(graph: PRODUCTS)
  @join__type(graph: PRODUCTS, key: "upc")
  @join__type(graph: INVENTORY, key: "upc")
{
  upc: String! @join__field(graph: PRODUCTS)
  name: String @join__field(graph: PRODUCTS)
  price: Int @join__field(graph: PRODUCTS)
  inStock: Boolean @join__field(graph: INVENTORY)
  shippingEstimate: Int @join__field(graph: INVENTORY, requires: "price")
}

type Query {
  topProducts(first: Int = 5): [Product] @join__field(graph: PRODUCTS)
}
`

const PRODUCTS = [
  { upc: '1', name: '竹编果篮', price: 899 },
  { upc: '2', name: '蜀锦围巾', price: 1299 },
  { upc: '3', name: '青城山茶', price: 54 },
]

let products: TestSubgraph
let inventory: TestSubgraph
let gw: SupergraphGateway

beforeAll(async () => {
  products = await startSubgraph('products', PRODUCTS_SDL, {
    Query: { topProducts: (_: unknown, { first }: { first: number }) => PRODUCTS.slice(0, first) },
    Product: { __resolveReference: (ref: { upc: string }) => PRODUCTS.find((p) => p.upc === ref.upc) },
  })
  inventory = await startSubgraph('inventory', INVENTORY_SDL, {
    Product: {
      __resolveReference: (ref: { upc: string; price?: number }) => ({ ...ref, inStock: ref.upc !== '2' }),
      // Free shipping from 1000; otherwise half the price, as the reference scenario does.
      shippingEstimate: (p: { price?: number }) => (p.price === undefined ? null : p.price > 1000 ? 0 : Math.round(p.price / 2)),
    },
  })
  gw = await startSupergraphGateway([], { supergraphSdl: mixSupergraph(fed1Supergraph(products.url, inventory.url), 'fed1.graphql'), upstream: { retries: 0 } })
})
afterAll(async () => {
  await gw?.close()
  await Promise.all([products?.stop(), inventory?.stop()])
})

describe('Federation v1 supergraph', () => {
  it('entities across Fed 1 subgraphs, a @requires, and the canonical API beside them', async () => {
    inventory.reset()
    const r = await gw.query('{ topProducts(first: 3) { upc name inStock shippingEstimate } matter(code: "TB-SCJG-001") { name } }')
    expect(r.errors).toBeUndefined()
    expect(r.data.topProducts).toEqual([
      { upc: '1', name: '竹编果篮', inStock: true, shippingEstimate: 450 },
      { upc: '2', name: '蜀锦围巾', inStock: false, shippingEstimate: 0 },
      { upc: '3', name: '青城山茶', inStock: true, shippingEstimate: 27 },
    ])
    expect(r.data.matter).toEqual({ name: '营业执照设立登记' })
    // One HTTP request to inventory (the planner's entity fetches batched), each representation
    // carrying the price that @requires asks for.
    expect(inventory.entityRequests()).toHaveLength(1)
    const reps = representationsOf(inventory.entityRequests()[0]!).flat() as Array<{ upc: string; price?: number }>
    expect(new Set(reps.map((x) => `${x.upc}:${x.price}`))).toEqual(new Set(['1:899', '2:1299', '3:54']))
  })

  it('a v1 supergraph that is not well formed is refused with CONFIG_INVALID naming the file', () => {
    const broken = fed1Supergraph('http://127.0.0.1:1/graphql', 'http://127.0.0.1:2/graphql').replace('@join__owner(graph: PRODUCTS)', '@join__owner(graph: NOWHERE)')
    expect(() => mixSupergraph(broken, 'fed1.graphql')).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID', message: expect.stringContaining('fed1.graphql') }))
  })
})
