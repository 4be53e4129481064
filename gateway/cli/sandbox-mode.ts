import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Federation } from '../../federation/index.js'
import { compromisedLicenceIds, createMatterCatalogue, loadSandboxPki, MATTER_CATALOGUE_SDL, sandboxSeed, startSandbox, type SandboxPki } from '../../sandbox/index.js'
import type { SubgraphSource } from '../../federation/supergraph/index.js'
import { issueToken } from '../auth/issue-token.js'
import type { IdentityProvider } from '../auth/verify-token.js'
import type { TrustMaterial } from '../verification/trust-material.js'
import { createSandboxDemo, type SandboxDemo } from '../web/sandbox-demo.js'

export interface SandboxMode {
  endpoints: Record<string, string>
  trust: TrustMaterial
  identities: IdentityProvider[]
  pki: SandboxPki
  /** Where the trust list, provincial anchor and CRLs were written, for `tongban verify`. */
  trustDir: string
  /** Demo windows (tokens signed with these identity providers' keys) for the web pages. */
  demo: SandboxDemo
  /** Federation subgraphs of the province (the matter catalogue), joined with the canonical API. */
  subgraphs: SubgraphSource[]
  /** Once the gateway listens: cities configured to push report their cases' states to it. */
  connect(gatewayUrl: string, federation: Federation): Promise<void>
  close(): Promise<void>
}

/**
 * Sandbox mode: the four simulated cities, their signing material and identity providers.
 * The PKI (private keys included) is created once in the state directory — never committed —
 * so licences and tokens from yesterday still verify today. The trust list and CRLs are
 * re-signed at each start and written beside it for offline use with `tongban verify`.
 */
export async function startSandboxMode(options: { stateDir: string; stepMs: number; ports?: Record<string, number>; provincePort?: number }): Promise<SandboxMode> {
  const pki = await loadSandboxPki({ file: join(options.stateDir, 'sandbox-pki.json') })
  // The ports region-configs/ names (4101–4104), so the cities' URLs are the same every time;
  // free ports when those are taken (a second gateway, a test run).
  let sandbox: Awaited<ReturnType<typeof startSandbox>>
  try {
    sandbox = await startSandbox({ host: '127.0.0.1', pki, ports: options.ports ?? {} })
  } catch {
    sandbox = await startSandbox({ host: '127.0.0.1', pki })
  }
  // The province's matter catalogue subgraph, on 4105 like the cities' fixed ports, else a free one.
  let province = createMatterCatalogue({ host: '127.0.0.1', port: options.provincePort ?? 4105 })
  try {
    await province.start()
  } catch {
    province = createMatterCatalogue({ host: '127.0.0.1' })
    await province.start()
  }
  const trustDir = join(options.stateDir, 'sandbox-trust')
  mkdirSync(trustDir, { recursive: true })
  writeFileSync(join(trustDir, 'trust-list.jws'), pki.trustList)
  writeFileSync(join(trustDir, 'provincial-root.pem'), pki.province.certificate)
  for (const c of pki.cities.values()) writeFileSync(join(trustDir, `${c.code}.crl.pem`), c.crl)
  return {
    endpoints: sandbox.endpoints,
    trust: { trustList: { jws: pki.trustList, anchor: pki.province.certificate }, crls: [...pki.cities.values()].map((c) => c.crl) },
    identities: [
      ...[...pki.cities.values()].map((c) => ({ region: c.code, issuer: c.identity.issuer, jwks: { keys: [c.identity.jwk as never] } })),
      { region: pki.provinceIdentity.code, issuer: pki.provinceIdentity.issuer, jwks: { keys: [pki.provinceIdentity.jwk as never] }, province: true },
    ],
    pki,
    trustDir,
    demo: createSandboxDemo({ seed: sandboxSeed(), compromised: (code) => compromisedLicenceIds(sandboxSeed(), code), identities: new Map([...pki.cities].map(([code, c]) => [code, c.identity])) }),
    async connect(gatewayUrl, federation) {
      for (const [code, city] of sandbox.cities) {
        if (options.stepMs > 0) city.intake.setAutoProgress({ stepMs: options.stepMs, refuseEvery: 10 })
        if (federation.runtimes.get(code)?.config.statusUpdates?.mode !== 'push') continue
        const idp = pki.cities.get(code)!.identity
        const token = await issueToken({ privateKey: idp.privateKey, kid: idp.kid, issuer: idp.issuer, subject: `platform:${code}`, claim: { role: 'city-platform', region: code }, ttlSeconds: 30 * 86400 })
        city.intake.setStatusPush({ url: gatewayUrl, token })
      }
    },
    subgraphs: [{ name: 'province', url: province.url, sdl: MATTER_CATALOGUE_SDL }],
    close: async () => {
      await Promise.all([sandbox.close(), province.close()])
    },
  }
}
