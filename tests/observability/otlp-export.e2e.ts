import { spawn } from 'node:child_process'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { issueToken } from '../../gateway/auth/issue-token.js'
import { startSandbox } from '../../sandbox/start-sandbox.js'
import { deploymentConfig } from '../fixtures/gateway-process.js'
import { testPki, type Sandbox } from '../fixtures/gateway-harness.js'

/**
 * `tongban serve --otel-endpoint URL` as deployed: spans reach an OTLP/HTTP collector (here a
 * stand-in that records what it is sent), at the latest when the gateway shuts down.
 */
const MAIN = fileURLToPath(new URL('../../gateway/cli/main.ts', import.meta.url))
const ROOT = fileURLToPath(new URL('../..', import.meta.url))

let collector: Server
let collectorUrl: string
const exports: { path: string; type: string | undefined; body: string }[] = []
let sandbox: Sandbox
let config: ReturnType<typeof deploymentConfig>
let token: string

beforeAll(async () => {
  collector = createServer((req, res) => {
    let body = ''
    req.setEncoding('utf8').on('data', (c: string) => (body += c))
    req.on('end', () => {
      exports.push({ path: req.url ?? '', type: req.headers['content-type'], body })
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}')
    })
  })
  await new Promise<void>((r) => collector.listen(0, '127.0.0.1', r))
  collectorUrl = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`
  const pki = await testPki()
  sandbox = await startSandbox({ host: '127.0.0.1', pki })
  config = deploymentConfig(sandbox.endpoints, pki)
  const p = pki.provinceIdentity
  token = await issueToken({ privateKey: p.privateKey, kid: p.kid, issuer: p.issuer, subject: 'auditor@510000', claim: { role: 'auditor', region: p.code } })
})
afterAll(async () => {
  await sandbox?.close()
  config?.remove()
  await new Promise<void>((r) => collector.close(() => r()))
})

describe('tracing through the CLI', () => {
  it('exports the spans of a request by OTLP/HTTP, and prints where metrics are', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', MAIN, 'serve', '--config', config.dir, '--receipt-key', config.receiptKey, '--port', '0', '--host', '127.0.0.1', '--otel-endpoint', collectorUrl],
      { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'error', OTEL_EXPORTER_OTLP_ENDPOINT: '', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: '' }, stdio: ['ignore', 'ignore', 'pipe'] },
    )
    let stderr = ''
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr!.on('data', (d) => {
        stderr += String(d)
        const m = /GraphiQL: (http:\/\/\S+)/.exec(stderr)
        if (m) resolve(m[1]!)
      })
      child.once('exit', (code) => reject(new Error(`gateway exited ${code}: ${stderr}`)))
    })
    expect(stderr).toContain(`Metrics:  ${url.replace(/\/graphql$/, '/metrics')}`)
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: 'query OtlpProbe { cases(first: 2) { edges { node { id } } } }' }),
    })
    expect(((await res.json()) as { errors?: unknown }).errors).toBeUndefined()
    // SIGTERM flushes what the batch processor still holds.
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve())
      child.kill('SIGTERM')
    })
    const traces = exports.filter((e) => e.path === '/v1/traces')
    expect(traces.length).toBeGreaterThan(0)
    const names = traces.flatMap((e) => [...e.body.matchAll(/"name":"([^"]+)"/g)].map((m) => m[1]))
    expect(names).toContain('query OtlpProbe')
    expect(names).toContain('upstream 510100')
    expect(traces.map((e) => e.body).join('')).toContain('tongban-gateway')
  })
})
