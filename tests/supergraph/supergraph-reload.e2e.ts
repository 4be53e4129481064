/**
 * The supergraph in the configuration directory is reloaded on change, like the region
 * configuration: a supergraph composed elsewhere (as rover would) is written into
 * `supergraph.graphql` while queries keep coming; the gateway starts serving the new
 * subgraph's fields, refuses a file that does not compose and keeps the old one, and /readiness
 * shows each subgraph's breaker.
 */
import { renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { composeServices } from '@apollo/composition'
import { parse } from 'graphql'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningGateway } from '../../gateway/cli/start-gateway.js'
import { startSandbox, type SandboxPki } from '../../sandbox/index.js'
import { postGraphQL, testPki, type Sandbox } from '../fixtures/gateway-harness.js'
import { auditorToken, startDeployedGateway } from '../fixtures/deployed-gateway.js'
import { deploymentConfig } from '../fixtures/gateway-process.js'
import { until } from '../fixtures/until.js'
import { FEDERATION_LINK, startSubgraph, type TestSubgraph } from './subgraph-server.js'

const HOTLINE_SDL = `${FEDERATION_LINK(['@key'])}
type Matter @key(fields: "code") { code: String! hotline: String }
type Query { directoryVersion: Int }`
const BULLETIN_SDL = `${FEDERATION_LINK(['@key'])}
type Query { bulletin: String }`

/** A supergraph composed without Tongban, the way rover or GraphOS hands one over. */
function roverCompose(subgraphs: TestSubgraph[]): string {
  const result = composeServices(subgraphs.map((s) => ({ name: s.name, url: s.url, typeDefs: parse(s.sdl) })))
  if (result.errors) throw new Error(result.errors.map((e) => e.message).join('; '))
  return result.supergraphSdl
}

let pki: SandboxPki
let sandbox: Sandbox
let hotline: TestSubgraph
/** The same subgraph moved to a new address, answering differently so the move shows. */
let movedHotline: TestSubgraph
let bulletin: TestSubgraph
let config: ReturnType<typeof deploymentConfig>
let running: RunningGateway
let token: string
const logs: string[] = []
const supergraphFile = () => join(config.dir, 'supergraph.graphql')
/** Written beside the file and renamed over it, as deploy tools do. */
const deploy = (text: string) => {
  writeFileSync(`${supergraphFile()}.tmp`, text)
  renameSync(`${supergraphFile()}.tmp`, supergraphFile())
}
const ask = (query: string) => postGraphQL<any>(running.url, query, undefined, { authorization: `Bearer ${token}` })

beforeAll(async () => {
  pki = await testPki()
  sandbox = await startSandbox({ host: '127.0.0.1', pki })
  hotline = await startSubgraph('directory', HOTLINE_SDL, { Matter: { __resolveReference: (ref: { code: string }) => ({ code: ref.code, hotline: `12345-${ref.code}` }) } })
  movedHotline = await startSubgraph('directory', HOTLINE_SDL, { Matter: { __resolveReference: (ref: { code: string }) => ({ code: ref.code, hotline: `67890-${ref.code}` }) } })
  bulletin = await startSubgraph('bulletin', BULLETIN_SDL, { Query: { bulletin: () => '跨省通办 bulletin' } })
  config = deploymentConfig(sandbox.endpoints, pki)
  writeFileSync(supergraphFile(), roverCompose([hotline]))
  running = await startDeployedGateway(config, logs)
  token = await auditorToken(pki)
}, 60_000)
afterAll(async () => {
  await running?.stop()
  await Promise.all([sandbox?.close(), hotline?.stop(), movedHotline?.stop(), bulletin?.stop()])
  config?.remove()
})

const HOTLINE = '{ matter(code: "TB-SCJG-001") { code name hotline } }'

