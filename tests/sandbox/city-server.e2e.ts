import { createServer } from 'node:net'
import { beforeEach, describe, expect, it } from 'vitest'
import { createDeyangCity } from '../../sandbox/index.js'
import { tryConnect, useStartedCity } from './sandbox-helpers.js'

// The shared fault gate, request log and lifecycle, exercised through one city over real HTTP.

const QUERY = '{ bjsl }'

/** POSTs QUERY on a fresh connection, so a closed keep-alive socket never hides the real answer. */
async function post(url: string, headers: Record<string, string> = {}, signal?: AbortSignal): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', connection: 'close', ...headers },
    body: JSON.stringify({ query: QUERY, variables: { n: 1 } }),
    ...(signal && { signal }),
  })
}

const city = useStartedCity(createDeyangCity)
beforeEach(() => {
  city().setFault(null)
  city().resetStats()
})

describe('city server: request log', () => {
  it('counts requests and records query, variables and x-request-id', async () => {
    await post(city().url, { 'x-request-id': 'req-42' })
    await post(city().url)
    expect(city().stats.requests).toBe(2)
    expect(city().stats.lastRequests[0]).toEqual({ query: QUERY, variables: { n: 1 }, requestId: 'req-42' })
    expect(city().stats.lastRequests[1]!.requestId).toBeUndefined()
    city().resetStats()
    expect(city().stats).toEqual({ requests: 0, lastRequests: [] })
  })

  it('keeps only the last 200 operations', async () => {
    for (let i = 0; i < 205; i++) await post(city().url, { 'x-request-id': `r${i}` })
    expect(city().stats.requests).toBe(205)
    expect(city().stats.lastRequests).toHaveLength(200)
    expect(city().stats.lastRequests[0]!.requestId).toBe('r5')
  })
})

describe('city server: faults', () => {
  it('answers with the configured HTTP status, before any GraphQL handling', async () => {
    city().setFault({ status: 502 })
    const res = await post(city().url)
    expect(res.status).toBe(502)
    expect(city().stats.requests).toBe(1)
    expect(city().stats.lastRequests).toHaveLength(0)
    city().setFault(null)
    expect((await post(city().url)).status).toBe(200)
  })

  it('fails a deterministic fraction with 503 under failRate', async () => {
    const run = async (): Promise<number[]> => {
      city().setFault({ failRate: 0.5 })
      const statuses: number[] = []
      for (let i = 0; i < 30; i++) statuses.push((await post(city().url)).status)
      return statuses
    }
    const first = await run()
    expect(new Set(first)).toEqual(new Set([200, 503]))
    expect(first.filter((s) => s === 503).length).toBeGreaterThan(5)
    expect(first.filter((s) => s === 503).length).toBeLessThan(25)
    expect(await run()).toEqual(first)
    city().setFault({ failRate: 1 })
    expect((await post(city().url)).status).toBe(503)
  })

  it('delays answers by delayMs', async () => {
    city().setFault({ delayMs: 250 })
    const t0 = performance.now()
    const res = await post(city().url)
    expect(res.status).toBe(200)
    expect(performance.now() - t0).toBeGreaterThanOrEqual(240)
  })

  it('never answers while hanging, until stopped', async () => {
    city().setFault({ hang: true })
    await expect(post(city().url, {}, AbortSignal.timeout(300))).rejects.toThrow()
    const pending = post(city().url).then(
      () => 'answered',
      () => 'failed',
    )
    await new Promise((r) => setTimeout(r, 50))
    await city().stop()
    expect(await pending).toBe('failed')
    city().setFault(null)
    await city().start()
  })

  it('rejects out-of-range faults', () => {
    expect(() => city().setFault({ failRate: 1.5 })).toThrow(RangeError)
    expect(() => city().setFault({ status: 42 })).toThrow(RangeError)
    expect(() => city().setFault({ delayMs: -1 })).toThrow(RangeError)
  })
})

describe('city server: lifecycle', () => {
  it('refuses connections when stopped, and comes back on the same port', async () => {
    const { port, url } = city()
    // A keep-alive connection open at stop time must not keep the city reachable.
    expect((await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: QUERY }) })).status).toBe(200)
    await city().stop()
    expect(city().running).toBe(false)
    expect(await tryConnect(city().host, port)).toBe('ECONNREFUSED')
    await city().start()
    expect(city().port).toBe(port)
    expect(city().url).toBe(url)
    expect((await post(url)).status).toBe(200)
  })

  it('stops a delayed request at once instead of waiting for the delay', async () => {
    city().setFault({ delayMs: 10_000 })
    const pending = post(city().url).then(
      () => 'answered',
      () => 'failed',
    )
    await new Promise((r) => setTimeout(r, 50))
    const t0 = performance.now()
    await city().stop()
    expect(performance.now() - t0).toBeLessThan(1000)
    expect(await pending).toBe('failed')
    city().setFault(null)
    await city().start()
  })

  it('shares one listener between overlapping start() calls', async () => {
    const other = createDeyangCity()
    await Promise.all([other.start(), other.start()])
    expect(other.running).toBe(true)
    expect((await post(other.url)).status).toBe(200)
    await other.close()
    expect(await tryConnect(other.host, other.port)).toBe('ECONNREFUSED')
  })

  it('listens on a given port, and reports a taken one', async () => {
    const blocker = createServer()
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r))
    const taken = (blocker.address() as { port: number }).port
    const clash = createDeyangCity({ port: taken })
    await expect(clash.start()).rejects.toMatchObject({ code: 'EADDRINUSE' })
    await new Promise<void>((r) => blocker.close(() => r()))
    const fixed = createDeyangCity({ port: taken })
    await fixed.start()
    expect(fixed.url).toBe(`http://127.0.0.1:${taken}/graphql`)
    await fixed.close()
    await expect(fixed.start()).rejects.toThrow(/closed/)
  })
})
