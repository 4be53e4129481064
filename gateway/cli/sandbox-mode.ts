import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { loadSandboxPki, startSandbox } from '../../sandbox/index.js'
import type { TrustMaterial } from '../verification/trust-material.js'
import { packageRoot } from './package-root.js'

export interface SandboxMode {
  endpoints: Record<string, string>
  trust: TrustMaterial
  /** Where the trust list, provincial anchor and CRLs were written, for `tongban verify`. */
  trustDir: string
  close(): Promise<void>
}

/**
 * Sandbox mode: the four simulated cities and their signing material. The PKI (private keys
 * included) is created once in `.tongban/` at the package root — never committed — so licences
 * downloaded yesterday still verify today. The trust list and CRLs are re-signed at each start
 * and written beside it for offline use with `tongban verify`.
 */
export async function startSandboxMode(options: { stateDir?: string } = {}): Promise<SandboxMode> {
  const stateDir = options.stateDir ?? process.env.TONGBAN_STATE_DIR ?? join(packageRoot(), '.tongban')
  const pki = await loadSandboxPki({ file: join(stateDir, 'sandbox-pki.json') })
  const sandbox = await startSandbox({ host: '127.0.0.1', pki })
  const trustDir = join(stateDir, 'sandbox-trust')
  mkdirSync(trustDir, { recursive: true })
  writeFileSync(join(trustDir, 'trust-list.jws'), pki.trustList)
  writeFileSync(join(trustDir, 'provincial-root.pem'), pki.province.certificate)
  const crls = [...pki.cities.values()].map((c) => c.crl)
  for (const c of pki.cities.values()) writeFileSync(join(trustDir, `${c.code}.crl.pem`), c.crl)
  return {
    endpoints: sandbox.endpoints,
    trust: { trustList: { jws: pki.trustList, anchor: pki.province.certificate }, crls },
    trustDir,
    close: () => sandbox.close(),
  }
}
