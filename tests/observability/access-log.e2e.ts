import { Writable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TokenVerifier } from '../../gateway/auth/verify-token.js'
import { createLogger } from '../../gateway/logger.js'
import { createGateway, type Gateway } from '../../gateway/server.js'
import type { AcceptanceService } from '../../gateway/acceptance/acceptance-service.js'
import { StoreError } from '../../gateway/stores/errors.js'
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

/** A gateway whose remote acceptance fails with `err`, logging into the returned text. */
async function failingGateway(err: Error) {
  const log = { text: '' }
  const destination = new Writable({ write(chunk, _enc, cb) { log.text += chunk.toString(); cb() } })
  const identity = new TokenVerifier([...h.pki!.cities.values()].map((c) => ({ region: c.code, issuer: c.identity.issuer, jwks: { keys: [c.identity.jwk as never] } })))
  const failing = { submit: async () => { throw err } } as unknown as AcceptanceService
  const g = createGateway({ federation: h.federation, logger: createLogger({ level: 'info', destination }), identity, metrics: false, acceptance: failing })
  const gUrl = (await g.listen(0, '127.0.0.1')).url
  const token = await h.token({ region: '511400', window: 'MS-DP-01' })
  const submit = () => fetch(gUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-request-id': 'bug-report-1' },
    body: JSON.stringify({ query: 'mutation($i: RemoteApplicationInput!) { submitRemoteApplication(input: $i) { jws } }', variables: { i: { idempotencyKey: 'k-1', matterCode: 'TB-SCJG-002', mode: 'REMOTE_INTAKE', applicant: { kind: 'ENTERPRISE', name: '某公司', idNumber: '91510107MA6BENCH1X', facts: {} }, materials: [] } } }),
  }).then((r) => r.text())
  return { g, log, token, submit }
}

describe('unexpected errors', () => {
  it('answers STORE_UNAVAILABLE (retry with the same key) when the store did not confirm a write', async () => {
    const { g, log, submit } = await failingGateway(new StoreError('STORE_UNAVAILABLE', 'commit: sent 100 times without applying'))
    try {
      const error = JSON.parse(await submit()).errors[0]
      expect(error.extensions.code).toBe('STORE_UNAVAILABLE')
      expect(error.message).toContain('retry with the same idempotency key')
      expect(log.text).not.toContain('unexpected error')
      // The operator sees the store's own reason.
      const line = log.text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, any>).find((l) => l.msg === 'store failure answered as STORE_UNAVAILABLE')
      expect(line).toMatchObject({ level: 40, requestId: 'bug-report-1', err: { message: 'commit: sent 100 times without applying', code: 'STORE_UNAVAILABLE' } })
    } finally {
      await g.close()
    }
  })

  it('answers "Unexpected error." to the client and logs what it was, with the request id, for the operator', async () => {
    // A service failing in a way nobody coded for: what a bug looks like from outside.
    const { g, log, token, submit } = await failingGateway(new Error('commit bookkeeping broke: slot 7 of 3'))
    const logged = () => log.text
    try {
      const body = await submit()
      expect(JSON.parse(body).errors[0]).toMatchObject({ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } })
      expect(body).not.toContain('slot 7')
      const line = logged().trim().split('\n').map((l) => JSON.parse(l) as Record<string, any>).find((l) => l.level >= 50)
      expect(line).toMatchObject({ requestId: 'bug-report-1', path: 'submitRemoteApplication', msg: 'unexpected error answered as INTERNAL_SERVER_ERROR' })
      expect(line!.err.message).toBe('commit bookkeeping broke: slot 7 of 3')
      expect(line!.err.stack).toContain('access-log.e2e.ts')
      expect(logged()).not.toContain(token)
    } finally {
      await g.close()
    }
  })
})
