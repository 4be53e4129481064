import type { Harness } from '../fixtures/gateway-harness.js'

/**
 * A Meishan window accepts the README's sample application (a Chengdu business licence), with
 * a fresh idempotency key; answers the new case's id.
 */
export async function submitSampleApplication(h: Harness, key: string): Promise<string> {
  const token = await h.token({ region: '511400', window: 'MS-DP-01' })
  const r = await h.as<any>(token, `mutation($input: RemoteApplicationInput!) { submitRemoteApplication(input: $input) { case { id } } }`, {
    input: {
      idempotencyKey: `${key}-${Date.now()}`,
      matterCode: 'TB-SCJG-001',
      mode: 'REMOTE_INTAKE',
      applicant: { kind: 'ENTERPRISE', name: '成都锦程商贸有限公司', idNumber: '91510107MA6CD0001J', facts: { enterpriseDomicile: '510107' } },
      materials: [{ name: '公司登记申请书', fileSha256: 'c'.repeat(64) }],
    },
  })
  if (r.errors) throw new Error(`submission refused: ${JSON.stringify(r.errors)}`)
  return r.data.submitRemoteApplication.case.id as string
}

export { until } from '../fixtures/until.js'
