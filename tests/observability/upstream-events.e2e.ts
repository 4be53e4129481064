import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { RegionClient } from '../../federation/upstream/region-client.js'
import { upstreamChannels, type UpstreamAttempt, type UpstreamCall } from '../../federation/upstream/upstream-events.js'

/** A stand-in city on loopback: answers from a script and remembers each request's headers. */
let server: Server
let endpoint: string
const seen: IncomingHttpHeaders[] = []
let script: { status: number; body: string }[] = []
const OK = { status: 200, body: JSON.stringify({ data: { t0: 1 } }) }

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(req.headers)
    req.resume()
    req.on('end', () => {
      const next = script.shift() ?? OK
      res.writeHead(next.status, { 'content-type': 'application/json' }).end(next.body)
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`
})
afterAll(() => new Promise<void>((r) => server.close(() => r())))

const settings = {
  connections: 2,
  connectTimeoutMs: 1000,
  headersTimeoutMs: 1000,
  bodyTimeoutMs: 1000,
  requestTimeoutMs: 3000,
  retries: 2,
  breaker: { failureThreshold: 1, cooldownMs: 60_000 },
  maxResponseBytes: 1 << 20,
}
const clients: RegionClient[] = []
const client = () => {
  const c = new RegionClient({ code: '510600', name: '德阳市', endpoint, settings })
  clients.push(c)
  return c
}

/** Records what the channels publish; the start listener adds a header, as a tracer does. */
function listen() {
  const events: { phase: string; call: UpstreamCall; attempt?: UpstreamAttempt; headersAtStart?: Record<string, string> }[] = []
  const start = (m: unknown) => {
    const call = m as UpstreamCall
    call.headers.traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'
    events.push({ phase: 'start', call, headersAtStart: { ...call.headers } })
  }
  const attempt = (m: unknown) => events.push({ phase: 'attempt', call: (m as UpstreamAttempt).call, attempt: m as UpstreamAttempt })
  const end = (m: unknown) => events.push({ phase: 'end', call: { ...(m as UpstreamCall) } })
  upstreamChannels.start.subscribe(start)
  upstreamChannels.attempt.subscribe(attempt)
  upstreamChannels.end.subscribe(end)
  return {
    events,
    stop() {
      upstreamChannels.start.unsubscribe(start)
      upstreamChannels.attempt.unsubscribe(attempt)
      upstreamChannels.end.unsubscribe(end)
    },
  }
}

afterEach(async () => {
  seen.length = 0
  script = []
  await Promise.all(clients.splice(0).map((c) => c.close()))
})

describe('upstream events (diagnostics channels)', () => {
  it('publish start, each attempt and the end of a call, and send subscriber headers with every attempt', async () => {
    const l = listen()
    try {
      script = [{ status: 503, body: 'busy' }, { status: 200, body: JSON.stringify({ data: { t0: 1 }, errors: [{ message: 'one row failed' }] }) }]
      await client().execute({ query: '{ t0: x }', operationName: 'Tongban' }, { read: true, requestId: 'req-42', fields: 3 })
      expect(l.events.map((e) => e.phase)).toEqual(['start', 'attempt', 'attempt', 'end'])
      const [start, a1, a2, end] = l.events
      expect(start!.call).toMatchObject({ region: '510600', operationName: 'Tongban', read: true, fields: 3, requestId: 'req-42' })
      expect([a1!.attempt!.attempt, a1!.attempt!.outcome, a2!.attempt!.attempt, a2!.attempt!.outcome]).toEqual([1, 'HTTP_STATUS', 2, 'ok'])
      expect(a1!.attempt!.ms).toBeGreaterThan(0)
      expect(end!.call).toMatchObject({ outcome: 'ok', attempts: 2, status: 200, graphqlErrors: 1 })
      // Both attempts carry the request id and the subscriber's traceparent; the retry says which attempt it is.
      expect(seen.map((h) => [h['x-request-id'], h.traceparent, h['x-tongban-attempt']])).toEqual([
        ['req-42', start!.headersAtStart!.traceparent, undefined],
        ['req-42', start!.headersAtStart!.traceparent, '2'],
      ])
    } finally {
      l.stop()
    }
  })

  it('report a call refused by an open breaker, with no attempt', async () => {
    const l = listen()
    try {
      const c = client()
      script = [{ status: 503, body: 'down' }]
      await expect(c.execute({ query: '{ t0: x }' }, { read: false })).rejects.toMatchObject({ code: 'REGION_UNAVAILABLE' })
      await expect(c.execute({ query: '{ t0: x }' }, { read: false })).rejects.toMatchObject({ details: { reason: 'BREAKER_OPEN' } })
      const ends = l.events.filter((e) => e.phase === 'end').map((e) => [e.call.outcome, e.call.attempts, e.call.read])
      expect(ends).toEqual([
        ['HTTP_STATUS', 1, false],
        ['BREAKER_OPEN', 0, false],
      ])
    } finally {
      l.stop()
    }
  })

  it('send a request id on every call, made up when the caller has none, also with nobody listening', async () => {
    expect(upstreamChannels.start.hasSubscribers).toBe(false)
    const c = client()
    await c.execute({ query: '{ t0: x }' }, { read: true })
    await c.execute({ query: '{ t0: x }' }, { read: false, requestId: 'TB-01JD8R5ZQ4M8X0W2Y6V9K3N7PA.d1.1' })
    expect(seen[0]!['x-request-id']).toMatch(/^[0-9a-f-]{36}$/)
    expect(seen[1]!['x-request-id']).toBe('TB-01JD8R5ZQ4M8X0W2Y6V9K3N7PA.d1.1')
    expect(seen.every((h) => h.traceparent === undefined)).toBe(true)
  })
})
