import { Writable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TokenVerifier } from '../../gateway/auth/verify-token.js'
import { createLogger } from '../../gateway/logger.js'
import { createGateway, type Gateway } from '../../gateway/server.js'
import { startHarness, type Harness } from '../fixtures/gateway-harness.js'

/**
 * The access log of a real gateway (in front of the harness's sandbox cities), written into
 * memory: one line per GraphQL request, and nothing secret or personal in any line.
 */
let h: Harness
let gateway: Gateway
let url: string
let text = ''
beforeAll(async () => {
  h = await startHarness({ signing: true })
  const destination = new Writable({
    write(chunk, _enc, cb) {
      text += chunk.toString()
      cb()
    },
  })
  const identity = new TokenVerifier([...h.pki!.cities.values()].map((c) => ({ region: c.code, issuer: c.identity.issuer, jwks: { keys: [c.identity.jwk as never] } })))
  gateway = createGateway({ federation: h.federation, logger: createLogger({ level: 'info', destination }), identity, metrics: false })
  url = (await gateway.listen(0, '127.0.0.1')).url
})
afterAll(async () => {
  await gateway?.close()
  await h?.close()
})

const lines = () => text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, any>)
const accessLines = () => lines().filter((l) => l.msg === 'graphql request')

async function post(body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) })
  await res.text()
  return res.headers.get('x-request-id')!
}

describe('access log', () => {
  it('writes one line per request: request id, operation, outcome, status, duration, caller — never the token', async () => {
    const token = await h.token({ region: '511400', window: 'MS-DP-01' })
    const idNumber = '510107199001011234'
    const a = await post({ query: 'query Catalogue { regions { code } }' }, { authorization: `Bearer ${token}`, 'x-request-id': 'client-req-1' })
    const b = await post({ query: 'query Lookup($h: String!) { certificates(holderId: $h) { id } }', variables: { h: idNumber } }, { origin: 'http://localhost' })
    const c = await post({ query: '{ regions { nope } }' }, { authorization: 'Bearer not.a.token' })
    expect(a).toBe('client-req-1')
    await new Promise((r) => setTimeout(r, 50))
    const byId = new Map(accessLines().map((l) => [l.requestId, l]))
    expect(byId.get(a)).toMatchObject({
      level: 30,
      operation: 'Catalogue',
      operationType: 'query',
      outcome: 'ok',
      status: 200,
      caller: { role: 'window-clerk', region: '511400', window: 'MS-DP-01' },
    })
    expect(byId.get(a)!.durationMs).toBeGreaterThan(0)
    expect(byId.get(b)).toMatchObject({ operation: 'Lookup', operationType: 'query' })
    expect(byId.get(c)).toMatchObject({ operation: null, operationType: null, outcome: 'error', code: 'GRAPHQL_VALIDATION_FAILED' })
    expect(accessLines().filter((l) => [a, b, c].includes(l.requestId))).toHaveLength(3)
    // Neither token nor identity number, in any line.
    expect(text).not.toContain(token)
    expect(text).not.toContain(token.split('.')[1]!)
    expect(text).not.toContain('not.a.token')
    expect(text).not.toContain(idNumber)
  })

  it('replaces a request id a client sends that is not a plain token', async () => {
    const id = await post({ query: '{ regions { code } }' }, { 'x-request-id': 'has spaces and "quotes"' })
    expect(id).toMatch(/^[0-9a-f-]{36}$/)
  })
})
