import { spawn, spawnSync } from 'node:child_process'
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { postGraphQL, testPki } from '../fixtures/gateway-harness.js'

/** The `tongban` command line as a user runs it: serve (sandbox), Ctrl-C, config check, verify. */
const MAIN = fileURLToPath(new URL('../../gateway/cli/main.ts', import.meta.url))
const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const tongban = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 })

let state: string
beforeAll(async () => {
  state = mkdtempSync(join(tmpdir(), 'tongban-cli-'))
  // Reuse the test PKI so the CLI does not generate RSA keys again.
  await testPki()
  copyFileSync(join(tmpdir(), 'tongban-test-sandbox-pki.json'), join(state, 'sandbox-pki.json'))
})
afterAll(() => rmSync(state, { recursive: true, force: true }))

describe('tongban serve', () => {
  it('starts the sandbox, answers, and stops cleanly on SIGINT', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'serve', '--port', '0', '--host', '127.0.0.1'], {
      cwd: ROOT,
      env: { ...process.env, TONGBAN_STATE_DIR: state, LOG_LEVEL: 'warn' },
    })
    let stderr = ''
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr.on('data', (d) => {
        stderr += String(d)
        const m = /GraphiQL: (http:\/\/\S+)/.exec(stderr)
        if (m) resolve(m[1]!)
      })
      child.once('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`)))
    })
    expect(stderr).toMatch(/德阳市 510600/)
    const r = await postGraphQL<{ regions: unknown[] }>(url, '{ regions { code } }')
    expect(r.data?.regions).toHaveLength(4)
    // The newcomer's flow: a window token, a remote application, a receipt tongban verify accepts.
    const token = tongban(['token', '--region', '511400', '--window', 'MS-DP-01'], { TONGBAN_STATE_DIR: state }).stdout.trim()
    const body = '91510107MA6CL0001'
    const { creditCodeCheckChar } = await import('../../federation/index.js')
    const submitted = await postGraphQL<any>(
      url,
      'mutation($i: RemoteApplicationInput!) { submitRemoteApplication(input: $i) { jws case { id competentRegion { code } } } }',
      { i: { idempotencyKey: 'cli-1', matterCode: 'TB-SCJG-001', mode: 'REMOTE_INTAKE', applicant: { kind: 'ENTERPRISE', name: '成都命令行有限公司', idNumber: body + creditCodeCheckChar(body), facts: { enterpriseDomicile: '510107' } }, materials: [{ name: '申请书', fileSha256: 'a'.repeat(64) }] } },
      { authorization: `Bearer ${token}` },
    )
    expect(submitted.errors).toBeUndefined()
    expect(submitted.data.submitRemoteApplication.case.competentRegion.code).toBe('510100')
    const receipt = join(state, 'receipt.jws')
    writeFileSync(receipt, submitted.data.submitRemoteApplication.jws)
    const checked = tongban(['verify', receipt, '--receipt-key', url.replace('/graphql', '/.well-known/jwks.json'), '--json'])
    expect(checked.status, checked.stderr).toBe(0)
    expect(JSON.parse(checked.stdout).payload.caseId).toBe(submitted.data.submitRemoteApplication.case.id)
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve))
    child.kill('SIGINT')
    expect(await exited).toBe(0)
  }, 60_000)

  it('prints its help, and refuses a bad option with exit code 64', () => {
    const help = tongban(['serve', '--help'])
    expect(help.status).toBe(0)
    expect(help.stdout).toMatch(/--port <port>/)
    expect(tongban(['serve', '--bogus']).status).toBe(64)
  })
})

describe('tongban config check', () => {
  it('accepts the bundled configuration and explains a broken one', () => {
    const ok = tongban(['config', 'check', 'region-configs'])
    expect(ok.status).toBe(0)
    expect(ok.stdout).toMatch(/4 regions/)
    const bad = tongban(['config', 'check', join(state, 'nowhere')])
    expect(bad.status).toBe(1)
    expect(bad.stderr).toMatch(/invalid configuration/)
  })
})

describe('tongban verify', () => {
  it('verifies sandbox licences offline from the trust list: 0 passed, 1 failed, 2 indeterminate', async () => {
    const { createLicenceSigner } = await import('../../sandbox/pki/licence-signer.js')
    const { sandboxSeed } = await import('../../sandbox/index.js')
    const pki = await testPki()
    const licence = sandboxSeed().cities['510600']!.licences[0]!
    const signed = await createLicenceSigner(pki.cities.get('510600')!, { compromised: new Set(), ofd: false }).sign(licence)
    const file = (name: string, content: string | Buffer) => {
      const p = join(state, name)
      writeFileSync(p, content)
      return p
    }
    const trust = ['--trust-list', file('list.jws', pki.trustList), '--trust-list-anchor', file('root.pem', pki.province.certificate), '--crl', file('dy.crl', pki.cities.get('510600')!.crl)]
    const data = file('licence.json', Buffer.from(signed.data, 'base64'))
    const good = tongban(['verify', file('licence.p7s', Buffer.from(signed.cms, 'base64')), '--data', data, ...trust, '--json'])
    expect(good.status, good.stderr).toBe(0)
    expect(JSON.parse(good.stdout)).toMatchObject({ format: 'CMS', indication: 'TOTAL_PASSED', signer: { region: '510600' } })
    const tampered = file('tampered.json', Buffer.from(Buffer.from(signed.data, 'base64').toString('utf8').replace('"issuingRegion":"510600"', '"issuingRegion":"510601"')))
    expect(tongban(['verify', file('licence.sealed', Buffer.from(signed.seal, 'base64')), '--data', tampered, ...trust]).status).toBe(1)
    const untrusted = tongban(['verify', file('licence.jws', signed.jws), '--offline', '--trust-anchor', file('root-only.pem', pki.province.certificate)])
    expect(untrusted.status).toBe(2)
    expect(tongban(['verify']).status).toBe(64)
  }, 60_000)
})
