import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { createSchema, createYoga } from 'graphql-yoga'
import { beforeAll, describe, expect, it } from 'vitest'
import { compromisedLicenceIds, sandboxSeed } from '../../sandbox/index.js'
import { ephemeralReceiptKey, type ReceiptKey } from '../../gateway/acceptance/receipt-key.js'
import { signReceiptFast } from '../../gateway/acceptance/sign-receipt.js'
import { TokenVerifier } from '../../gateway/auth/verify-token.js'
import { packageRoot } from '../../gateway/cli/package-root.js'
import { createSandboxDemo, type SandboxDemo } from '../../gateway/web/sandbox-demo.js'
import { CONTENT_SECURITY_POLICY, useWebPages } from '../../gateway/web/use-web-pages.js'
import { testPki } from '../fixtures/gateway-harness.js'

/** The gateway's web plugin on its own: what it serves, with which headers, and what it refuses. */
const schema = createSchema({ typeDefs: 'type Query { ok: Boolean }' })
const SCRIPT = 'console.log("tongban");'.repeat(200)
const PAGE = '<!doctype html><title>通办</title><script type="module" src="/assets/app-Ab12_x.js"></script>'

function builtPages(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tongban-web-test-'))
  writeFileSync(join(dir, 'index.html'), PAGE)
  mkdirSync(join(dir, 'assets'))
  writeFileSync(join(dir, 'assets', 'app-Ab12_x.js'), SCRIPT)
  writeFileSync(join(dir, 'assets', 'notes.txt'), 'not a web asset')
  writeFileSync(join(dir, 'secret.json'), '{"secret":true}')
  return dir
}

function gateway(o: { assetsDir?: string; demo?: SandboxDemo; key?: ReceiptKey } = {}) {
  const yoga = createYoga({
    schema,
    logging: false,
    plugins: [useWebPages({ ...(o.assetsDir && { assetsDir: o.assetsDir }), ...(o.demo && { demo: o.demo }), receiptKeys: () => (o.key ? [o.key.jwk] : []) })],
  })
  return async (path: string, init: RequestInit = {}): Promise<Response> => yoga.fetch(`http://gateway.test${path}`, init as never)
}

