/**
 * A city added while the gateway runs takes part in remote acceptance, not only in queries:
 * Ziyang's folder is added to a running gateway's configuration; a case accepted at a Meishan
 * window for a Ziyang enterprise is then delivered to Ziyang in its own schema, and Ziyang's
 * progress is picked up by polling (Ziyang cannot push) — all without a restart.
 */
import { cpSync, mkdtempSync, renameSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { creditCodeCheckChar } from '../../federation/index.js'
import { issueToken } from '../../gateway/auth/issue-token.js'
import type { RunningGateway } from '../../gateway/cli/start-gateway.js'
import { startSandbox, type SandboxPki } from '../../sandbox/index.js'
import { auditorToken, startDeployedGateway } from '../fixtures/deployed-gateway.js'
import { postGraphQL, testPki, type Sandbox } from '../fixtures/gateway-harness.js'
import { deploymentConfig } from '../fixtures/gateway-process.js'
import { until } from '../fixtures/until.js'

let pki: SandboxPki
let sandbox: Sandbox
let config: ReturnType<typeof deploymentConfig>
let running: RunningGateway
let auditor: string
let window: string
let ziyangFolder: string
const logs: string[] = []

beforeAll(async () => {
  pki = await testPki()
  sandbox = await startSandbox({ host: '127.0.0.1', pki })
  config = deploymentConfig(sandbox.endpoints, pki)
  // Ziyang is not part of the federation when the gateway starts.
  ziyangFolder = join(mkdtempSync(join(tmpdir(), 'tongban-ziyang-')), 'ziyang')
  renameSync(join(config.dir, 'ziyang'), ziyangFolder)
  running = await startDeployedGateway(config, logs)
  auditor = await auditorToken(pki)
  const idp = pki.cities.get('511400')!.identity
  window = await issueToken({ privateKey: idp.privateKey, kid: idp.kid, issuer: idp.issuer, subject: 'clerk', claim: { role: 'window-clerk', region: '511400', window: 'MS-RELOAD' } })
}, 60_000)
afterAll(async () => {
  await running?.stop()
  await sandbox?.close()
  config?.remove()
})

const REMOTE = 'query($id: ID!) { remoteCase(id: $id) { id state steps { region { code } state localId delivery { status } } } }'
const company = (() => {
  const body = '91512002MA6B77777'
  return body + creditCodeCheckChar(body)
})()

describe('a city added by a configuration reload', () => {
  it('receives remote cases and reports their progress, without a restart', async () => {
    const regions = async () => ((await postGraphQL<any>(running.url, '{ regions { code } }')).data?.regions ?? []).map((r: { code: string }) => r.code)
    expect(await regions()).toEqual(['510100', '510600', '511400'])

    cpSync(ziyangFolder, join(config.dir, 'ziyang'), { recursive: true })
    await until(async () => (await regions()).includes('512000'), 10_000)

    const submitted = await postGraphQL<any>(running.url, 'mutation($i: RemoteApplicationInput!) { submitRemoteApplication(input: $i) { case { id competentRegion { code } } } }', {
      i: {
        idempotencyKey: 'reload-ziyang-1',
        matterCode: 'TB-SCJG-002',
        mode: 'REMOTE_INTAKE',
        applicant: { kind: 'ENTERPRISE', name: '资阳雁江新城商贸有限公司', idNumber: company, facts: { enterpriseDomicile: '512002' } },
        materials: [{ name: '变更登记申请书', fileSha256: 'c'.repeat(64) }],
      },
    }, { authorization: `Bearer ${window}` })
    expect(submitted.errors).toBeUndefined()
    const c = submitted.data.submitRemoteApplication.case
    expect(c.competentRegion.code).toBe('512000')

    // Delivered to Ziyang, by the delivery loop the reload started.
    const ziyang = sandbox.cities.get('512000')!
    const received = await until(() => ziyang.intake.received().find((x) => x.gatewayCaseId === c.id), 10_000)
    const delivered = await until(async () => {
      const r = await postGraphQL<any>(running.url, REMOTE, { id: c.id }, { authorization: `Bearer ${window}` })
      return r.data?.remoteCase?.steps[0]?.delivery.status === 'DELIVERED' && r.data.remoteCase
    }, 10_000)
    expect(delivered.steps[0]).toMatchObject({ region: { code: '512000' }, localId: received.localId })

    // Ziyang cannot push: its progress arrives by the polling the reload scheduled.
    ziyang.intake.progress(c.id, 'ACCEPTED', '材料齐全')
    const accepted = await until(async () => {
      const r = await postGraphQL<any>(running.url, REMOTE, { id: c.id }, { authorization: `Bearer ${auditor}` })
      return r.data?.remoteCase?.state === 'ACCEPTED' && r.data.remoteCase
    }, 15_000)
    expect(accepted.steps[0].state).toBe('ACCEPTED')
  })
})
