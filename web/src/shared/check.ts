import { getJson, gql } from './api.js'
import type { GqlError } from './error-text.js'
import { isReceipt, VERIFY_QUERY, type ReceiptPayload, type Report, type Verdict, type VerifyInput } from './model.js'

export type CheckOutcome = { verdict: Verdict; error?: undefined } | { verdict?: undefined; error: GqlError }

/**
 * Checks signed material the way both pages do: a gateway receipt (受理回执) against the
 * gateway's published key, anything else with verifyCertificate. A window clerk passes their
 * token, so a licence record comes back unmasked, and `receipts: false`, because a receipt is
 * no material: the gateway would check it as a certificate and refuse it.
 */
export async function check(input: VerifyInput, o: { token?: string | null; receipts?: boolean } = {}): Promise<CheckOutcome> {
  if (o.receipts !== false && input.jws && isReceipt(input.jws)) return checkReceipt(input.jws)
  const r = await gql<{ verifyCertificate: Verdict }>(VERIFY_QUERY, { input }, { token: o.token ?? null })
  if (r.data?.verifyCertificate) return { verdict: r.data.verifyCertificate }
  return { error: r.errors[0] ?? { message: 'no answer', extensions: { code: 'NETWORK' } } }
}

async function checkReceipt(jws: string): Promise<CheckOutcome> {
  const report = await getJson<Report & { payload?: ReceiptPayload }>('/verify/receipt', { jws })
  if (!report) return { error: { message: 'receipt check failed', extensions: { code: 'NETWORK' } } }
  const { payload, ...rest } = report
  return {
    verdict: {
      indication: report.indication,
      subIndication: report.subIndication ?? null,
      reason: report.reason,
      reports: [{ ...rest, format: 'RECEIPT' }],
      receipt: report.indication === 'TOTAL_PASSED' ? (payload ?? null) : null,
    },
  }
}
