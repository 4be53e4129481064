import { createServer } from 'node:net'
import { describe, expect, it } from 'vitest'
import { startSandbox } from '../../sandbox/index.js'
import { gqlData, tryConnect } from './sandbox-helpers.js'

// One introspection-free probe per city, in its own vocabulary.
const PROBES: Record<string, string> = {
  '510100': '{ applications(first: 1) { totalCount } }',
  '510600': '{ bjsl }',
  '511400': '{ case_page(limit: 1) { total } }',
  '512000': '{ caseRecordCount }',
}

describe('startSandbox', () => {
  it('starts the four cities on loopback and publishes their endpoints by region code', async () => {
    const sandbox = await startSandbox()
    try {
      expect([...sandbox.cities.keys()]).toEqual(['510100', '510600', '511400', '512000'])
      expect(new Set(Object.values(sandbox.endpoints)).size).toBe(4)
      for (const [code, url] of Object.entries(sandbox.endpoints)) {
        expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/graphql$/)
        const data = await gqlData(url, PROBES[code]!)
        expect(Object.keys(data)).toHaveLength(1)
      }
    } finally {
      await sandbox.close()
    }
    for (const city of sandbox.cities.values()) expect(await tryConnect('127.0.0.1', city.port)).toBe('ECONNREFUSED')
  })

  it('honours fixed ports, and closes the started cities when one cannot listen', async () => {
    const blocker = createServer()
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r))
    const taken = (blocker.address() as { port: number }).port
    try {
      await expect(startSandbox({ ports: { '511400': taken } })).rejects.toMatchObject({ code: 'EADDRINUSE' })
    } finally {
      await new Promise<void>((r) => blocker.close(() => r()))
    }
    const sandbox = await startSandbox({ ports: { '511400': taken } })
    expect(sandbox.endpoints['511400']).toBe(`http://127.0.0.1:${taken}/graphql`)
    await sandbox.close()
  })
})
