import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startHarness, type Harness } from '../fixtures/gateway-harness.js'

/**
 * The lean HTTP path must answer exactly as yoga does. Each request is sent twice: as a plain
 * API client (lean path) and with an Origin header, which sends it through yoga.
 */
let h: Harness
let auditor: string
beforeAll(async () => {
  h = await startHarness()
  // Reads of the cities' cases need a token; the provincial auditor may read every city's.
  auditor = await h.token({ region: '510000', role: 'auditor' })
})
afterAll(() => h?.close())

async function send(body: string, headers: Record<string, string>) {
  const res = await fetch(h.url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${auditor}`, ...headers }, body })
  const text = await res.text()
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    json = text
  }
  return { status: res.status, type: res.headers.get('content-type'), json }
}

async function both(body: string) {
  const lean = await send(body, {})
  const yoga = await send(body, { origin: 'http://localhost' })
  return { lean, yoga }
}

const id = async () => {
  const r: any = await h.query('{ cases(filter: { region: "511400" }, first: 1) { edges { node { id } } } }')
  return r.data.cases.edges[0].node.id as string
}

describe('lean HTTP path', () => {
  it.each([
    ['a translated list', { query: '{ cases(first: 5) { edges { cursor node { id state applicant { __typename ... on Person { name } } } } } }' }],
    ['variables and operationName', { query: 'query A { regions { code } } query B($c: String!) { region(code: $c) { name } }', operationName: 'B', variables: { c: '512081' } }],
    ['a coded error', { query: '{ cases(filter: { applicantIdNumber: "123" }) { totalCount } }' }],
    ['a validation error', { query: '{ cases { nope } }' }],
    ['a syntax error', { query: '{ cases { ' }],
    ['a limit violation', { query: '{ cases { edges { node { matter { localCodes { region { districts { formerCodes { code } } } } } } } } }' }],
    ['a missing query', { variables: {} }],
    ['a missing operation name', { query: 'query A { regions { code } } query B { regions { name } }' }],
    ['bad variables', { query: 'query($c: String!) { region(code: $c) { name } }', variables: { c: 5 } }],
  ])('answers %s exactly as yoga', async (_, payload) => {
    const { lean, yoga } = await both(JSON.stringify(payload))
    expect(lean.status).toBe(yoga.status)
    expect(lean.json).toEqual(yoga.json)
    expect(lean.type).toMatch(/^application\/json/)
  })

  it('runs the operation the request names, also after another operation of the same document ran', async () => {
    const query = 'query A { regions { code } } query B { matters { code } }'
    const a = await send(JSON.stringify({ query, operationName: 'A' }), {})
    const b = await send(JSON.stringify({ query, operationName: 'B' }), {})
    expect(Object.keys((a.json as any).data)).toEqual(['regions'])
    expect(Object.keys((b.json as any).data)).toEqual(['matters'])
  })

  it('answers a lookup with a join the same way', async () => {
    const { lean, yoga } = await both(JSON.stringify({ query: 'query($id: ID!) { case(id: $id) { id applicant { __typename ... on Person { name idNumber } ... on Enterprise { name creditCode } } } }', variables: { id: await id() } }))
    expect(lean).toEqual(yoga)
    expect((lean.json as any).data.case.applicant.name).toBeTruthy()
  })

  it('hands JSON that is not a single request, batches included, to yoga', async () => {
    for (const body of ['not json', '[{"query":"{ regions { code } }"}]', '"a string"']) {
      const { lean, yoga } = await both(body)
      expect(lean.status).toBe(yoga.status)
      expect(lean.json).toEqual(yoga.json)
    }
  })

  it('answers partial data the same way when a city is down', async () => {
    const deyang = h.sandbox.cities.get('510600')!
    await deyang.stop()
    try {
      const { lean, yoga } = await both(JSON.stringify({ query: '{ cases(first: 5) { totalCount edges { node { id } } } }' }))
      expect(lean.status).toBe(200)
      expect(lean.json).toEqual(yoga.json)
      expect((lean.json as any).errors[0].extensions.code).toBe('REGION_UNAVAILABLE')
    } finally {
      await deyang.start()
    }
  })

  it('refuses an oversized body with 413 before reading it all', async () => {
    const big = JSON.stringify({ query: `{ regions { code } } # ${'x'.repeat(1024 * 1024)}` })
    const r = await send(big, {})
    expect(r.status).toBe(413)
    expect((r.json as any).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE')
  })
})
