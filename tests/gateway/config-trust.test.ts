import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ConfigError, loadFederationConfig } from '../../federation/index.js'
import { createLicenceSigner } from '../../sandbox/pki/licence-signer.js'
import { sandboxSeed } from '../../sandbox/index.js'
import { createGatewayTrust, trustFromConfig } from '../../gateway/verification/trust-material.js'
import { copyConfigs } from '../fixtures/config-dir.js'
import { testPki } from '../fixtures/gateway-harness.js'

/** Trust anchors declared in region-configs/<city>/region.yaml, as a real deployment does. */
describe('trust declared in region configuration', () => {
  let copy: ReturnType<typeof copyConfigs> | undefined
  afterEach(() => copy?.remove())

  async function withDeyangTrust(section: string) {
    const pki = await testPki()
    const dy = pki.cities.get('510600')!
    copy = copyConfigs()
    const folder = join(copy.dir, 'deyang', 'trust')
    mkdirSync(folder)
    writeFileSync(join(folder, 'ca.pem'), dy.ca.certificate)
    writeFileSync(join(folder, 'seal-maker.pem'), dy.sealMaker.certificate)
    writeFileSync(join(folder, 'jwks.json'), JSON.stringify({ keys: [dy.jws.jwk] }))
    writeFileSync(join(folder, 'ca.crl'), dy.crl)
    copy.edit('deyang/region.yaml', '\noperations:\n', `\n${section}\noperations:\n`)
    return pki
  }

  it('loads the anchors and verifies that region\'s licences with them, and only those', async () => {
    const pki = await withDeyangTrust(
      'trust:\n  authority: 德阳市政务服务和大数据管理局\n  caCertificates: [trust/ca.pem]\n  sealMakers: [trust/seal-maker.pem]\n  jwks: trust/jwks.json\n  crls: [trust/ca.crl]',
    )
    const config = loadFederationConfig(copy!.dir)
    const material = trustFromConfig(config)
    expect(material.anchors?.map((a) => a.region)).toEqual(['510600'])
    const trust = (await createGatewayTrust(material))!
    const seed = sandboxSeed()
    const sign = (code: string) => createLicenceSigner(pki.cities.get(code)!, { compromised: new Set(), ofd: false }).sign(seed.cities[code]!.licences[0]!)
    const dy = await sign('510600')
    const cd = await sign('510100')
    const data = (s: typeof dy) => Buffer.from(s.data, 'base64')
    expect((await trust.verifier.verify({ seal: Buffer.from(dy.seal, 'base64'), data: data(dy) })).indication).toBe('TOTAL_PASSED')
    expect((await trust.verifier.verify({ jws: dy.jws })).indication).toBe('TOTAL_PASSED')
    expect((await trust.verifier.verify({ cms: Buffer.from(cd.cms, 'base64'), data: data(cd) })).subIndication).toBe('NO_CERTIFICATE_CHAIN_FOUND')
  })

  it('stops start-up when a declared file is missing or holds no certificate', async () => {
    await withDeyangTrust('trust:\n  authority: 德阳\n  caCertificates: [trust/missing.pem]\n  sealMakers: [trust/jwks.json]')
    try {
      loadFederationConfig(copy!.dir)
      expect.unreachable()
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError)
      const problems = (err as ConfigError).problems.map((p) => `${p.path}: ${p.message}`)
      expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(/trust.caCertificates.0: cannot read trust\/missing.pem/), expect.stringMatching(/trust.sealMakers.0: .* holds no PEM certificate/)]))
    }
  })
})