describe('serving the built pages', () => {
  const dir = builtPages()
  const get = gateway({ assetsDir: dir })

  it.each(['/verify', '/verify/', '/window', '/window/'])('%s: the pages\' document, never cached, under a strict CSP', async (path) => {
    const res = await get(path)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(res.headers.get('cache-control')).toBe('no-cache')
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY)
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'")
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-inline')
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(await res.text()).toBe(PAGE)
  })

  it('hashed assets: cached for a year, immutable, gzip when asked for, HEAD without a body', async () => {
    const plain = await get('/assets/app-Ab12_x.js')
    expect(plain.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(plain.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect(await plain.text()).toBe(SCRIPT)
    const zipped = await get('/assets/app-Ab12_x.js', { headers: { 'accept-encoding': 'gzip, br' } })
    expect(zipped.headers.get('content-encoding')).toBe('gzip')
    const bytes = new Uint8Array(await zipped.arrayBuffer())
    // Fetch may already have inflated it; either way the script is what arrives.
    expect(bytes[0] === 0x1f ? gunzipSync(bytes).toString() : Buffer.from(bytes).toString()).toBe(SCRIPT)
    const head = await get('/assets/app-Ab12_x.js', { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(await head.text()).toBe('')
  })

  it.each([
    '/assets/..%2fsecret.json',
    '/assets/%2e%2e%2fsecret.json',
    '/assets/..%5csecret.json',
    '/assets/notes.txt',
    '/assets/.hidden.js',
    '/assets/sub/app-Ab12_x.js',
    '/assets/missing-123.js',
    '/assets/',
  ])('%s is not served', async (path) => {
    const res = await get(path)
    expect(res.status).toBe(404)
    expect(await res.text()).not.toContain('secret')
  })

  it('answers other methods with 405, and / with the certificate check', async () => {
    expect((await get('/verify', { method: 'POST', body: '{}' })).status).toBe(405)
    expect((await get('/assets/app-Ab12_x.js', { method: 'DELETE' })).status).toBe(405)
    const root = await get('/', { redirect: 'manual' })
    expect([root.status, root.headers.get('location')]).toEqual([302, '/verify'])
  })

  it('says how to build the pages when they are not built', async () => {
    const res = await gateway({ assetsDir: join(dir, 'nowhere') })('/window')
    expect(res.status).toBe(503)
    expect(await res.text()).toMatch(/not built.*npm run build/s)
  })

  it('serves dist/web of the package by default, as npm start does', async () => {
    const saved = process.env.TONGBAN_WEB_DIR
    delete process.env.TONGBAN_WEB_DIR
    try {
      const res = await gateway()('/verify')
      const built = join(packageRoot(), 'dist', 'web', 'index.html')
      if (existsSync(built)) expect(await res.text()).toBe(readFileSync(built, 'utf8'))
      else expect(await res.text()).toContain(join(packageRoot(), 'dist', 'web'))
    } finally {
      if (saved !== undefined) process.env.TONGBAN_WEB_DIR = saved
    }
  })
})

describe('POST /verify/receipt', () => {
  let key: ReceiptKey
  let post: (body: unknown) => Promise<Response>
  beforeAll(async () => {
    key = await ephemeralReceiptKey()
    const get = gateway({ key })
    post = (body) => get('/verify/receipt', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  })

  it('passes a receipt signed with the published key and returns its content', async () => {
    const jws = signReceiptFast({ caseId: 'TB-01J0000000000000000000000', competentRegion: '510100' }, key)
    const report = (await (await post({ jws })).json()) as { indication: string; payload: { caseId: string } }
    expect(report.indication).toBe('TOTAL_PASSED')
    expect(report.payload.caseId).toBe('TB-01J0000000000000000000000')
  })

  it('fails a receipt whose content changed, and one signed with another key', async () => {
    const jws = signReceiptFast({ caseId: 'TB-X', competentRegion: '510100' }, key)
    const [h, b, s] = jws.split('.')
    const changed = Buffer.from(Buffer.from(b!, 'base64url').toString().replace('510100', '511400')).toString('base64url')
    expect(await (await post({ jws: `${h}.${changed}.${s}` })).json()).toMatchObject({ indication: 'TOTAL_FAILED', subIndication: 'SIG_CRYPTO_FAILURE' })
    const stranger = signReceiptFast({ caseId: 'TB-X' }, await ephemeralReceiptKey())
    expect(await (await post({ jws: stranger })).json()).toMatchObject({ indication: 'INDETERMINATE', subIndication: 'NO_SIGNING_CERTIFICATE_FOUND' })
  })

  it('refuses a body that is not {"jws": string}', async () => {
    expect((await post({ receipt: 'x' })).status).toBe(400)
    expect((await post('x'.repeat(70_000))).status).toBe(400)
  })
})

describe('sandbox demo windows', () => {
  let demo: SandboxDemo
  let verifier: TokenVerifier
  beforeAll(async () => {
    const pki = await testPki()
    const seed = sandboxSeed()
    demo = createSandboxDemo({ seed, compromised: (c) => compromisedLicenceIds(seed, c), identities: new Map([...pki.cities].map(([c, p]) => [c, p.identity])) })
    verifier = new TokenVerifier([...pki.cities.values()].map((c) => ({ region: c.code, issuer: c.identity.issuer, jwks: { keys: [c.identity.jwk as never] } })))
  })

  it('exist only when the gateway is given them (sandbox mode)', async () => {
    const plain = gateway({ assetsDir: builtPages() })
    expect((await plain('/sandbox/demo')).status).toBe(404)
    expect((await plain('/sandbox/demo-token', { method: 'POST', body: '{"window":"MS-DP-01"}' })).status).toBe(404)
  })

  it('lists a window per city, sample applicants and licences of every kind of verdict', async () => {
    const body = (await (await gateway({ demo })('/sandbox/demo')).json()) as { windows: { window: string; region: string }[]; licences: { expect: string }[]; applicants: { kind: string; licences: unknown[] }[]; token?: unknown }
    expect(body.windows.map((w) => w.region).sort()).toEqual(['510100', '510600', '511400', '512000'])
    expect(new Set(body.licences.map((l) => l.expect))).toEqual(new Set(['VALID', 'REVOKED', 'EXPIRED', 'SUSPENDED', 'KEY_REVOKED']))
    expect(body.applicants.map((a) => a.kind)).toEqual(['ENTERPRISE', 'PERSON'])
    expect(body.applicants.every((a) => a.licences.length > 0)).toBe(true)
    expect(body.token).toBeUndefined()
  })

  it('hands this origin\'s pages a window-clerk token the gateway accepts, and no one else', async () => {
    const post = (body: unknown, headers: Record<string, string> = {}) =>
      gateway({ demo })('/sandbox/demo-token', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) })
    const ok = await post({ window: 'DY-JY-02' }, { origin: 'http://gateway.test', 'sec-fetch-site': 'same-origin' })
    const { token } = (await ok.json()) as { token: string }
    expect(await verifier.verify(token)).toMatchObject({ role: 'window-clerk', region: '510600', window: 'DY-JY-02' })
    expect((await post({ window: 'DY-JY-02' }, { origin: 'https://evil.example' })).status).toBe(403)
    expect((await post({ window: 'DY-JY-02' }, { 'sec-fetch-site': 'cross-site' })).status).toBe(403)
    expect((await post({ window: 'ANY-WINDOW' })).status).toBe(400)
  })
})
