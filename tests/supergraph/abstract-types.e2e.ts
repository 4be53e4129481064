/**
 * Interfaces and unions across subgraphs: an entity interface whose implementations other
 * subgraphs extend, @interfaceObject (a subgraph adding a field to every implementation without
 * knowing them), and a union whose members differ between subgraphs (partial membership).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FEDERATION_LINK, startSubgraph, type TestSubgraph } from './subgraph-server.js'
import { startSupergraphGateway, type SupergraphGateway } from './supergraph-gateway.js'

const media = [
  { __typename: 'Book', id: 'b1', title: '蜀道难', pages: 120 },
  { __typename: 'Film', id: 'f1', title: '熊猫', minutes: 95 },
]
let library: TestSubgraph, ratings: TestSubgraph, podcasts: TestSubgraph, gw: SupergraphGateway

beforeAll(async () => {
  library = await startSubgraph(
    'library',
    FEDERATION_LINK(['@key']) +
      `interface Media @key(fields: "id") { id: ID! title: String! }
       type Book implements Media @key(fields: "id") { id: ID! title: String! pages: Int! }
       type Film implements Media @key(fields: "id") { id: ID! title: String! minutes: Int! }
       union Featured = Book | Film
       type Query { media: [Media!]! featured: [Featured!]! }`,
    {
      Query: { media: () => media, featured: () => media },
      Media: { __resolveReference: (r: { id: string }) => media.find((m) => m.id === r.id) ?? null },
      Book: { __resolveReference: (r: { id: string }) => media.find((m) => m.id === r.id) ?? null },
      Film: { __resolveReference: (r: { id: string }) => media.find((m) => m.id === r.id) ?? null },
    },
  )
  ratings = await startSubgraph(
    'ratings',
    FEDERATION_LINK(['@key', '@interfaceObject']) +
      `type Media @key(fields: "id") @interfaceObject { id: ID! stars: Int! }
       type Query { topRated: [Media!]! }`,
    {
      Query: { topRated: () => [{ id: 'f1' }] },
      Media: { __resolveReference: (r: { id: string }) => ({ id: r.id }), stars: (r: { id: string }) => (r.id === 'b1' ? 4 : 5) },
    },
  )
  podcasts = await startSubgraph(
    'podcasts',
    FEDERATION_LINK(['@key']) +
      `type Book @key(fields: "id") { id: ID! }
       type Podcast { id: ID! host: String! }
       union Featured = Book | Podcast
       type Query { featuredAudio: [Featured!]! }`,
    {
      Query: { featuredAudio: () => [{ __typename: 'Podcast', id: 'pc1', host: '川话' }, { __typename: 'Book', id: 'b1' }] },
      Featured: { __resolveType: (o: { __typename: string }) => o.__typename },
    },
  )
  gw = await startSupergraphGateway([library, ratings, podcasts])
})

afterAll(async () => {
  await gw?.close()
  await Promise.all([library, ratings, podcasts].map((s) => s?.stop()))
})

describe('interfaces across subgraphs', () => {
  it('fragments on implementations, and a field @interfaceObject adds to every implementation', async () => {
    const r = await gw.query('{ media { __typename id title stars ... on Book { pages } ... on Film { minutes } } }')
    expect(r.errors).toBeUndefined()
    expect(r.data.media).toEqual([
      { __typename: 'Book', id: 'b1', title: '蜀道难', stars: 4, pages: 120 },
      { __typename: 'Film', id: 'f1', title: '熊猫', stars: 5, minutes: 95 },
    ])
  })

  it('@interfaceObject root: the concrete type comes from the subgraph that knows it', async () => {
    const r = await gw.query('{ topRated { __typename id title ... on Film { minutes } } }')
    expect(r.errors).toBeUndefined()
    expect(r.data.topRated).toEqual([{ __typename: 'Film', id: 'f1', title: '熊猫', minutes: 95 }])
  })
})

describe('unions across subgraphs (partial membership)', () => {
  it('each subgraph returns its own members; entity members are completed elsewhere', async () => {
    const r = await gw.query('{ featured { __typename ... on Book { title } ... on Film { minutes } ... on Podcast { host } } featuredAudio { __typename ... on Podcast { host } ... on Book { title pages } } }')
    expect(r.errors).toBeUndefined()
    expect(r.data.featured).toEqual([
      { __typename: 'Book', title: '蜀道难' },
      { __typename: 'Film', minutes: 95 },
    ])
    expect(r.data.featuredAudio).toEqual([
      { __typename: 'Podcast', host: '川话' },
      { __typename: 'Book', title: '蜀道难', pages: 120 },
    ])
  })
})
