import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Command } from 'commander'
import { registerVerifyCommand } from '../../gateway/cli/verify.js'
import { createSignedOfd } from '../../signing/index.js'
import { makePki, type Pki } from '../fixtures/pki.js'

let pki: Pki
let dir: string
beforeAll(() => {
  pki = makePki()
  dir = mkdtempSync(join(tmpdir(), 'tongban-cli-'))
  writeFileSync(join(dir, 'deyang.pem'), pki.deyangRoot.pem + pki.deyangMaker.pem)
  writeFileSync(join(dir, 'doc.ofd'), createSignedOfd({ seal: pki.seal(), signer: { certificate: pki.deyangSigner.pem, privateKey: pki.deyangSigner.privateKey } }))
  writeFileSync(join(dir, 'data.bin'), pki.data)
  writeFileSync(join(dir, 'licence.cms'), pki.cms(pki.meishanLeaf))
})
afterEach(() => { process.exitCode = undefined; vi.restoreAllMocks() })

async function run(...args: string[]): Promise<{ code: number | string | undefined; out: string }> {
  const lines: string[] = []
  vi.spyOn(console, 'log').mockImplementation((s: string) => { lines.push(s) })
  vi.spyOn(console, 'error').mockImplementation((s: string) => { lines.push(s) })
  const program = new Command()
  registerVerifyCommand(program)
  await program.parseAsync(['node', 'tongban', 'verify', ...args])
  return { code: process.exitCode, out: lines.join('\n') }
}

describe('tongban verify', () => {
  it('exit 0 and a bilingual report for a good OFD with a region anchor', async () => {
    const { code, out } = await run(join(dir, 'doc.ofd'), '--trust-anchor', `510600=${join(dir, 'deyang.pem')}`, '--offline')
    expect(code).toBe(0)
    expect(out).toContain('验证结果 Result')
    expect(out).toContain('TOTAL_PASSED')
  })
  it('exit 2 (INDETERMINATE) for an untrusted signer, with --json', async () => {
    const { code, out } = await run(join(dir, 'licence.cms'), '--data', join(dir, 'data.bin'), '--trust-anchor', join(dir, 'deyang.pem'), '--json', '--offline')
    expect(code).toBe(2)
    expect(JSON.parse(out).subIndication).toBe('NO_CERTIFICATE_CHAIN_FOUND')
  })
  it('exit 1 for tampered data, 64 for a missing file', async () => {
    writeFileSync(join(dir, 'bad.bin'), Buffer.concat([pki.data, Buffer.from('!')]))
    writeFileSync(join(dir, 'meishan.pem'), pki.meishanRoot.pem)
    expect((await run(join(dir, 'licence.cms'), '--data', join(dir, 'bad.bin'), '--trust-anchor', join(dir, 'meishan.pem'), '--offline')).code).toBe(1)
    expect((await run(join(dir, 'nope.ofd'), '--trust-anchor', join(dir, 'deyang.pem'))).code).toBe(64)
  })
})
