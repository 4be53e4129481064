/**
 * Progressive @override (Federation 2.7, `label: "percent(n)"`): the share of requests the new
 * owner answers. percent(0) and percent(100) are the two deterministic ends; the planner decides
 * per request, so a share in between sends some requests to each owner.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FEDERATION_LINK, startSubgraph, type TestSubgraph } from './subgraph-server.js'
import { startSupergraphGateway, type SupergraphGateway } from './supergraph-gateway.js'

const rows = [
  { id: '1', price: 10 },
  { id: '2', price: 20 },
]
const legacySdl = FEDERATION_LINK(['@key']) + `type Item @key(fields: "id") { id: ID! price: Int! } type Query { items: [Item!]! }`
const pricingSdl = (label: string) => FEDERATION_LINK(['@key', '@override']) + `type Item @key(fields: "id") { id: ID! price: Int! @override(from: "legacy", label: "${label}") }`

let legacy: TestSubgraph
const pricing: TestSubgraph[] = []
const gateways: SupergraphGateway[] = []

async function gatewayWith(label: string): Promise<SupergraphGateway> {
  // Prices as the new owner computes them: ten times the legacy ones, so the answer shows who answered.
  const p = await startSubgraph('pricing', pricingSdl(label), {
    Item: { __resolveReference: (r: { id: string }) => ({ id: r.id }), price: (r: { id: string }) => rows.find((x) => x.id === r.id)!.price * 10 },
  })
  pricing.push(p)
  const gw = await startSupergraphGateway([legacy, p])
  gateways.push(gw)
  return gw
}

beforeAll(async () => {
  legacy = await startSubgraph('legacy', legacySdl, { Query: { items: () => rows }, Item: { __resolveReference: (r: { id: string }) => rows.find((x) => x.id === r.id) } })
})
afterAll(async () => {
  for (const gw of gateways) await gw.close()
  await Promise.all([legacy, ...pricing].map((s) => s?.stop()))
})

describe('progressive @override', () => {
  it('percent(0): the old owner still answers and the new one is not asked', async () => {
    const gw = await gatewayWith('percent(0)')
    pricing.at(-1)!.reset()
    for (let i = 0; i < 5; i++) {
      const r = await gw.query('{ items { id price } }')
      expect(r.errors).toBeUndefined()
      expect(r.data.items).toEqual([{ id: '1', price: 10 }, { id: '2', price: 20 }])
    }
    expect(pricing.at(-1)!.requests).toHaveLength(0)
  })

  it('percent(100): the new owner answers every request', async () => {
    const gw = await gatewayWith('percent(100)')
    for (let i = 0; i < 5; i++) {
      const r = await gw.query('{ items { id price } }')
      expect(r.errors).toBeUndefined()
      expect(r.data.items).toEqual([{ id: '1', price: 100 }, { id: '2', price: 200 }])
    }
  })

  it('percent(50): over many requests both owners answer, each answer whole and consistent', async () => {
    const gw = await gatewayWith('percent(50)')
    const seen = new Set<string>()
    for (let i = 0; i < 40; i++) {
      const r = await gw.query('{ items { id price } }')
      expect(r.errors).toBeUndefined()
      const prices = r.data.items.map((x: any) => x.price).join(',')
      expect(['10,20', '100,200']).toContain(prices)
      seen.add(prices)
    }
    expect(seen).toEqual(new Set(['10,20', '100,200']))
  })
})
