/**
 * Tongban's plan executor (Apollo's query planner, our own fetching, merging and shaping)
 * against @graphql-tools/federation's stitching executor, on the same four subgraphs
 * (accounts, reviews, products, inventory: keys, @requires, @provides, enums, a non-null
 * field an unknown entity cannot fill, a resolver that throws). Every operation below is sent
 * to two gateways, one per executor: the data must be identical, and the errors must sit at
 * the same paths. Then what only the plan executor promises: each distinct entity is asked for
 * once per fetch, and operations it does not run fall back to the stitching executor.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FEDERATION_LINK, representationsOf, startSubgraph, type TestSubgraph } from './subgraph-server.js'
import { startSupergraphGateway, type SupergraphGateway } from './supergraph-gateway.js'

const users = Array.from({ length: 4 }, (_, i) => ({ id: `u${i + 1}`, name: `用户${i + 1}`, username: `user${i + 1}`, birthYear: 1980 + i }))
const products = Array.from({ length: 6 }, (_, i) => ({ upc: `p${i + 1}`, name: `产品${i + 1}`, price: 100 + i * 40, weight: 1 + i }))
// Review 7's author is a user the accounts subgraph does not know.
const reviews = Array.from({ length: 12 }, (_, i) => ({
  id: `r${i + 1}`,
  body: `review ${i + 1}`,
  rating: i % 3 === 0 ? 'BAD' : 'GOOD',
  authorId: i === 6 ? 'ghost' : users[i % 4]!.id,
  upc: products[(i * 5) % 6]!.upc,
}))

let accounts: TestSubgraph, reviewsSg: TestSubgraph, productsSg: TestSubgraph, inventory: TestSubgraph
let plans: SupergraphGateway, stitching: SupergraphGateway

beforeAll(async () => {
  accounts = await startSubgraph(
    'accounts',
    FEDERATION_LINK(['@key', '@shareable']) +
      `type User @key(fields: "id") { id: ID! name: String username: String @shareable birthYear: Int! }
       type Query { me: User users: [User] user(id: ID!): User }`,
    {
      Query: { me: () => users[0], users: () => users, user: (_: unknown, a: { id: string }) => users.find((u) => u.id === a.id) ?? null },
      User: { __resolveReference: (r: { id: string }) => users.find((u) => u.id === r.id) ?? null },
    },
  )
  reviewsSg = await startSubgraph(
    'reviews',
    FEDERATION_LINK(['@key', '@external', '@provides']) +
      `enum Rating { GOOD BAD }
       type Review @key(fields: "id") { id: ID! body: String! rating: Rating author: User @provides(fields: "username") product: Product }
       type User @key(fields: "id") { id: ID! username: String @external reviews(first: Int): [Review!] }
       type Product @key(fields: "upc") { upc: String! reviews: [Review!]! }`,
    {
      Review: {
        author: (r: (typeof reviews)[0]) => ({ id: r.authorId, username: users.find((u) => u.id === r.authorId)?.username ?? 'ghost' }),
        product: (r: (typeof reviews)[0]) => ({ upc: r.upc }),
      },
      User: {
        __resolveReference: (r: { id: string }) => r,
        reviews: (u: { id: string }, a: { first?: number }) => reviews.filter((r) => r.authorId === u.id).slice(0, a.first ?? 100),
      },
      Product: { __resolveReference: (r: { upc: string }) => r, reviews: (p: { upc: string }) => reviews.filter((r) => r.upc === p.upc) },
    },
  )
  productsSg = await startSubgraph(
    'products',
    FEDERATION_LINK(['@key']) +
      `type Product @key(fields: "upc") { upc: String! name: String price: Int weight: Int }
       type Query { topProducts(first: Int = 5): [Product] product(upc: String!): Product }`,
    {
      Query: { topProducts: (_: unknown, a: { first: number }) => products.slice(0, a.first), product: (_: unknown, a: { upc: string }) => products.find((p) => p.upc === a.upc) ?? null },
      Product: {
        __resolveReference: (r: { upc: string }) => products.find((p) => p.upc === r.upc),
        name: (p: (typeof products)[0]) => {
          if (p.upc === 'p6') throw new Error('p6 has no name today')
          return p.name
        },
      },
    },
  )
  inventory = await startSubgraph(
    'inventory',
    FEDERATION_LINK(['@key', '@external', '@requires']) +
      `type Product @key(fields: "upc") { upc: String! weight: Int @external price: Int @external inStock: Boolean shippingEstimate: Int @requires(fields: "price weight") }`,
    {
      Product: {
        __resolveReference: (r: { upc: string; price?: number; weight?: number }) => r,
        inStock: (p: { upc: string }) => p.upc !== 'p3',
        shippingEstimate: (p: { price: number; weight: number }) => (p.price > 200 ? 0 : p.weight * 2),
      },
    },
  )
  const all = [accounts, reviewsSg, productsSg, inventory]
  plans = await startSupergraphGateway(all)
  stitching = await startSupergraphGateway(all, { supergraphSdl: plans.supergraphSdl, executor: 'stitching' })
}, 60_000)

afterAll(async () => {
  await Promise.all([plans?.close(), stitching?.close()])
  await Promise.all([accounts, reviewsSg, productsSg, inventory].map((s) => s?.stop()))
})

const pathsOf = (errors: { path?: (string | number)[] }[] | undefined) => (errors ?? []).map((e) => (e.path ?? []).join('.')).sort()

const operations: [string, string, Record<string, unknown>?][] = [
  [
    'the deep query: users → reviews → product → reviews → author, across all four subgraphs',
    `{ users { id name username reviews { id body product { upc name price weight inStock shippingEstimate reviews { id body author { id name username } } } } } }`,
  ],
  ['aliases, named and inline fragments, __typename', `{ a: topProducts(first: 2) { ...P } b: topProducts { upc __typename ... on Product { n: name } } } fragment P on Product { __typename name inStock shippingEstimate }`],
  ['@include true, with variables', `query Q($with: Boolean!, $upc: String!) { product(upc: $upc) { name price @include(if: $with) reviews { body @skip(if: $with) rating } } }`, { with: true, upc: 'p2' }],
  ['@include false, with variables', `query Q($with: Boolean!, $upc: String!) { product(upc: $upc) { name price @include(if: $with) reviews { body @skip(if: $with) rating } } }`, { with: false, upc: 'p2' }],
  ['@provides: the username the reviews subgraph already knows', `{ users { reviews(first: 2) { author { username } } } }`],
  ['an unknown entity: its non-null field nulls the author, with an error at its path', `{ topProducts(first: 6) { upc reviews { id author { id name birthYear } } } }`],
  ['a resolver error inside an entity fetch', `{ topProducts(first: 6) { upc price shippingEstimate reviews { product { upc name } } } }`],
  ['the same field twice with different selections, merged', `{ me { reviews { id } } me { name reviews { body product { name } } } }`],
  ['an enum from one subgraph under entities of another', `{ users { username reviews { rating product { upc inStock } } } }`],
  ['a root field that returns null', `{ user(id: "nobody") { name reviews { id } } product(upc: "p1") { name } }`],
  ['one subgraph at two paths in one step (merged into one request)', `{ me { reviews { product { name } } } users { name reviews { product { price inStock } } } }`],
  ['one operation of several, by name', `query A { me { name } } query B { topProducts(first: 1) { name reviews { author { name } } } }`],
]

describe('the plan executor answers exactly as the stitching executor does', () => {
  for (const [title, query, variables] of operations) {
    it(title, async () => {
      const body = (gw: SupergraphGateway) =>
        fetch(gw.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables, ...(query.includes('query B') && { operationName: 'B' }) }) }).then(
          (r) => r.json() as Promise<{ data?: unknown; errors?: { path?: (string | number)[]; message: string }[] }>,
        )
      const [ours, theirs] = await Promise.all([body(plans), body(stitching)])
      expect(ours.data).toBeDefined()
      expect(ours.data).toEqual(theirs.data)
      expect(JSON.stringify(ours.data)).toBe(JSON.stringify(theirs.data)) // key order too
      expect(pathsOf(ours.errors)).toEqual(pathsOf(theirs.errors))
    })
  }

  it('the error cases above really carry errors (the comparison is not between two empty lists)', async () => {
    const r = await plans.query(operations[5]![1])
    expect(r.errors?.length).toBeGreaterThan(0)
    expect(r.data.topProducts.flatMap((p: any) => p.reviews).some((rv: any) => rv.author === null)).toBe(true)
    const p = await plans.query(operations[6]![1])
    // The subgraph's message is masked like any uncoded error; its place is kept, under every
    // occurrence of p6 (asked for once, as one representation).
    expect(p.errors?.length).toBeGreaterThan(1)
    for (const e of p.errors!) {
      expect(e.path?.at(-1)).toBe('name')
      const product = e.path!.slice(0, -1).reduce((o: any, k) => o[k], p.data)
      expect(product).toEqual({ upc: 'p6', name: null })
    }
  })

  it('variables that do not coerce are refused before any subgraph is asked', async () => {
    productsSg.reset()
    const r = await plans.query('query Q($upc: String!) { product(upc: $upc) { name } }', {})
    expect(r.data).toBeUndefined()
    expect(r.errors?.[0]?.message).toMatch(/\$upc/)
    expect(productsSg.requests).toHaveLength(0)
  })
})

describe('fetching', () => {
  it('one _entities request per fetch, each distinct entity in it once', async () => {
    for (const s of [accounts, reviewsSg, productsSg, inventory]) s.reset()
    const r = await plans.query(operations[0]![1])
    // Only p6's name fails (its resolver throws).
    expect(r.errors?.length).toBeGreaterThan(0)
    expect(r.errors!.every((e) => e.path?.at(-1) === 'name')).toBe(true)
    // 4 users × reviews → products: 12 review → product references, 6 distinct products.
    const productCalls = productsSg.entityRequests()
    expect(productCalls).toHaveLength(1)
    const asked = representationsOf(productCalls[0]!).flat() as { upc: string }[]
    expect(asked.map((p) => p.upc).sort()).toEqual([...new Set(asked.map((p) => p.upc))].sort())
    expect(asked.length).toBeLessThanOrEqual(products.length)
    // Authors of every product's reviews: many references, at most one per known-or-ghost user.
    const authorCalls = accounts.entityRequests()
    expect(authorCalls).toHaveLength(1)
    expect(representationsOf(authorCalls[0]!).flat().length).toBeLessThanOrEqual(users.length + 1)
    // The deep query ends with an author's name under every review of every product.
    const names = r.data.users.flatMap((u: any) => u.reviews.flatMap((rv: any) => rv.product.reviews.map((x: any) => x.author?.name)))
    expect(names.length).toBeGreaterThan(12)
  })

  it('fetches one subgraph gets in the same step go out as one HTTP request, each answer split back', async () => {
    for (const s of [accounts, reviewsSg, productsSg, inventory]) s.reset()
    const r = await plans.query('{ me { reviews { product { name } } } users { name reviews { product { price inStock } } } }')
    expect(r.errors).toBeUndefined()
    // `me` and `users` are two paths: two _entities fetches to reviews, then two to products, in one request each.
    expect(reviewsSg.requests).toHaveLength(1)
    expect(representationsOf(reviewsSg.requests[0]!)).toHaveLength(2)
    expect(productsSg.requests).toHaveLength(1)
    expect(representationsOf(productsSg.requests[0]!)).toHaveLength(2)
    expect(r.data.me.reviews[0].product.name).toBe(products.find((p) => p.upc === reviews.find((x) => x.authorId === 'u1')!.upc)!.name)
    expect(r.data.users[1].reviews[0].product).toHaveProperty('inStock')
  })

  it('introspection is answered from the API schema, the same as the stitched schema describes it', async () => {
    const q = '{ __schema { queryType { name } types { name kind fields { name type { name kind ofType { name } } } } } }'
    const [ours, theirs] = await Promise.all([plans.query(q), stitching.query(q)])
    expect(ours.errors).toBeUndefined()
    const types = (d: any) => Object.fromEntries(d.__schema.types.filter((t: any) => !t.name.startsWith('__')).map((t: any) => [t.name, (t.fields ?? []).map((f: any) => f.name).sort()]))
    expect(types(ours.data)).toEqual(types(theirs.data))
    for (const s of [accounts, reviewsSg, productsSg, inventory]) s.reset()
    await plans.query('{ __type(name: "Product") { name } }')
    expect([accounts, reviewsSg, productsSg, inventory].every((s) => s.requests.length === 0)).toBe(true)
  })

  it('introspection beside data falls back to the stitching executor and still answers both', async () => {
    const r = await plans.query('{ __type(name: "Review") { fields { name } } me { name reviews { rating } } }')
    expect(r.errors).toBeUndefined()
    expect(r.data.__type.fields.map((f: any) => f.name)).toContain('rating')
    expect(r.data.me.name).toBe('用户1')
  })
})