describe('supergraph reload', () => {
  it('serves the supergraph from the configuration directory, and /readiness shows its subgraph', async () => {
    const r = await ask(HOTLINE)
    expect(r.errors).toBeUndefined()
    expect(r.data?.matter).toEqual({ code: 'TB-SCJG-001', name: '营业执照设立登记', hotline: '12345-TB-SCJG-001' })
    const unknown = await ask('{ bulletin }')
    expect(unknown.errors?.[0]?.message).toMatch(/bulletin/)
    const ready = await fetch(running.url.replace('/graphql', '/readiness')).then((x) => x.json() as Promise<any>)
    expect(ready.subgraphs).toEqual({ directory: 'closed' })
    expect(Object.keys(ready.regions)).toHaveLength(4)
  })

  it('a new supergraph (a subgraph added, another moved) is picked up under load without a failed request; a broken one is refused', async () => {
    let stop = false
    const failures: unknown[] = []
    let answered = 0
    const clients = Array.from({ length: 3 }, async () => {
      while (!stop) {
        const r = await ask(HOTLINE).catch((err: unknown) => ({ status: 0, errors: [{ message: String(err) }] }))
        if (r.status !== 200 || r.errors || !['12345-TB-SCJG-001', '67890-TB-SCJG-001'].includes((r as any).data?.matter?.hotline)) failures.push(r)
        else answered++
      }
    })
    try {
      deploy(roverCompose([movedHotline, bulletin]))
      await until(async () => (await ask('{ bulletin }')).data?.bulletin === '跨省通办 bulletin', 10_000)
      // A document compiled and run before the reload now goes to the subgraph's new address.
      expect((await ask(HOTLINE)).data?.matter?.hotline).toBe('67890-TB-SCJG-001')
      const both = await ask('{ bulletin matter(code: "TB-GA-001") { code hotline } }')
      expect(both.errors).toBeUndefined()
      expect(both.data).toEqual({ bulletin: '跨省通办 bulletin', matter: { code: 'TB-GA-001', hotline: '67890-TB-GA-001' } })
      const ready = await fetch(running.url.replace('/graphql', '/readiness')).then((x) => x.json() as Promise<any>)
      expect(ready.subgraphs).toEqual({ directory: 'closed', bulletin: 'closed' })

      // Half a file: refused with a logged reason, and the running supergraph keeps answering.
      const refusedBefore = logs.filter((l) => l.includes('supergraph reload refused')).length
      deploy('schema @link(url: "https://specs.apollo.dev/link/v1.0") { query: Query } type Query {')
      await until(() => logs.filter((l) => l.includes('supergraph reload refused')).length > refusedBefore, 10_000)
      expect((await ask('{ bulletin }')).data?.bulletin).toBe('跨省通办 bulletin')
    } finally {
      stop = true
      await Promise.all(clients)
    }
    expect(failures).toEqual([])
    expect(answered).toBeGreaterThan(10)
    // The region configuration was not reloaded for a supergraph change.
    expect(logs.filter((l) => l.includes('"configuration reloaded"'))).toEqual([])
  })

  it('a supergraph.graphql added to a directory that had none turns supergraph mode on; a missing file is refused', async () => {
    const plain = deploymentConfig(sandbox.endpoints, pki)
    const plainLogs: string[] = []
    const gw = await startDeployedGateway(plain, plainLogs)
    try {
      const before = await postGraphQL(gw.url, '{ bulletin }', undefined, { authorization: `Bearer ${token}` })
      expect(before.errors?.[0]?.message).toMatch(/bulletin/)
      const ready = await fetch(gw.url.replace('/graphql', '/readiness')).then((x) => x.json() as Promise<any>)
      expect(ready.subgraphs).toBeUndefined()
      writeFileSync(join(plain.dir, 'supergraph.graphql'), roverCompose([bulletin]))
      await until(async () => (await postGraphQL(gw.url, '{ bulletin }', undefined, { authorization: `Bearer ${token}` })).data?.bulletin === '跨省通办 bulletin', 10_000)
      const readyAfter = await fetch(gw.url.replace('/graphql', '/readiness')).then((x) => x.json() as Promise<any>)
      expect(readyAfter.subgraphs).toEqual({ bulletin: 'closed' })
      // The canonical API is still there beside it.
      const canonical = await postGraphQL(gw.url, '{ bulletin matter(code: "TB-SCJG-001") { name } }', undefined, { authorization: `Bearer ${token}` })
      expect(canonical.data).toEqual({ bulletin: '跨省通办 bulletin', matter: { name: '营业执照设立登记' } })
      // Deleting the file is refused like any other broken supergraph: the running one stays.
      rmSync(join(plain.dir, 'supergraph.graphql'))
      await until(() => plainLogs.some((l) => l.includes('supergraph reload refused') && l.includes('is missing')), 10_000)
      expect((await postGraphQL(gw.url, '{ bulletin }', undefined, { authorization: `Bearer ${token}` })).data?.bulletin).toBe('跨省通办 bulletin')
    } finally {
      await gw.stop()
      plain.remove()
    }
  })
})
