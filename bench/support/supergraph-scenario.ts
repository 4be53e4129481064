/**
 * The standard four-subgraph federation scenario (accounts, inventory, products, reviews), as
 * in the federation benchmarks of Apollo and The Guild: the subgraphs' SDL and resolvers, the
 * same schema as one monolith (the no-federation ceiling), and the deep query.
 */
import { buildSubgraphSchema } from '@apollo/subgraph'
import { makeExecutableSchema } from '@graphql-tools/schema'
import { parse, type GraphQLSchema } from 'graphql'

const link = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@external", "@requires", "@provides", "@shareable"])\n'

interface User { id: string; name: string; username: string }
interface Product { upc: string; name: string; price: number; weight: number }
interface Review { id: string; body: string; authorId: string; upc: string }

// 12 users, 12 products, 60 reviews (5 per user, 5 per product): the deep query returns ~70 KB.
const users: User[] = Array.from({ length: 12 }, (_, i) => ({ id: `${i + 1}`, name: `User ${i + 1} 用户`, username: `user${i + 1}` }))
const products: Product[] = Array.from({ length: 12 }, (_, i) => ({ upc: `${i + 1}`, name: `Product ${i + 1} 产品`, price: 100 + i * 37, weight: 1 + (i % 7) * 3 }))
const reviews: Review[] = Array.from({ length: 60 }, (_, i) => ({
  id: `${i + 1}`,
  body: `Review ${i + 1}: ${'good value, arrived on time, would buy again. '.slice(0, 20 + (i % 25))}`,
  authorId: users[i % 12]!.id,
  upc: products[(i * 5) % 12]!.upc,
}))
const userById = new Map(users.map((u) => [u.id, u]))
const productByUpc = new Map(products.map((p) => [p.upc, p]))
const reviewsByAuthor = (id: string) => reviews.filter((r) => r.authorId === id)
const reviewsByProduct = (upc: string) => reviews.filter((r) => r.upc === upc)
const inStock = (upc: string) => Number(upc) % 3 !== 0
const shippingEstimate = (p: { price: number; weight: number }) => (p.price > 1000 ? 0 : Math.round(p.weight * 0.5))

export const SUBGRAPHS: Record<string, { sdl: string; resolvers: Record<string, unknown> }> = {
  accounts: {
    sdl: link + `type User @key(fields: "id") { id: ID! name: String username: String @shareable } type Query { me: User users: [User] }`,
    resolvers: { Query: { me: () => users[0], users: () => users }, User: { __resolveReference: (r: { id: string }) => userById.get(r.id) } },
  },
  inventory: {
    sdl: link + `type Product @key(fields: "upc") { upc: String! weight: Int @external price: Int @external inStock: Boolean shippingEstimate: Int @requires(fields: "price weight") }`,
    resolvers: {
      Product: {
        __resolveReference: (r: { upc: string }) => r,
        inStock: (p: { upc: string }) => inStock(p.upc),
        shippingEstimate: (p: { price: number; weight: number }) => shippingEstimate(p),
      },
    },
  },
  products: {
    sdl: link + `type Product @key(fields: "upc") { upc: String! name: String price: Int weight: Int } type Query { topProducts(first: Int = 5): [Product] }`,
    resolvers: { Query: { topProducts: (_: unknown, a: { first: number }) => products.slice(0, a.first) }, Product: { __resolveReference: (r: { upc: string }) => productByUpc.get(r.upc) } },
  },
  reviews: {
    sdl:
      link +
      `type Review @key(fields: "id") { id: ID! body: String author: User @provides(fields: "username") product: Product }
       type User @key(fields: "id") { id: ID! username: String @external reviews: [Review] }
       type Product @key(fields: "upc") { upc: String! reviews: [Review] }`,
    resolvers: {
      Review: { author: (r: Review) => ({ id: r.authorId, username: userById.get(r.authorId)!.username }), product: (r: Review) => ({ upc: r.upc }) },
      User: { __resolveReference: (r: { id: string }) => r, reviews: (u: { id: string }) => reviewsByAuthor(u.id) },
      Product: { __resolveReference: (r: { upc: string }) => r, reviews: (p: { upc: string }) => reviewsByProduct(p.upc) },
    },
  },
}

export function subgraphSchema(name: string): GraphQLSchema {
  const s = SUBGRAPHS[name]!
  return buildSubgraphSchema({ typeDefs: parse(s.sdl), resolvers: s.resolvers as never })
}

/** The same API as one graphql-js server: no federation, the ceiling. */
export function monolithSchema(): GraphQLSchema {
  return makeExecutableSchema({
    typeDefs: `type User { id: ID! name: String username: String reviews: [Review] }
      type Product { upc: String! name: String price: Int weight: Int inStock: Boolean shippingEstimate: Int reviews: [Review] }
      type Review { id: ID! body: String author: User product: Product }
      type Query { me: User users: [User] topProducts(first: Int = 5): [Product] }`,
    resolvers: {
      Query: { me: () => users[0], users: () => users, topProducts: (_: unknown, a: { first: number }) => products.slice(0, a.first) },
      User: { reviews: (u: User) => reviewsByAuthor(u.id) },
      Product: { inStock: (p: Product) => inStock(p.upc), shippingEstimate: (p: Product) => shippingEstimate(p), reviews: (p: Product) => reviewsByProduct(p.upc) },
      Review: { author: (r: Review) => userById.get(r.authorId), product: (r: Review) => productByUpc.get(r.upc) },
    },
  })
}

/** users → reviews → product → reviews → author: every subgraph, three levels of entity calls. */
export const DEEP_QUERY = `query DeepUsers {
  users { id name username
    reviews { id body
      product { upc name price weight inStock shippingEstimate
        reviews { id body author { id name username } } } } } }`
