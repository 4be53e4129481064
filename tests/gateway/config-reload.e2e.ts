import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningGateway } from '../../gateway/cli/start-gateway.js'
import { startSandbox, type SandboxPki } from '../../sandbox/index.js'
import { postGraphQL, testPki, type Sandbox } from '../fixtures/gateway-harness.js'
import { auditorToken, startDeployedGateway } from '../fixtures/deployed-gateway.js'
import { deploymentConfig } from '../fixtures/gateway-process.js'
import { until } from '../fixtures/until.js'

/**
 * Live reconfiguration: Deyang's platform moves to a new address while queries keep coming.
 * The region configuration is rewritten ten times under a bounded load; the gateway picks each
 * change up from the file (or SIGHUP), refuses an invalid one and keeps the old, and no
 * request fails throughout.
 */
let pki: SandboxPki
let a: Sandbox
let b: Sandbox
let config: ReturnType<typeof deploymentConfig>
let running: RunningGateway
let token: string
const logs: string[] = []
const deyangFile = () => join(config.dir, 'deyang', 'region.yaml')

beforeAll(async () => {
  pki = await testPki()
  ;[a, b] = await Promise.all([startSandbox({ host: '127.0.0.1', pki }), startSandbox({ host: '127.0.0.1', pki })])
  config = deploymentConfig(a.endpoints, pki)
  running = await startDeployedGateway(config, logs)
  token = await auditorToken(pki)
}, 60_000)
afterAll(async () => {
  await running?.stop()
  await Promise.all([a?.close(), b?.close()])
  config?.remove()
})

const DEYANG_CASES = '{ cases(filter: { region: "510600" }, first: 5) { edges { node { id state } } } }'


describe('configuration reload', () => {
  it('moves a city to a new endpoint ten times under load without a failed request', async () => {
    let stop = false
    const failures: unknown[] = []
    let answered = 0
    // Bounded load: four clients, one request at a time each.
    const clients = Array.from({ length: 4 }, async () => {
      while (!stop) {
        const r = await postGraphQL(running.url, DEYANG_CASES, undefined, { authorization: `Bearer ${token}` }).catch((err: unknown) => ({ status: 0, errors: [{ message: String(err) }] }))
        if (r.status !== 200 || r.errors || (r as any).data?.cases?.edges?.length !== 5) failures.push(r)
        else answered++
      }
    })
    const original = readFileSync(deyangFile(), 'utf8')
    const deyang = (s: Sandbox) => s.cities.get('510600')!.stats
    for (let i = 1; i <= 10; i++) {
      const target = i % 2 ? b : a
      const before = running.federation
      writeFileSync(deyangFile(), original.replace(/^endpoint: .*$/m, `endpoint: ${target.endpoints['510600']}`))
      if (i === 5) {
        // SIGHUP works as well as the file watch.
        expect(process.listenerCount('SIGHUP')).toBeGreaterThan(0)
        process.kill(process.pid, 'SIGHUP')
      }
      await until(() => running.federation !== before)
      // The new address takes the traffic.
      const seen = deyang(target).requests
      await until(() => deyang(target).requests > seen + 3)
    }
    stop = true
    await Promise.all(clients)
    expect(failures).toEqual([])
    expect(answered).toBeGreaterThan(100)
    expect(logs.filter((l) => l.includes('configuration reloaded')).length).toBeGreaterThanOrEqual(10)
  }, 60_000)

  it('refuses an invalid configuration and keeps serving with the old one', async () => {
    const before = running.federation
    const original = readFileSync(deyangFile(), 'utf8')
    writeFileSync(deyangFile(), original.replace('\noperations:\n', '\nendpont: http://typo\noperations:\n'))
    try {
      const outcome = await running.live.reload('test')
      expect(outcome.ok).toBe(false)
      expect(!outcome.ok && outcome.error).toMatch(/deyang[\\/]region\.yaml.*endpont/s)
      expect(running.federation).toBe(before)
      const r = await postGraphQL(running.url, DEYANG_CASES, undefined, { authorization: `Bearer ${token}` })
      expect(r.errors).toBeUndefined()
      expect(logs.some((l) => l.includes('configuration reload refused'))).toBe(true)
    } finally {
      writeFileSync(deyangFile(), original)
    }
  })
})
